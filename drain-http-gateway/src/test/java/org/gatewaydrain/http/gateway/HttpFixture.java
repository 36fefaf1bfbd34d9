package org.gatewaydrain.http.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.gatewaydrain.core.GatewayState;
import org.gatewaydrain.core.spi.DrainTransport;
import org.gatewaydrain.core.spi.TransportSettings;
import org.gatewaydrain.http.DrainHttpServer;
import org.gatewaydrain.http.HttpLimits;
import org.gatewaydrain.http.Json;
import org.gatewaydrain.http.Scope;
import org.gatewaydrain.http.TokenAuthenticator;
import org.gatewaydrain.http.TokenGrant;
import org.gatewaydrain.http.Tokens;
import org.gatewaydrain.runtime.Gateway;
import org.gatewaydrain.runtime.RuntimeSettings;
import org.gatewaydrain.transport.file.FileDrainChannel;
import org.gatewaydrain.transport.file.FileTransportProvider;

/**
 * A real gateway on the file transport in a temporary home, served over HTTP on a free
 * loopback port, with four tokens: {@link #ADMIN} (every scope, internal included),
 * {@link #READER} (status), {@link #SENDER} (ingress) and {@link #OPERATOR} (drain, status,
 * ingress: what a shared secret carries). Turns are steered by {@link #turns}. Closing stops
 * the server, the gateway and the transport.
 */
final class HttpFixture implements AutoCloseable {

    static final String ADMIN = "admin-token-0123456789abcdefghijklmnop";
    static final String READER = "reader-token-0123456789abcdefghijklmno";
    static final String SENDER = "sender-token-0123456789abcdefghijklmno";
    static final String OPERATOR = "operator-token-0123456789abcdefghijklm";

    final Path home;
    final Path marker;
    final TestTurns turns = new TestTurns();
    final DrainTransport transport;
    final Gateway gateway;
    final DrainHttpServer server;
    /** One client for every fixture: the JDK's client cannot be closed on Java 17, so tests do not make one each. */
    private static final HttpClient SHARED = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    final HttpClient client = SHARED;

    HttpFixture(Path home) {
        this(home, HttpLimits.DEFAULTS);
    }

    HttpFixture(Path home, HttpLimits limits) {
        this.home = home;
        this.marker = home.resolve(FileDrainChannel.MARKER_FILE);
        transport = new FileTransportProvider().open(TransportSettings.builder().home(home).build());
        gateway = Gateway.builder().transport(transport).turnHandler(turns).instanceId("http-fixture")
                .settings(RuntimeSettings.DEFAULTS.withDrainTimeout(Duration.ofSeconds(5))).start();
        server = DrainHttpServer.start(GatewayHttp.routes(gateway, transport).authenticator(authenticator())
                .limits(limits).build(), "127.0.0.1", 0);
    }

    static TokenAuthenticator authenticator() {
        return TokenAuthenticator.of(List.of(
                new TokenGrant("admin", Tokens.sha256(ADMIN), EnumSet.allOf(Scope.class)),
                new TokenGrant("reader", Tokens.sha256(READER), Set.of(Scope.STATUS)),
                new TokenGrant("sender", Tokens.sha256(SENDER), EnumSet.of(Scope.INGRESS)),
                TokenGrant.sharedSecret("operator", OPERATOR)));
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }

    HttpResponse<String> get(String path, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(60)).GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return send(request.build());
    }

    HttpResponse<String> postJson(String path, String token, String json) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return send(request.build());
    }

    HttpResponse<String> send(HttpRequest request) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Posts a drain and waits until the gateway shows draining (the answer's 2 s confirmation is not relied on). */
    HttpResponse<String> drainAndAwait(String json) {
        HttpResponse<String> response = postJson("/api/gateway/drain", ADMIN, json);
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> gateway.status().state() == GatewayState.DRAINING);
        return response;
    }

    static JsonNode json(HttpResponse<String> response) {
        try {
            return Json.MAPPER.readTree(response.body());
        } catch (IOException e) {
            throw new AssertionError("Not JSON: " + response.body(), e);
        }
    }

    /** @return the marker's bytes, or null when there is none */
    byte[] markerBytes() {
        try {
            return Files.exists(marker) ? Files.readAllBytes(marker) : null;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.close();
        gateway.shutdown(Duration.ZERO, "test over");
        transport.close();
    }
}
