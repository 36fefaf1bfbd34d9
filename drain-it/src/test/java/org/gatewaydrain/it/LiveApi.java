package org.gatewaydrain.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/** Plain HTTP to a live gateway, as an operator's tool would send it; loopback only. */
final class LiveApi {

    static final ObjectMapper JSON = new ObjectMapper();

    private final String base;
    private final String token;
    /** One client for every test: the JDK's client cannot be closed on Java 17, so tests do not make one each. */
    static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final HttpClient client = CLIENT;

    LiveApi(String base, String token) {
        this.base = base;
        this.token = token;
    }

    /** @return a client using the token the gateway generated into its home */
    static LiveApi of(GatewayProcess gateway, Path home) throws IOException {
        return new LiveApi(gateway.url(), Files.readString(home.resolve("drain-token")).strip());
    }

    HttpResponse<String> get(String path) {
        return send(request(path).GET().build());
    }

    CompletableFuture<HttpResponse<String>> getAsync(String path) {
        return client.sendAsync(request(path).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String path, String json) {
        return send(request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    CompletableFuture<HttpResponse<String>> postAsync(String path, String json) {
        return client.sendAsync(request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    JsonNode status() {
        return json(get("/api/gateway/status"));
    }

    HttpResponse<String> drain(String reason) {
        return post("/api/gateway/drain", "{\"action\":\"drain\",\"reason\":\"" + reason + "\"}");
    }

    HttpResponse<String> cancel() {
        return post("/api/gateway/drain", "{\"action\":\"cancel\"}");
    }

    CompletableFuture<HttpResponse<String>> turn(String session, long delayMillis) {
        return postAsync("/api/messages", "{\"session\":\"" + session + "\",\"text\":\"work " + session
                + "\",\"delay_ms\":" + delayMillis + "}");
    }

    static JsonNode json(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new AssertionError("Not JSON (" + response.statusCode() + "): " + response.body(), e);
        }
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(90))
                .header("Authorization", "Bearer " + token);
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException("Request to " + request.uri() + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
