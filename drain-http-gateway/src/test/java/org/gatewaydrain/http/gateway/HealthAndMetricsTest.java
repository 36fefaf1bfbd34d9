package org.gatewaydrain.http.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class HealthAndMetricsTest extends ServedGatewayTest {

    @Test
    void ready_is200WhileRunning_and503WhileDraining() {
        assertThat(http.get("/health/ready", null).statusCode()).isEqualTo(200);

        http.drainAndAwait("{}");

        HttpResponse<String> draining = http.get("/health/ready", null);
        assertThat(draining.statusCode()).isEqualTo(503);
        assertThat(draining.headers().firstValue("Retry-After")).isPresent();
        assertThat(HttpFixture.json(draining).path("gateway_state").asText()).isEqualTo("draining");
        assertThat(http.get("/health/live", null).statusCode()).isEqualTo(200);
    }

    @Test
    void unknownRoute_is404InTheErrorShape() {
        HttpResponse<String> response = http.get("/api/nothing-here", HttpFixture.ADMIN);

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(HttpFixture.json(response).path("error").asText()).isEqualTo("not_found");
    }

    @Test
    void metrics_showStateInFlightRefusalsTransitionsAndDrainToQuiesce() {
        http.drainAndAwait("{}");
        http.postJson("/api/messages", HttpFixture.SENDER, "{\"session\":\"a\",\"text\":\"x\"}");

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            String metrics = http.get("/metrics", null).body();
            assertThat(metrics).contains("gateway_state{state=\"draining\"} 1.0");
            assertThat(metrics).contains("gateway_state{state=\"running\"} 0.0");
            assertThat(metrics).contains("gateway_active_turns 0.0");
            assertThat(metrics).contains("gateway_status_live 1.0");
            assertThat(metrics).contains("gateway_turns_refused_total{state=\"draining\"} 1.0");
            assertThat(metrics).contains("gateway_transitions_total{from=\"running\",to=\"draining\"} 1.0");
            assertThat(metrics).contains("gateway_drain_to_quiesce_seconds_count 1");
            assertThat(metrics).contains("gateway_control_requests_total{action=\"drain\"} 1.0");
        });
    }

    @Test
    void metrics_showHowLongTurnsTook_asAHistogram() {
        http.turns.hold("slow");
        http.gateway.handle(org.gatewaydrain.runtime.MessageEvent.external("slow", "x"));
        assertThat(http.gateway.status().blockers().turns()).as("the status saw the turn start").hasSize(1);
        http.turns.release("slow");
        await().atMost(Duration.ofSeconds(10)).until(() -> http.gateway.status().activeTurns() == 0);

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            String metrics = http.get("/metrics", null).body();
            assertThat(metrics).contains("gateway_turn_duration_seconds_count 1");
            assertThat(metrics).contains("gateway_turn_duration_seconds_bucket{le=\"+Inf\"} 1");
        });
    }
}
