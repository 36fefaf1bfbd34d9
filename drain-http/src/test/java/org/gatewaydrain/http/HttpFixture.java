package org.gatewaydrain.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.inject.Guice;
import com.google.inject.Injector;
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
import org.gatewaydrain.core.spi.DrainControlChannel;
import org.gatewaydrain.runtime.FileTransportModule;
import org.gatewaydrain.runtime.Gateway;
import org.gatewaydrain.runtime.GatewayRuntimeModule;
import org.gatewaydrain.runtime.RuntimeSettings;
import org.gatewaydrain.transport.file.FileDrainChannel;

/**
 * A real gateway on the file transport in a temporary home, served over HTTP on a free
 * loopback port, with three tokens: {@link #ADMIN} (every scope), {@link #READER} (status)
 * and {@link #SENDER} (ingress). Closing stops the server and the gateway.
 */
final class HttpFixture implements AutoCloseable {

    static final String ADMIN = "admin-token-0123456789abcdefghijklmnop";
    static final String READER = "reader-token-0123456789abcdefghijklmno";
    static final String SENDER = "sender-token-0123456789abcdefghijklmno";

    final Path home;
    final Path marker;
    final Gateway gateway;
    final DrainControlChannel channel;
    final DrainHttpServer server;
    final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    HttpFixture(Path home) {
        this.home = home;
        this.marker = home.resolve(FileDrainChannel.MARKER_FILE);
        Injector injector = Guice.createInjector(
                new GatewayRuntimeModule(RuntimeSettings.DEFAULTS.withDemoTurnDelay(Duration.ofMillis(50))
                        .withDrainTimeout(Duration.ofSeconds(5))),
                new FileTransportModule(home, FileDrainChannel.DEFAULT_MAX_AGE));
        gateway = injector.getInstance(Gateway.class);
        channel = injector.getInstance(DrainControlChannel.class);
        gateway.start();
        server = DrainHttpServer.builder()
                .channel(channel)
                .status(StatusSource.of(gateway))
                .gateway(gateway)
                .authenticator(authenticator())
                .port(0)
                .start();
    }

    static TokenAuthenticator authenticator() {
        return TokenAuthenticator.of(List.of(
                TokenGrant.allScopes("admin", ADMIN),
                new TokenGrant("reader", Tokens.sha256(READER), Set.of(Scope.STATUS)),
                new TokenGrant("sender", Tokens.sha256(SENDER), EnumSet.of(Scope.INGRESS))));
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
        channel.close();
    }
}
