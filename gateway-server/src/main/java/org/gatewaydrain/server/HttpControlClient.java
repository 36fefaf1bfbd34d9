package org.gatewaydrain.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import org.gatewaydrain.core.DrainControlException;
import org.gatewaydrain.core.DrainTarget;
import org.gatewaydrain.core.spi.WireFormat;
import org.gatewaydrain.http.DrainControl;
import org.gatewaydrain.http.Json;

/** The CLI over a server's HTTP API ({@code --url}), sending a bearer token. */
final class HttpControlClient implements ControlClient {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final URI base;
    private final String token;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    HttpControlClient(URI base, String token) {
        String text = base.toString();
        this.base = URI.create(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
        this.token = token;
    }

    @Override
    public DrainAnswer drain(String principal, DrainControl.DrainOrder order) {
        ObjectNode body = Json.MAPPER.createObjectNode().put("action", "drain");
        order.reason().ifPresent(reason -> body.put("reason", reason));
        order.ttl().ifPresent(ttl -> body.put("ttl_seconds", Math.max(1, ttl.toSeconds())));
        if (order.suppressNotification()) {
            body.put("suppress_notification", true);
        }
        target(body, order.target());
        JsonNode answer = expectOk(post(body));
        return new DrainAnswer(answer.path("principal").asText(),
                WireFormat.parseInstant(answer.path("requested_at").asText()).orElseThrow(() -> new DrainControlException(
                        base + " answered a drain without a readable requested_at.")),
                answer.path("draining").asBoolean(),
                Optional.ofNullable(answer.get("ignored")).map(JsonNode::asText));
    }

    @Override
    public boolean cancel(DrainTarget target) {
        ObjectNode body = Json.MAPPER.createObjectNode().put("action", "cancel");
        target(body, target);
        return expectOk(post(body)).path("was_draining").asBoolean();
    }

    @Override
    public Optional<JsonNode> fleet() {
        HttpResponse<String> response = send(request("/api/fleet/status").GET().build());
        if (response.statusCode() == 404 && parse(response).path("error").asText().equals("not_a_fleet")) {
            return Optional.empty();
        }
        return Optional.of(expectOk(response));
    }

    private static void target(ObjectNode body, DrainTarget target) {
        if (!target.scope().isEmpty()) {
            body.put("scope", target.scope());
        }
        if (target instanceof DrainTarget.Instance instance) {
            body.put("instance_id", instance.id());
        }
    }

    @Override
    public Optional<JsonNode> status() {
        HttpResponse<String> response = send(request("/api/gateway/status").GET().build());
        if (response.statusCode() == 503 && parse(response).path("error").asText().equals("no_status")) {
            return Optional.empty();
        }
        return Optional.of(expectOk(response));
    }

    @Override
    public String where() {
        return base.toString();
    }

    @Override
    public void close() {
        // The JDK client holds no resources that outlive the process' use of it.
    }

    private HttpResponse<String> post(JsonNode body) {
        return send(request("/api/gateway/drain").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build());
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(base + path)).timeout(TIMEOUT)
                .header("Authorization", "Bearer " + token);
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new DrainControlException("Cannot reach " + base + ": " + e.getMessage()
                    + ". Is the server running, and is --url right?", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DrainControlException("Interrupted while waiting for " + base, e);
        }
    }

    private JsonNode expectOk(HttpResponse<String> response) {
        JsonNode body = parse(response);
        if (response.statusCode() != 200) {
            throw new DrainControlException(base + " answered " + response.statusCode() + " "
                    + body.path("error").asText("") + ": " + body.path("detail").asText(response.body()));
        }
        return body;
    }

    private static JsonNode parse(HttpResponse<String> response) {
        try {
            return Json.MAPPER.readTree(response.body());
        } catch (IOException e) {
            return Json.MAPPER.createObjectNode();
        }
    }
}
