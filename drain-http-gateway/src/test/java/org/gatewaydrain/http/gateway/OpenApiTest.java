package org.gatewaydrain.http.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.time.Instant;
import org.gatewaydrain.core.rollout.MaxDraining;
import org.gatewaydrain.core.rollout.Rollout;
import org.gatewaydrain.core.rollout.RolloutReading;
import org.gatewaydrain.http.FakeRolloutLedger;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.gatewaydrain.core.FleetReading;
import org.gatewaydrain.core.GatewayState;
import org.gatewaydrain.core.StatusReading;
import org.gatewaydrain.http.HttpLimits;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /openapi.json} against the server itself: it is the document kept in {@code docs/};
 * every route the server serves is described and every described route is served; and every
 * status a route answers to a battery of requests (no token, a token without the scope,
 * malformed and oversized bodies, a wrong media type, the states that refuse) is described,
 * while every described status is answered by at least one of them, but for the few listed
 * with the reason no request here can provoke them.
 */
class OpenApiTest {

    /** Described statuses no request of this test provokes, and why. */
    private static final Map<String, Set<Integer>> NOT_PROVOKED = Map.of(
            // An unexpected failure inside the server: nothing a client sends causes it.
            "POST /api/gateway/drain", Set.of(500),
            "GET /api/gateway/status", Set.of(500),
            "GET /api/gateway/events", Set.of(500),
            "GET /api/fleet/status", Set.of(500),
            "GET /api/fleet/rollout", Set.of(500),
            // The agent's five minutes.
            "POST /api/messages", Set.of(504),
            // A token is only asked for away from loopback, and these tests talk to loopback only.
            "GET /metrics", Set.of(401, 403));

    @TempDir
    Path home;

    private HttpFixture http;
    private final Map<String, Set<Integer>> answered = new TreeMap<>();

    @BeforeEach
    void start() {
        // One event stream and one long-poll per principal, so their caps are reached at once.
        http = new HttpFixture(home, new HttpLimits(64, 1, 256, 1, 1024, 256));
    }

    @AfterEach
    void stop() {
        http.close();
    }

    private JsonNode description() {
        HttpResponse<String> response = http.get("/openapi.json", null);
        assertThat(response.statusCode()).isEqualTo(200);
        return HttpFixture.json(response);
    }

    @Test
    void theDescriptionServed_isOpenApi31_andTheOneInTheDocs() throws Exception {
        HttpResponse<String> served = http.get("/openapi.json", null);

        assertThat(served.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        assertThat(HttpFixture.json(served).path("openapi").asText()).isEqualTo("3.1.0");
        assertThat(served.body()).isEqualTo(Files.readString(Path.of("..", "docs", "openapi.json")));
    }

    @Test
    void everyServedRoute_isDescribed_andEveryDescribedRouteServed() {
        assertThat(new TreeSet<>(http.server.endpoints())).isEqualTo(new TreeSet<>(described().keySet()));
    }

    @Test
    void everyStatusAnswered_isDescribed_andEveryDescribedStatusAnswered() throws Exception {
        probeIndex();
        probeDrain();
        probeStatus();
        probeEvents();
        probeFleet();
        probeRollout();
        probeMessages();
        probeHealthAndTheRest();

        Map<String, Set<Integer>> described = described();
        for (Map.Entry<String, Set<Integer>> route : described.entrySet()) {
            Set<Integer> seen = answered.getOrDefault(route.getKey(), Set.of());
            assertThat(route.getValue()).as("statuses described for %s", route.getKey()).containsAll(seen);
            Set<Integer> expected = new TreeSet<>(route.getValue());
            expected.removeAll(NOT_PROVOKED.getOrDefault(route.getKey(), Set.of()));
            assertThat(seen).as("statuses %s answered (described: %s)", route.getKey(), route.getValue())
                    .containsAll(expected);
        }
    }

    @Test
    void aListedRouteAskedWithAnotherMethod_is405_namingItsMethods() {
        for (String path : List.of("/api/gateway/drain", "/api/gateway/status", "/health/ready")) {
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(http.uri(path)).timeout(Duration.ofSeconds(10))
                    .header("Authorization", "Bearer " + HttpFixture.ADMIN).method("DELETE", HttpRequest.BodyPublishers.noBody())
                    .build());

            assertThat(answer.statusCode()).as("DELETE %s", path).isEqualTo(405);
            assertThat(HttpFixture.json(answer).path("error").asText()).isEqualTo("method_not_allowed");
            assertThat(answer.headers().firstValue("Allow")).as("Allow of %s", path).isPresent();
        }
        assertThat(http.send(HttpRequest.newBuilder(http.uri("/api/gateway/status")).timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + HttpFixture.ADMIN).POST(HttpRequest.BodyPublishers.noBody()).build())
                .headers().firstValue("Allow")).hasValueSatisfying(allow -> assertThat(allow).contains("GET"));
        assertThat(http.get("/no/such/route", HttpFixture.ADMIN).statusCode()).isEqualTo(404);
    }

    /** @return {@code "POST /api/gateway/drain"} → its described status codes */
    private Map<String, Set<Integer>> described() {
        Map<String, Set<Integer>> operations = new TreeMap<>();
        JsonNode paths = description().path("paths");
        for (Iterator<Map.Entry<String, JsonNode>> p = paths.fields(); p.hasNext();) {
            Map.Entry<String, JsonNode> path = p.next();
            for (Iterator<Map.Entry<String, JsonNode>> o = path.getValue().fields(); o.hasNext();) {
                Map.Entry<String, JsonNode> operation = o.next();
                Set<Integer> codes = new TreeSet<>();
                operation.getValue().path("responses").fieldNames().forEachRemaining(code -> codes.add(Integer.parseInt(code)));
                operations.put(operation.getKey().toUpperCase(java.util.Locale.ROOT) + " " + path.getKey(), codes);
            }
        }
        return operations;
    }

    private void saw(String route, HttpResponse<?> response) {
        answered.computeIfAbsent(route, r -> new TreeSet<>()).add(response.statusCode());
    }

    private HttpResponse<String> post(String path, String token, String contentType, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(http.uri(path)).timeout(Duration.ofSeconds(60))
                .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build());
    }

    /** The requests every body-taking route gets: no token, no scope, malformed, not JSON, too large. */
    private void probeBody(String route, String path, String scopeless, String allowed) {
        saw(route, post(path, null, "application/json", "{}"));
        saw(route, post(path, scopeless, "application/json", "{}"));
        saw(route, post(path, allowed, "application/json", "{"));
        saw(route, post(path, allowed, "text/plain", "{}"));
        saw(route, post(path, allowed, "application/json", "{\"reason\":\"" + "x".repeat(17 * 1024) + "\"}"));
    }

    private void probeIndex() {
        String route = "GET /api";
        saw(route, http.get("/api", null));
        saw(route, http.get("/api", HttpFixture.SENDER));
        HttpResponse<String> offered = http.get("/api", HttpFixture.READER);
        saw(route, offered);
        assertThat(HttpFixture.json(offered).path("fleet").asBoolean()).as("the file transport keeps no fleet").isFalse();
    }

    private void probeDrain() throws Exception {
        String route = "POST /api/gateway/drain";
        probeBody(route, "/api/gateway/drain", HttpFixture.READER, HttpFixture.ADMIN);
        saw(route, http.postJson("/api/gateway/drain", HttpFixture.ADMIN, "{\"action\":\"cancel\"}"));
        // A folder where the marker goes: the channel cannot be written.
        Files.createDirectory(http.marker);
        saw(route, http.postJson("/api/gateway/drain", HttpFixture.ADMIN, "{}"));
        Files.delete(http.marker);
    }

    private void probeStatus() throws Exception {
        String route = "GET /api/gateway/status";
        saw(route, http.get("/api/gateway/status", null));
        saw(route, http.get("/api/gateway/status", HttpFixture.SENDER));
        saw(route, http.get("/api/gateway/status?wait=bogus", HttpFixture.ADMIN));
        saw(route, http.get("/api/gateway/status", HttpFixture.ADMIN));
        // The one long-poll the principal may have, then one more.
        CompletableFuture<HttpResponse<String>> holding = http.client.sendAsync(HttpRequest.newBuilder(
                        http.uri("/api/gateway/status?wait=quiesced&timeout=20s"))
                .header("Authorization", "Bearer " + HttpFixture.READER).build(), HttpResponse.BodyHandlers.ofString());
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            HttpResponse<String> second = http.get("/api/gateway/status?wait=quiesced&timeout=1s", HttpFixture.READER);
            saw(route, second);
            return second.statusCode() == 429;
        });
        http.drainAndAwait("{}");
        saw(route, holding.get(30, TimeUnit.SECONDS));
        http.postJson("/api/gateway/drain", HttpFixture.ADMIN, "{\"action\":\"cancel\"}");
        // A control plane before any gateway published a status.
        try (ControlPlaneFixture empty = new ControlPlaneFixture(home.resolveSibling(home.getFileName() + "-empty"), Optional.empty())) {
            saw(route, http.send(HttpRequest.newBuilder(empty.uri("/api/gateway/status"))
                    .header("Authorization", "Bearer " + HttpFixture.ADMIN).build()));
        }
    }

    private void probeEvents() throws Exception {
        String route = "GET /api/gateway/events";
        saw(route, http.get("/api/gateway/events", null));
        saw(route, http.get("/api/gateway/events", HttpFixture.SENDER));
        // Without Accept: text/event-stream, no stream: a 406 that takes no place (the one place is taken below).
        saw(route, http.get("/api/gateway/events", HttpFixture.READER));
        HttpRequest stream = HttpRequest.newBuilder(http.uri("/api/gateway/events"))
                .header("Authorization", "Bearer " + HttpFixture.READER).header("Accept", "text/event-stream").build();
        HttpResponse<InputStream> open = http.client.send(stream, HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream body = open.body()) {
            saw(route, open);
            saw(route, http.send(stream));
        }
    }

    private void probeFleet() throws Exception {
        String route = "GET /api/fleet/status";
        saw(route, http.get("/api/fleet/status", null));
        saw(route, http.get("/api/fleet/status", HttpFixture.SENDER));
        saw(route, http.get("/api/fleet/status", HttpFixture.READER));
        // The same route over a store that keeps a fleet: readable, then not.
        AtomicReference<FleetReading> fleet = new AtomicReference<>(new FleetReading.Instances(List.of(
                new StatusReading.Published(http.gateway.status(), true))));
        try (ControlPlaneFixture plane = new ControlPlaneFixture(home.resolveSibling(home.getFileName() + "-fleet"), Optional.of(fleet::get))) {
            HttpRequest request = HttpRequest.newBuilder(plane.uri("/api/fleet/status"))
                    .header("Authorization", "Bearer " + HttpFixture.ADMIN).build();
            saw(route, http.send(request));
            fleet.set(new FleetReading.Unknown("the coordinator is away"));
            saw(route, http.send(request));
        }
    }

    private void probeRollout() throws Exception {
        String route = "GET /api/fleet/rollout";
        saw(route, http.get("/api/fleet/rollout", null));
        saw(route, http.get("/api/fleet/rollout", HttpFixture.SENDER));
        saw(route, http.get("/api/fleet/rollout", HttpFixture.READER));
        // Over a fleet's ledger: a rollout recorded, then the ledger out of reach.
        FakeRolloutLedger ledger = new FakeRolloutLedger();
        Instant now = Instant.parse("2026-11-28T10:00:00Z");
        ledger.show(Rollout.start("r-1", "patch", "ops", MaxDraining.ONE, List.of("gw-1"), now), Optional.empty());
        try (ControlPlaneFixture plane = new ControlPlaneFixture(home.resolveSibling(home.getFileName() + "-rollout"),
                Optional.empty(), Optional.of(ledger))) {
            HttpRequest request = HttpRequest.newBuilder(plane.uri("/api/fleet/rollout"))
                    .header("Authorization", "Bearer " + HttpFixture.ADMIN).build();
            HttpResponse<String> shown = http.send(request);
            assertThat(HttpFixture.json(shown).path("rollout").path("pending").toString()).isEqualTo("[\"gw-1\"]");
            saw(route, shown);
            ledger.set(new RolloutReading.Unknown("the coordinator is away"));
            saw(route, http.send(request));
        }
    }

    private void probeMessages() throws Exception {
        String route = "POST /api/messages";
        probeBody(route, "/api/messages", HttpFixture.READER, HttpFixture.SENDER);
        saw(route, http.postJson("/api/messages", HttpFixture.SENDER, "{\"text\":\"no session\"}"));
        saw(route, http.postJson("/api/messages", HttpFixture.SENDER, "{\"session\":\"a\",\"text\":\"hi\"}"));
        saw(route, http.postJson("/api/messages", HttpFixture.SENDER, "{\"session\":\"a\",\"text\":\"fail: on purpose\"}"));
        http.turns.hold("held");
        CompletableFuture<HttpResponse<String>> held = http.client.sendAsync(HttpRequest.newBuilder(http.uri("/api/messages"))
                .header("Authorization", "Bearer " + HttpFixture.SENDER).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"session\":\"held\",\"text\":\"first\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        await().atMost(Duration.ofSeconds(10)).until(() -> http.gateway.status().activeTurns() == 1);
        saw(route, http.postJson("/api/messages", HttpFixture.SENDER, "{\"session\":\"held\",\"text\":\"second\"}"));
        http.turns.release("held");
        saw(route, held.get(30, TimeUnit.SECONDS));
        http.drainAndAwait("{}");
        saw(route, http.postJson("/api/messages", HttpFixture.SENDER, "{\"session\":\"b\",\"text\":\"hi\"}"));
        saw("GET /health/ready", http.get("/health/ready", null));
        http.postJson("/api/gateway/drain", HttpFixture.ADMIN, "{\"action\":\"cancel\"}");
        await().atMost(Duration.ofSeconds(10)).until(() -> http.gateway.status().state() == GatewayState.RUNNING);
    }

    private void probeHealthAndTheRest() {
        for (String path : List.of("/health/live", "/health/ready", "/metrics", "/openapi.json", "/", "/dashboard/app.js",
                "/dashboard/style.css", "/dashboard/icon.svg", "/favicon.ico")) {
            saw("GET " + path, http.get(path, null));
        }
    }
}
