package org.gatewaydrain.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The drain checklist against a real gateway process, read only through what an operator sees:
 * HTTP answers, gateway_state.json and the process itself. Each check reports its latency. Its
 * agent holds a {@code held-…} session's turn until the test releases it, so a turn that must be
 * in flight under the drain is, whatever the machine's speed.
 */
@Tag("live")
class DrainChecklistLiveTest {

    private static final Duration BOUND = Duration.ofSeconds(10);

    @TempDir
    Path home;

    @TempDir
    Path releases;

    private GatewayProcess gateway;
    private LiveApi api;

    @BeforeEach
    void start() throws Exception {
        gateway = GatewayProcess.serveHeld("checklist", LiveHome.env(home), releases, "run", "--port", "0");
        api = LiveApi.of(gateway, home);
    }

    @AfterEach
    void stop() {
        gateway.close();
    }

    @Test
    void a_drainBegunOverHttp_isObservedInTheStatusFileAndTheApi() {
        long start = System.nanoTime();
        HttpResponse<String> response = api.drain("check a");
        Duration answered = Duration.ofNanos(System.nanoTime() - start);

        assertThat(response.statusCode()).isEqualTo(200);
        Duration inApi = Latency.until(start, BOUND, "API draining",
                () -> api.status().path("gateway_state").asText().equals("draining"));
        Duration inFile = Latency.until(start, BOUND, "status file draining",
                () -> LiveHome.fileState(home).equals("draining"));
        Latency.report("a", "drain answered (draining=" + LiveApi.json(response).path("draining") + ")", answered);
        Latency.report("a", "GET /api/gateway/status says draining", inApi);
        Latency.report("a", "gateway_state.json says draining", inFile);
    }

    /** Drains and checks the answer: every check below starts from a drain the API accepted. */
    private void drain(String reason) {
        HttpResponse<String> answer = api.drain(reason);
        assertThat(answer.statusCode()).as("drain answer: %s", answer.body()).isEqualTo(200);
        assertThat(LiveApi.json(answer).path("principal").asText()).isEqualTo("drain-control");
    }

    @Test
    void b_newTurnWhileDraining_isRefused_andTheCountNeverRises() {
        drain("check b");
        Latency.until(System.nanoTime(), BOUND, "draining", () -> LiveHome.fileState(home).equals("draining"));

        for (int i = 0; i < 10; i++) {
            long sent = System.nanoTime();
            HttpResponse<String> refused = api.post("/api/messages", "{\"session\":\"new-" + i + "\",\"text\":\"hi\"}");
            if (i == 0) {
                Latency.report("b", "new turn refused", Duration.ofNanos(System.nanoTime() - sent));
            }
            assertThat(refused.statusCode()).isEqualTo(503);
            assertThat(refused.headers().firstValue("Retry-After")).isPresent();
            assertThat(LiveApi.json(refused).path("reply").asText()).contains("draining for maintenance");
            assertThat(api.status().path("active_agents").asInt()).isZero();
        }
    }

    @Test
    void c_longTurnStartedBeforeTheDrain_finishesWithItsNormalReply() throws Exception {
        CompletableFuture<HttpResponse<String>> turn = api.turn("held-long", 0);
        Latency.until(System.nanoTime(), BOUND, "turn in flight", () -> api.status().path("active_agents").asInt() == 1);
        drain("check c");
        Latency.until(System.nanoTime(), BOUND, "draining with the turn in flight", () -> {
            JsonNode status = api.status();
            return status.path("gateway_state").asText().equals("draining") && status.path("active_agents").asInt() == 1;
        });
        assertThat(turn).as("the turn is still in flight under the drain").isNotDone();

        long released = System.nanoTime();
        HeldTurns.release(releases, "held-long");
        HttpResponse<String> reply = turn.get(30, TimeUnit.SECONDS);

        assertThat(reply.statusCode()).isEqualTo(200);
        assertThat(LiveApi.json(reply).path("reply").asText()).isEqualTo("echo: work held-long");
        Latency.report("c", "in-flight turn replied normally once it ended under the drain",
                Duration.ofNanos(System.nanoTime() - released));
    }

    @Test
    void d_countFallsToZero_readyIs503_andTheLongPollReturnsWhenTheLastTurnEnds() throws Exception {
        CompletableFuture<Long> turnReplied = api.turn("held-last", 0).thenApply(reply -> System.nanoTime());
        Latency.until(System.nanoTime(), BOUND, "turn in flight", () -> api.status().path("active_agents").asInt() == 1);
        drain("check d");
        Latency.until(System.nanoTime(), BOUND, "draining", () -> api.status().path("gateway_state").asText().equals("draining"));
        assertThat(api.get("/health/ready").statusCode()).isEqualTo(503);
        assertThat(api.status().path("quiesced").asBoolean()).isFalse();
        CompletableFuture<HttpResponse<String>> poll = api.getAsync("/api/gateway/status?wait=quiesced&timeout=60s");
        CompletableFuture<Long> pollReturned = poll.thenApply(answer -> System.nanoTime());
        Latency.until(System.nanoTime(), BOUND, "the long-poll waiting",
                () -> api.get("/metrics").body().contains("gateway_http_long_polls 1.0"));
        assertThat(poll).as("no answer while the turn is in flight").isNotDone();

        HeldTurns.release(releases, "held-last");
        HttpResponse<String> quiesced = poll.get(30, TimeUnit.SECONDS);
        long replied = turnReplied.get(30, TimeUnit.SECONDS);

        JsonNode status = LiveApi.json(quiesced);
        double gapMillis = Math.abs(pollReturned.get(30, TimeUnit.SECONDS) - replied) / 1e6;
        assertThat(gapMillis).as("ms between the long-poll's answer and the last turn's reply (the poll may wait 60 s)")
                .isLessThan(10_000);
        assertThat(status.path("quiesced").asBoolean()).isTrue();
        assertThat(status.path("active_agents").asInt()).isZero();
        assertThat(api.get("/health/ready").statusCode()).isEqualTo(503);
        Latency.until(System.nanoTime(), BOUND, "status file quiesced", () -> {
            try {
                return LiveHome.statusFile(home).path("active_agents").asInt() == 0;
            } catch (java.io.IOException e) {
                return false;
            }
        });
        System.out.printf("[live] d: long-poll returned %.1f ms %s the last turn's reply reached its client%n",
                gapMillis, pollReturned.get() <= replied ? "before" : "after");
    }

    @Test
    void e_cancelReturnsToRunning_turnsAreAcceptedAgain_andThePidNeverChanged() {
        long pid = gateway.pid();
        drain("check e");
        Latency.until(System.nanoTime(), BOUND, "draining", () -> LiveHome.fileState(home).equals("draining"));

        long start = System.nanoTime();
        HttpResponse<String> cancelled = api.cancel();
        Duration inApi = Latency.until(start, BOUND, "API running",
                () -> api.status().path("gateway_state").asText().equals("running"));
        Duration inFile = Latency.until(start, BOUND, "status file running",
                () -> LiveHome.fileState(home).equals("running"));

        assertThat(cancelled.statusCode()).isEqualTo(200);
        assertThat(api.post("/api/messages", "{\"session\":\"after\",\"text\":\"hello again\"}").statusCode())
                .isEqualTo(200);
        assertThat(api.get("/health/ready").statusCode()).isEqualTo(200);
        assertThat(api.status().path("pid").asLong()).isEqualTo(pid);
        assertThat(gateway.alive()).isTrue();
        Latency.report("e", "API says running after cancel", inApi);
        Latency.report("e", "gateway_state.json says running after cancel", inFile);
    }
}
