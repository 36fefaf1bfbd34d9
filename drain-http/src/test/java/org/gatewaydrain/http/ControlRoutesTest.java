package org.gatewaydrain.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.Javalin;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.time.Instant;
import org.gatewaydrain.client.TransportFeed;
import org.gatewaydrain.core.rollout.MaxDraining;
import org.gatewaydrain.core.rollout.Rollout;
import org.gatewaydrain.core.rollout.RolloutHolder;
import org.gatewaydrain.core.rollout.RolloutReading;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.gatewaydrain.core.spi.DrainTransport;
import org.gatewaydrain.core.spi.TransportSettings;
import org.gatewaydrain.transport.memory.InMemoryStatusStore;
import org.gatewaydrain.transport.memory.MemoryTransportProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The control routes on their own, as {@code gateway control-plane} serves them: over a
 * channel and a polled status, with a stand-in gateway publishing that status. Slow and many
 * clients, heartbeats, and mounting the routes into someone else's app.
 */
class ControlRoutesTest {

    private static final String ADMIN = "admin-token-0123456789abcdefghijklmnop";
    private static final String READER = "reader-token-0123456789abcdefghijklmno";
    private static final String OTHER = "other-token-0123456789abcdefghijklmnop";
    private static final Duration WAIT = Duration.ofSeconds(10);

    /** One client for the class: the JDK's client cannot be closed on Java 17, so tests do not make one each. */
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final HttpClient client = CLIENT;
    private DrainTransport transport;
    private FakeGateway gateway;
    private TransportFeed status;
    private DrainHttpServer server;

    @BeforeEach
    void open() {
        transport = new MemoryTransportProvider().open(TransportSettings.builder().home(Path.of("unused"))
                .put(MemoryTransportProvider.SPACE, "routes-" + UUID.randomUUID()).instanceId("fake-gw").build());
        gateway = new FakeGateway(transport.channel(), transport.statusStore());
        status = new TransportFeed(transport.statusStore());
    }

    @AfterEach
    void close() {
        if (server != null) {
            server.close();
        }
        status.close();
        gateway.close();
        transport.close();
    }

    private DrainRoutes.Builder routes() {
        return DrainRoutes.builder().channel(transport.channel()).status(status).authenticator(TokenAuthenticator.of(List.of(
                new TokenGrant("admin", Tokens.sha256(ADMIN), EnumSet.allOf(Scope.class)),
                new TokenGrant("reader", Tokens.sha256(READER), EnumSet.of(Scope.STATUS)),
                new TokenGrant("other", Tokens.sha256(OTHER), EnumSet.of(Scope.STATUS)))));
    }

    private void serve(DrainRoutes routes) {
        server = DrainHttpServer.start(routes, "127.0.0.1", 0);
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }

    private HttpResponse<String> get(String path, String token) {
        try {
            return client.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30))
                    .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A GET that asks for the event stream, answered at once only when it is refused. */
    private HttpResponse<String> getStream(String path, String token) {
        try {
            return client.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30))
                    .header("Authorization", "Bearer " + token).header("Accept", "text/event-stream").GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private HttpResponse<String> drain(String json) {
        try {
            return client.send(HttpRequest.newBuilder(uri("/api/gateway/drain")).timeout(Duration.ofSeconds(30))
                    .header("Authorization", "Bearer " + ADMIN).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private String metrics() {
        return get("/metrics", ADMIN).body();
    }

    private static JsonNode json(HttpResponse<String> response) throws IOException {
        return Json.MAPPER.readTree(response.body());
    }

    @Test
    void requestsOnTheEventsPathThatAreNoStream_takeNoPlace_andSaySo() throws Exception {
        serve(routes().limits(new HttpLimits(2, 1, 10, 10, 1024, 256)).build());
        for (int i = 0; i < 8; i++) {
            HttpResponse<String> plain = get("/api/gateway/events", READER);
            assertThat(plain.statusCode()).as("a GET without Accept: text/event-stream").isEqualTo(406);
            assertThat(json(plain).path("detail").asText()).contains("Accept: text/event-stream");
        }
        for (String method : List.of("HEAD", "POST", "DELETE")) {
            client.send(HttpRequest.newBuilder(uri("/api/gateway/events")).timeout(Duration.ofSeconds(30))
                    .header("Authorization", "Bearer " + READER).header("Accept", "text/event-stream")
                    .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
        }
        assertThat(metrics()).contains("gateway_http_event_streams 0.0");

        try (SseReader stream = new SseReader(client, uri("/api/gateway/events"), READER)) {
            assertThat(stream.status()).as("the principal's one place is still free").isEqualTo(200);
        }
    }

    @Test
    void eventStreams_areCappedPerPrincipalAndInTotal_with429AndRetryAfter() throws Exception {
        // A closed client is found by the next write: the heartbeat makes that soon.
        serve(routes().limits(new HttpLimits(2, 1, 10, 10, 1024, 256)).eventHeartbeat(Duration.ofMillis(100)).build());
        try (SseReader first = new SseReader(client, uri("/api/gateway/events"), READER)) {
            assertThat(first.status()).isEqualTo(200);
            await().atMost(WAIT).until(() -> metrics().contains("gateway_http_event_streams 1.0"));

            HttpResponse<String> again = getStream("/api/gateway/events", READER);
            assertThat(again.statusCode()).isEqualTo(429);
            assertThat(again.headers().firstValue("Retry-After")).isPresent();
            assertThat(json(again).path("error").asText()).isEqualTo("too_many_requests");

            try (SseReader second = new SseReader(client, uri("/api/gateway/events"), ADMIN)) {
                assertThat(second.status()).isEqualTo(200);
                await().atMost(WAIT).until(() -> metrics().contains("gateway_http_event_streams 2.0"));
                assertThat(getStream("/api/gateway/events", OTHER).statusCode()).as("over the total").isEqualTo(429);
            }
        }
        await().atMost(WAIT).until(() -> metrics().contains("gateway_http_event_streams 0.0"));
        try (SseReader later = new SseReader(client, uri("/api/gateway/events"), READER)) {
            assertThat(later.status()).as("a closed stream frees its place").isEqualTo(200);
        }
    }

    @Test
    void longPolls_areCappedPerPrincipal_andAFinishedOneFreesItsPlace() throws Exception {
        serve(routes().limits(new HttpLimits(10, 10, 2, 1, 1024, 256)).build());
        gateway.activeTurns(1);
        drain("{}");
        CompletableFuture<HttpResponse<String>> waiting = CompletableFuture.supplyAsync(
                () -> get("/api/gateway/status?wait=quiesced&timeout=60s", READER));
        await().atMost(WAIT).until(() -> metrics().contains("gateway_http_long_polls 1.0"));

        HttpResponse<String> second = get("/api/gateway/status?wait=quiesced&timeout=60s", READER);
        assertThat(second.statusCode()).isEqualTo(429);
        assertThat(second.headers().firstValue("Retry-After")).isPresent();

        gateway.activeTurns(0);
        assertThat(json(waiting.get(30, TimeUnit.SECONDS)).path("quiesced").asBoolean()).isTrue();
        await().atMost(WAIT).until(() -> metrics().contains("gateway_http_long_polls 0.0"));
        assertThat(get("/api/gateway/status?wait=quiesced&timeout=1s", READER).statusCode()).isEqualTo(200);
    }

    @Test
    void aClientThatStopsReading_delaysNoOtherStream_norMetrics_norTheDrainConfirmation_norALongPoll() throws Exception {
        // Confirmed means shown while the answer waited: the wait is long, so a slow machine cannot fail a drain
        // the stalled reader did not block, and one it did block still fails (the wait runs out, draining false).
        serve(routes().confirmWait(Duration.ofSeconds(20)).build());
        String bigReason = "r".repeat(15_000);
        try (Socket stalled = new Socket()) {
            stalled.setReceiveBufferSize(1024);
            stalled.connect(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), server.port()));
            OutputStream out = stalled.getOutputStream();
            out.write(("GET /api/gateway/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + READER
                    + "\r\nAccept: text/event-stream\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            await().atMost(WAIT).until(() -> metrics().contains("gateway_http_event_streams 1.0"));
            // Each event carries a 15 KB reason: a few hundred of them fill every buffer between us and the
            // stalled reader. Each drain is still confirmed: the status keeps flowing to the confirmation.
            for (int i = 0; i < 300; i++) {
                HttpResponse<String> answer = drain("{\"reason\":\"" + bigReason + i + "\"}");
                assertThat(json(answer).path("draining").asBoolean()).as("drain %d confirmed", i).isTrue();
            }

            try (SseReader reader = new SseReader(client, uri("/api/gateway/events"), ADMIN)) {
                reader.awaitEvent(e -> e.path("drain").path("reason").asText().endsWith("299"), WAIT);
                HttpResponse<String> confirmed = drain("{\"reason\":\"after the flood\"}");
                assertThat(json(confirmed).path("draining").asBoolean()).as("the drain confirmation").isTrue();
                reader.awaitEvent(e -> e.path("drain").path("reason").asText().equals("after the flood"), WAIT);
                assertThat(metrics()).contains("gateway_state{state=\"draining\"} 1.0");
                assertThat(json(get("/api/gateway/status?wait=quiesced&timeout=10s", ADMIN)).path("quiesced").asBoolean())
                        .isTrue();
            }
        }
    }

    @Test
    void anIdleStream_getsAHeartbeatComment() throws Exception {
        serve(routes().eventHeartbeat(Duration.ofMillis(100)).build());

        try (SseReader reader = new SseReader(client, uri("/api/gateway/events"), READER)) {
            reader.awaitEvent(e -> e.path("gateway_state").asText().equals("running"), WAIT);
            await().atMost(WAIT).until(() -> reader.comments() >= 3);
        }
    }

    @Test
    void theFleetsRollout_isShownAtItsRoute_andStreamedAsItChanges() throws Exception {
        FakeRolloutLedger ledger = new FakeRolloutLedger();
        serve(routes().rollouts(Optional.of(ledger)).build());
        JsonNode none = Json.MAPPER.readTree(get("/api/fleet/rollout", READER).body());
        assertThat(none.path("running").asBoolean()).isFalse();
        assertThat(none.path("rollout").isNull()).isTrue();

        try (SseReader reader = new SseReader(client, uri("/api/gateway/events"), READER)) {
            reader.awaitEvent(e -> e.path("gateway_state").asText().equals("running"), WAIT);
            reader.awaitEvent("rollout", e -> e.path("rollout").isNull(), WAIT);
            Instant now = Instant.parse("2026-11-28T10:00:00Z");
            Rollout rollout = Rollout.start("r-1", "patch", "ops", MaxDraining.ONE, List.of("gw-2", "gw-1"), now)
                    .with("gw-1", Rollout.Step.CURRENT, "draining", now);
            ledger.show(rollout, Optional.of(new RolloutHolder("r-1", "ops", "host-1", 7, now)));
            JsonNode event = reader.awaitEvent("rollout", e -> e.path("rollout").path("current").toString()
                    .equals("[\"gw-1\"]"), WAIT);
            assertThat(event.path("running").asBoolean()).isTrue();
            assertThat(event.path("holder").path("principal").asText()).isEqualTo("ops");
            assertThat(event.path("rollout").path("pending").toString()).isEqualTo("[\"gw-2\"]");
            assertThat(Json.MAPPER.readTree(get("/api/fleet/rollout", READER).body())).isEqualTo(event);
        }
        ledger.set(new RolloutReading.Unknown("the coordinator is away"));
        HttpResponse<String> away = get("/api/fleet/rollout", READER);
        assertThat(away.statusCode()).isEqualTo(503);
        assertThat(away.body()).contains("fleet_unavailable").doesNotContain("coordinator");
    }

    @Test
    void withoutAFleet_theRolloutRouteIs404() {
        serve(routes().build());
        HttpResponse<String> answer = get("/api/fleet/rollout", READER);
        assertThat(answer.statusCode()).isEqualTo(404);
        assertThat(answer.body()).contains("not_a_fleet", "gateway maintain");
    }

    @Test
    void aStatusThatCannotBeRead_is503_statusUnavailable() throws Exception {
        serve(routes().build());
        ((InMemoryStatusStore) transport.statusStore()).unreachable(true);
        await().atMost(WAIT).until(() -> get("/api/gateway/status", READER).statusCode() == 503);

        assertThat(json(get("/api/gateway/status", READER)).path("error").asText()).isEqualTo("status_unavailable");
        assertThat(get("/health/ready", READER).statusCode()).isEqualTo(503);
    }

    @Test
    void theRoutes_mountIntoAnEmbeddersOwnApp() throws Exception {
        DrainRoutes routes = routes().build();
        Javalin app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            routes.install(config);
            config.routes.get("/my/own", ctx -> ctx.result("mine"));
        }).start("127.0.0.1", 0);
        try {
            URI base = URI.create("http://127.0.0.1:" + app.port());
            HttpResponse<String> mine = client.send(HttpRequest.newBuilder(base.resolve("/my/own")).build(),
                    HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> status = client.send(HttpRequest.newBuilder(base.resolve("/api/gateway/status"))
                    .header("Authorization", "Bearer " + READER).build(), HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> unauthorized = client.send(HttpRequest.newBuilder(base.resolve("/api/gateway/status"))
                    .build(), HttpResponse.BodyHandlers.ofString());

            assertThat(mine.body()).isEqualTo("mine");
            assertThat(json(status).path("gateway_state").asText()).isEqualTo("running");
            assertThat(unauthorized.statusCode()).isEqualTo(401);
            assertThat(json(unauthorized).path("error").asText()).isEqualTo("unauthorized");
        } finally {
            app.stop();
            routes.close();
        }
    }

    @Test
    @org.junit.jupiter.api.Timeout(value = 30, unit = java.util.concurrent.TimeUnit.SECONDS)
    void anEmbeddersAppStoppedFirst_withAnEventStreamOpen_stillLetsTheRoutesClose() throws Exception {
        DrainRoutes routes = routes().build();
        Javalin app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            routes.install(config);
        }).start("127.0.0.1", 0);
        try (SseReader stream = new SseReader(client, URI.create("http://127.0.0.1:" + app.port() + "/api/gateway/events"),
                READER)) {
            stream.awaitEvent(event -> true, WAIT);
            await().atMost(WAIT).until(() -> routes.openStreams() == 1);
        } finally {
            app.stop();
            routes.close();
        }
        assertThat(routes.openStreams()).isZero();
    }

    @Test
    void anEmbeddersOwnRegistry_getsTheMeters_andMetricsIsServedOnlyWhenItHoldsAPrometheusOne() throws Exception {
        io.micrometer.core.instrument.simple.SimpleMeterRegistry simple = new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
        server = DrainHttpServer.start(routes().meterRegistry(simple).build(), "127.0.0.1", 0);

        assertThat(simple.find("gateway.http.event.streams").gauge()).as("the routes' meters in the embedder's registry")
                .isNotNull();
        assertThat(get("/metrics", READER).statusCode()).as("no Prometheus registry to scrape").isEqualTo(404);
        server.close();

        io.micrometer.prometheusmetrics.PrometheusMeterRegistry prometheus =
                new io.micrometer.prometheusmetrics.PrometheusMeterRegistry(
                        io.micrometer.prometheusmetrics.PrometheusConfig.DEFAULT);
        io.micrometer.core.instrument.composite.CompositeMeterRegistry composite =
                new io.micrometer.core.instrument.composite.CompositeMeterRegistry();
        composite.add(prometheus);
        server = DrainHttpServer.start(routes().meterRegistry(composite).build(), "127.0.0.1", 0);

        HttpResponse<String> scraped = get("/metrics", READER);
        assertThat(scraped.statusCode()).isEqualTo(200);
        assertThat(scraped.body()).contains("gateway_http_event_streams");
    }
}
