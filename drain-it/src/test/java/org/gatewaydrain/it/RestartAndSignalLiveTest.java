package org.gatewaydrain.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A marker that survives a restart, and SIGTERM while draining: shutdown wins, turns finish. */
@Tag("live")
@Tag("slow")
class RestartAndSignalLiveTest {

    private static final Duration BOUND = Duration.ofSeconds(20);

    @TempDir
    Path home;

    @TempDir
    Path releases;

    @Test
    void restartWithTheMarkerPresent_comesUpDraining_andAdmitsNoTurn() throws Exception {
        try (GatewayProcess first = GatewayProcess.serve("restart-1", LiveHome.env(home), "run", "--port", "0")) {
            assertThat(LiveApi.of(first, home).drain("survives the restart").statusCode()).isEqualTo(200);
            first.terminate();
            first.awaitExit(BOUND);
        }
        assertThat(home.resolve(LiveHome.MARKER)).exists();

        // The API binds only after the gateway has read its channel: its very first answer is already draining.
        try (GatewayProcess second = GatewayProcess.serve("restart-2", LiveHome.env(home), "run", "--port", "0")) {
            LiveApi api = LiveApi.of(second, home);
            JsonNode status = api.status();
            assertThat(status.path("gateway_state").asText()).isEqualTo("draining");
            assertThat(status.path("pid").asLong()).isEqualTo(second.pid());
            assertThat(status.path("drain").path("reason").asText()).isEqualTo("survives the restart");
            int refused = 0;
            for (int i = 0; i < 50; i++) {
                HttpResponse<String> response = api.post("/api/messages", "{\"session\":\"b" + i + "\",\"text\":\"x\"}");
                assertThat(response.statusCode()).as("message %d after the restart", i).isEqualTo(503);
                refused++;
            }
            assertThat(api.status().path("active_agents").asInt()).isZero();
            System.out.printf("[live] restart: came up draining; %d messages refused, none admitted%n", refused);
        }
    }

    @Test
    void sigtermWhileDrainingWithATurnInFlight_finishesTheTurn_endsStopped_andNeverShowsRunning() throws Exception {
        AtomicBoolean watching = new AtomicBoolean(true);
        CompletableFuture<Void> watcher = null;
        try (GatewayProcess gateway = GatewayProcess.serveHeld("sigterm", LiveHome.env(home), releases, "run", "--port", "0")) {
            LiveApi api = LiveApi.of(gateway, home);
            List<String> states = new CopyOnWriteArrayList<>();
            watcher = CompletableFuture.runAsync(() -> {
                while (watching.get()) {
                    String state = LiveHome.fileState(home);
                    if (!state.isEmpty() && (states.isEmpty() || !states.get(states.size() - 1).equals(state))) {
                        states.add(state);
                    }
                    try {
                        Thread.sleep(1);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            CompletableFuture<HttpResponse<String>> turn = api.turn("held-in-flight", 0);
            Latency.until(System.nanoTime(), BOUND, "turn in flight", () -> api.status().path("active_agents").asInt() == 1);
            assertThat(api.drain("before SIGTERM").statusCode()).isEqualTo(200);
            Latency.until(System.nanoTime(), BOUND, "draining", () -> LiveHome.fileState(home).equals("draining"));

            long signalled = System.nanoTime();
            gateway.terminate();
            // Shutdown wins over the drain, and the turn it waits for is still in flight: held until released.
            Latency.until(System.nanoTime(), BOUND, "stopping with the turn in flight", () -> {
                try {
                    JsonNode status = LiveHome.statusFile(home);
                    return status.path("gateway_state").asText().equals("stopping")
                            && status.path("active_agents").asInt() == 1;
                } catch (java.io.IOException mayBeMidReplace) {
                    return false;
                }
            });
            assertThat(turn).isNotDone();
            HeldTurns.release(releases, "held-in-flight");
            HttpResponse<String> reply = turn.get(30, TimeUnit.SECONDS);
            gateway.awaitExit(BOUND);
            Duration toExit = Duration.ofNanos(System.nanoTime() - signalled);
            watching.set(false);
            watcher.get(10, TimeUnit.SECONDS);

            assertThat(reply.statusCode()).as("the in-flight turn's answer").isEqualTo(200);
            assertThat(LiveApi.json(reply).path("reply").asText()).isEqualTo("echo: work held-in-flight");
            JsonNode finalStatus = LiveHome.statusFile(home);
            assertThat(finalStatus.path("gateway_state").asText()).isEqualTo("stopped");
            assertThat(finalStatus.path("active_agents").asInt()).isZero();
            int drainingAt = states.indexOf("draining");
            assertThat(drainingAt).isNotNegative();
            assertThat(states.subList(drainingAt, states.size())).as("states after the drain").doesNotContain("running")
                    .endsWith("stopped");
            Latency.report("sigterm", "process exited (signal, turn held, released)", toExit);
            System.out.println("[live] sigterm: states seen in gateway_state.json " + states);
        } finally {
            watching.set(false);
            if (watcher != null) {
                watcher.cancel(true);
            }
        }
    }
}
