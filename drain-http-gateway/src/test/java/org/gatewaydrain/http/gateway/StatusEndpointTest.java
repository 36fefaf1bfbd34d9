package org.gatewaydrain.http.gateway;

import org.gatewaydrain.http.SseReader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class StatusEndpointTest extends ServedGatewayTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    /** Starts a turn the test holds until it releases {@code session}. */
    private CompletableFuture<HttpResponse<String>> heldTurn(String session) {
        http.turns.hold(session);
        int before = http.gateway.status().activeTurns();
        CompletableFuture<HttpResponse<String>> reply = CompletableFuture.supplyAsync(() -> http.postJson("/api/messages",
                HttpFixture.ADMIN, "{\"session\":\"" + session + "\",\"text\":\"work\"}"));
        await().atMost(WAIT).until(() -> http.gateway.status().activeTurns() == before + 1);
        return reply;
    }

    @Test
    void status_hasEveryContractField() {
        HttpResponse<String> response = http.get("/api/gateway/status", HttpFixture.READER);

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode status = HttpFixture.json(response);
        assertThat(status.path("gateway_state").asText()).isEqualTo("running");
        assertThat(status.path("active_agents").asInt()).isZero();
        assertThat(status.path("quiesced").asBoolean()).isFalse();
        assertThat(status.path("drain").isNull()).isTrue();
        assertThat(status.path("drain_ignored").isNull()).isTrue();
        assertThat(status.path("control_channel").asText()).isEqualTo("ok");
        assertThat(status.path("instance_id").asText()).isEqualTo("http-fixture");
        assertThat(status.path("host").asText()).isNotBlank();
        assertThat(status.path("pid").asLong()).isEqualTo(ProcessHandle.current().pid());
        assertThat(status.path("updated_at").asText()).isNotBlank();
        assertThat(status.path("live").asBoolean()).isTrue();
        assertThat(status.path("turns").isArray()).as("who blocks a drain: none in flight").isTrue();
        assertThat(status.path("turns")).isEmpty();
        assertThat(status.has("oldest_turn_started_at")).isTrue();
        assertThat(status.path("oldest_turn_started_at").isNull()).isTrue();
        assertThat(status.has("expected_quiesced_at")).isTrue();
    }

    @Test
    void statusWhileDraining_showsTheRequestAndSince() {
        http.drainAndAwait("{\"reason\":\"patch\",\"ttl_seconds\":600}");

        JsonNode drain = HttpFixture.json(http.get("/api/gateway/status", HttpFixture.READER)).path("drain");

        assertThat(drain.path("principal").asText()).isEqualTo("admin");
        assertThat(drain.path("reason").asText()).isEqualTo("patch");
        assertThat(drain.path("requested_at").asText()).isNotBlank();
        assertThat(drain.path("expires_at").asText()).isNotBlank();
        assertThat(drain.path("since").asText()).isNotBlank();
    }

    @Test
    void longPoll_returnsAsSoonAsTheLastTurnEnds() throws Exception {
        CompletableFuture<HttpResponse<String>> turn = heldTurn("alice");
        http.drainAndAwait("{}");
        CompletableFuture<HttpResponse<String>> poll = CompletableFuture.supplyAsync(() -> http.get(
                "/api/gateway/status?wait=quiesced&timeout=60s", HttpFixture.READER));
        await().atMost(WAIT).until(() -> http.get("/metrics", null).body().contains("gateway_http_long_polls 1.0"));
        assertThat(poll).isNotDone();

        long released = System.nanoTime();
        http.turns.release("alice");
        HttpResponse<String> response = poll.get(30, TimeUnit.SECONDS);
        Duration gap = Duration.ofNanos(System.nanoTime() - released);

        assertThat(gap).as("time from the last turn's end to the poll's answer").isLessThan(Duration.ofSeconds(10));
        JsonNode status = HttpFixture.json(response);
        assertThat(status.path("quiesced").asBoolean()).isTrue();
        assertThat(status.path("gateway_state").asText()).isEqualTo("draining");
        assertThat(turn.get(10, TimeUnit.SECONDS).statusCode()).as("the turn in flight finished normally").isEqualTo(200);
    }

    @Test
    void longPoll_answersNotQuiescedAtTheTimeout() {
        heldTurn("bob");
        http.drainAndAwait("{}");

        HttpResponse<String> response = http.get("/api/gateway/status?wait=quiesced&timeout=200ms", HttpFixture.READER);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(HttpFixture.json(response).path("quiesced").asBoolean()).isFalse();
        assertThat(HttpFixture.json(response).path("active_agents").asInt()).isEqualTo(1);
        http.turns.release("bob");
    }

    @Test
    void badWaitOrTimeout_is400() {
        assertThat(http.get("/api/gateway/status?wait=forever", HttpFixture.READER).statusCode()).isEqualTo(400);
        assertThat(http.get("/api/gateway/status?wait=quiesced&timeout=soon", HttpFixture.READER).statusCode()).isEqualTo(400);
        assertThat(http.get("/api/gateway/status?wait=quiesced&timeout=2h", HttpFixture.READER).statusCode()).isEqualTo(400);
    }

    @Test
    void events_streamTheCurrentStatus_thenADrain_thenACancel() throws Exception {
        try (SseReader events = new SseReader(http.client, http.uri("/api/gateway/events"), HttpFixture.READER)) {
            events.awaitEvent(e -> e.path("gateway_state").asText().equals("running"), WAIT);

            http.postJson("/api/gateway/drain", HttpFixture.ADMIN, "{\"reason\":\"patch\"}");
            JsonNode draining = events.awaitEvent(e -> e.path("gateway_state").asText().equals("draining"), WAIT);
            assertThat(draining.path("drain").path("reason").asText()).isEqualTo("patch");

            http.postJson("/api/gateway/drain", HttpFixture.ADMIN, "{\"action\":\"cancel\"}");
            events.awaitEvent(e -> e.path("gateway_state").asText().equals("running"), WAIT);
        }
    }

    @Test
    void events_followTheInFlightCount() throws Exception {
        try (SseReader events = new SseReader(http.client, http.uri("/api/gateway/events"), HttpFixture.READER)) {
            events.awaitEvent(e -> e.path("active_agents").asInt() == 0, WAIT);
            heldTurn("carol");

            events.awaitEvent(e -> e.path("active_agents").asInt() == 1, WAIT);
            http.turns.release("carol");
            events.awaitEvent(e -> e.path("active_agents").asInt() == 0, WAIT);
        }
    }

    @Test
    void events_tellWhenTheChannelGoesDegradedAndComesBack() throws Exception {
        try (SseReader events = new SseReader(http.client, http.uri("/api/gateway/events"), HttpFixture.READER)) {
            events.awaitEvent(e -> e.path("control_channel").asText().equals("ok"), WAIT);
            java.nio.file.Path away = http.home.resolveSibling(http.home.getFileName() + "-away");
            java.nio.file.Files.move(http.home, away);
            try {
                http.gateway.reconcile();
                events.awaitEvent(e -> e.path("control_channel").asText().equals("degraded"), WAIT);
            } finally {
                java.nio.file.Files.move(away, http.home);
            }
            http.gateway.reconcile();
            events.awaitEvent(e -> e.path("control_channel").asText().equals("ok"), WAIT);
        }
    }
}
