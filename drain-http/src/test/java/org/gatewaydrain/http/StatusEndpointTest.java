package org.gatewaydrain.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class StatusEndpointTest extends ServedGatewayTest {

    private static final Duration WAIT = Duration.ofSeconds(10);


    private CompletableFuture<HttpResponse<String>> longTurn(String session, long millis) {
        return CompletableFuture.supplyAsync(() -> http.postJson(MessagesEndpoint.PATH, HttpFixture.ADMIN,
                "{\"session\":\"" + session + "\",\"text\":\"work\",\"delay_ms\":" + millis + "}"));
    }

    @Test
    void status_hasEveryContractField() {
        HttpResponse<String> response = http.get(StatusEndpoint.STATUS_PATH, HttpFixture.READER);

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode status = HttpFixture.json(response);
        assertThat(status.path("gateway_state").asText()).isEqualTo("running");
        assertThat(status.path("active_agents").asInt()).isZero();
        assertThat(status.path("quiesced").asBoolean()).isFalse();
        assertThat(status.path("drain").isNull()).isTrue();
        assertThat(status.path("control_channel").asText()).isEqualTo("ok");
        assertThat(status.path("pid").asLong()).isEqualTo(ProcessHandle.current().pid());
        assertThat(status.path("updated_at").asText()).isNotBlank();
        assertThat(status.path("live").asBoolean()).isTrue();
    }

    @Test
    void longPoll_returnsAsSoonAsTheLastTurnEnds() throws Exception {
        CompletableFuture<HttpResponse<String>> turn = longTurn("alice", 1_500);
        org.awaitility.Awaitility.await().atMost(WAIT).until(() -> http.gateway.status().activeAgents() == 1);
        http.postJson(DrainEndpoint.PATH, HttpFixture.ADMIN, "{}");

        HttpResponse<String> response = http.get(StatusEndpoint.STATUS_PATH + "?wait=quiesced&timeout=60s",
                HttpFixture.READER);

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode status = HttpFixture.json(response);
        assertThat(status.path("quiesced").asBoolean()).isTrue();
        assertThat(status.path("gateway_state").asText()).isEqualTo("draining");
        assertThat(status.path("drain").path("principal").asText()).isEqualTo("admin");
        assertThat(turn.get().statusCode()).as("the turn in flight finished normally").isEqualTo(200);
    }

    @Test
    void longPoll_answersNotQuiescedAtTheTimeout() {
        longTurn("bob", 30_000);
        org.awaitility.Awaitility.await().atMost(WAIT).until(() -> http.gateway.status().activeAgents() == 1);
        http.postJson(DrainEndpoint.PATH, HttpFixture.ADMIN, "{}");

        HttpResponse<String> response = http.get(StatusEndpoint.STATUS_PATH + "?wait=quiesced&timeout=200ms",
                HttpFixture.READER);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(HttpFixture.json(response).path("quiesced").asBoolean()).isFalse();
        assertThat(HttpFixture.json(response).path("active_agents").asInt()).isEqualTo(1);
    }

    @Test
    void badWaitOrTimeout_is400() {
        assertThat(http.get(StatusEndpoint.STATUS_PATH + "?wait=forever", HttpFixture.READER).statusCode()).isEqualTo(400);
        assertThat(http.get(StatusEndpoint.STATUS_PATH + "?wait=quiesced&timeout=soon", HttpFixture.READER)
                .statusCode()).isEqualTo(400);
        assertThat(http.get(StatusEndpoint.STATUS_PATH + "?wait=quiesced&timeout=2h", HttpFixture.READER)
                .statusCode()).isEqualTo(400);
    }

    @Test
    void events_streamTheCurrentStatus_thenADrain_thenACancel() throws Exception {
        try (SseReader events = new SseReader(http.client, http.uri(StatusEndpoint.EVENTS_PATH), HttpFixture.READER)) {
            events.awaitEvent(e -> e.path("gateway_state").asText().equals("running"), WAIT);

            http.postJson(DrainEndpoint.PATH, HttpFixture.ADMIN, "{\"reason\":\"patch\"}");
            JsonNode draining = events.awaitEvent(e -> e.path("gateway_state").asText().equals("draining"), WAIT);
            assertThat(draining.path("drain").path("reason").asText()).isEqualTo("patch");

            http.postJson(DrainEndpoint.PATH, HttpFixture.ADMIN, "{\"action\":\"cancel\"}");
            events.awaitEvent(e -> e.path("gateway_state").asText().equals("running"), WAIT);
        }
    }

    @Test
    void events_followTheInFlightCount() throws Exception {
        try (SseReader events = new SseReader(http.client, http.uri(StatusEndpoint.EVENTS_PATH), HttpFixture.READER)) {
            events.awaitEvent(e -> e.path("active_agents").asInt() == 0, WAIT);
            longTurn("carol", 300);

            events.awaitEvent(e -> e.path("active_agents").asInt() == 1, WAIT);
            events.awaitEvent(e -> e.path("active_agents").asInt() == 0, WAIT);
        }
    }
}
