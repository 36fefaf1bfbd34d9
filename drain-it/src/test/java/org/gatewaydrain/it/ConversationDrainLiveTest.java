package org.gatewaydrain.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Drains that understand conversations and time, against a real {@code gateway run}: a deadline
 * with {@code interrupt} quiesces a gateway whose turn would run for minutes; a conversation in
 * progress gets its next turn in the grace while a new session is refused; {@code drain --wait}
 * names the turn that blocks and when the gateway expects quiet. The agent holds a
 * {@code held-…} session's turn until the test releases it (then that session's turns end at once).
 */
@Tag("live")
@Tag("slow")
class ConversationDrainLiveTest {

    private static final Duration EXIT = Duration.ofSeconds(90);

    @TempDir
    Path temp;

    @TempDir
    Path releases;

    private Path home;
    private GatewayProcess gateway;
    private LiveApi api;

    @BeforeEach
    void start() throws Exception {
        home = Files.createDirectories(temp.resolve("home"));
        Map<String, String> env = new HashMap<>(LiveHome.env(home));
        env.put("GATEWAY_SHUTDOWN_DRAIN_TIMEOUT", "100ms");
        gateway = GatewayProcess.serveHeld("gateway", env, releases, "run", "--port", "0");
        api = LiveApi.of(gateway, home);
    }

    @AfterEach
    void stop() {
        gateway.close();
    }

    private void awaitStatus(String what, java.util.function.Predicate<JsonNode> condition) {
        Latency.until(System.nanoTime(), Duration.ofSeconds(30), what, () -> condition.test(api.status()));
    }

    @Test
    void aDeadlineWithInterrupt_quiescesAGatewayWhoseTurnWouldRunForMinutes() throws Exception {
        CompletableFuture<HttpResponse<String>> turn = api.turn("held-minutes", 0);
        awaitStatus("the turn in flight", status -> status.path("active_agents").asInt() == 1);

        HttpResponse<String> drained = api.post("/api/gateway/drain",
                "{\"reason\":\"deadline\",\"deadline_seconds\":2,\"on_deadline\":\"interrupt\"}");
        assertThat(drained.statusCode()).as(drained.body()).isEqualTo(200);
        JsonNode shown = api.status().path("drain");
        assertThat(shown.path("on_deadline").asText()).isEqualTo("interrupt");
        assertThat(shown.path("deadline_passed").isNull()).isTrue();

        awaitStatus("quiesced after the deadline", status -> status.path("quiesced").asBoolean());

        JsonNode status = api.status();
        assertThat(status.path("gateway_state").asText()).as("it stays drained").isEqualTo("draining");
        assertThat(status.path("drain").path("deadline_passed").path("action").asText()).isEqualTo("interrupt");
        assertThat(status.path("drain").path("deadline_passed").path("interrupted").asInt()).isEqualTo(1);
        assertThat(turn.get(30, TimeUnit.SECONDS).statusCode()).as("the interrupted turn got its answer").isNotEqualTo(200);
        // The log line may reach the output a moment after the status says so.
        assertThat(gateway.awaitOutput("interrupted 1 turn(s) still in flight", EXIT)).as(String.join("\n", gateway.output()))
                .isTrue();
    }

    @Test
    void aDeadlineWithStop_stopsTheGatewayProcess_asSigtermWould() throws Exception {
        api.turn("held-forever", 0);
        awaitStatus("the turn in flight", status -> status.path("active_agents").asInt() == 1);

        assertThat(api.post("/api/gateway/drain", "{\"deadline_seconds\":1,\"on_deadline\":\"stop\"}").statusCode())
                .isEqualTo(200);

        assertThat(gateway.awaitExit(EXIT)).as(String.join("\n", gateway.output())).isZero();
        JsonNode last = LiveHome.statusFile(home);
        assertThat(last.path("gateway_state").asText()).isEqualTo("stopped");
        assertThat(last.path("exit_reason").asText()).isEqualTo("drain deadline passed");
    }

    @Test
    void aConversationInProgress_getsItsNextTurnInTheGrace_whileANewSessionIsRefused() throws Exception {
        CompletableFuture<HttpResponse<String>> first = api.turn("held-chat", 0);
        awaitStatus("the conversation's turn in flight", status -> status.path("active_agents").asInt() == 1);
        HeldTurns.release(releases, "held-chat");
        assertThat(first.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);

        HttpResponse<String> drained = api.post("/api/gateway/drain", "{\"reason\":\"grace\",\"session_grace_seconds\":60}");
        assertThat(drained.statusCode()).as(drained.body()).isEqualTo(200);
        awaitStatus("draining", status -> status.path("gateway_state").asText().equals("draining"));
        JsonNode grace = api.status().path("drain").path("grace");
        assertThat(grace.path("sessions").asInt()).as(api.status().toString()).isEqualTo(1);
        assertThat(api.status().path("quiesced").asBoolean()).as("a conversation in grace is not quiet").isFalse();

        HttpResponse<String> next = api.turn("held-chat", 0).get(30, TimeUnit.SECONDS);
        HttpResponse<String> stranger = api.turn("someone-new", 0).get(30, TimeUnit.SECONDS);

        assertThat(next.statusCode()).as("the conversation's next turn: %s", next.body()).isEqualTo(200);
        assertThat(stranger.statusCode()).as("a new session: %s", stranger.body()).isEqualTo(503);
        Instant endsAt = Instant.parse(api.status().path("drain").path("grace").path("ends_at").asText());
        assertThat(endsAt).as("the grace runs from the last turn's end").isAfter(Instant.now().plusSeconds(30));
    }

    @Test
    void drainWait_namesTheBlockingTurn_andWhenTheGatewayExpectsQuiet() throws Exception {
        // History to judge by: a turn the gateway saw run for 8 s (it learns only from turns it saw end).
        CompletableFuture<HttpResponse<String>> history = api.turn("held-history", 0);
        awaitStatus("a turn that has run 8 s", status -> !status.path("oldest_turn_started_at").isNull()
                && Instant.parse(status.path("oldest_turn_started_at").asText()).plusSeconds(8)
                        .isBefore(Instant.parse(status.path("updated_at").asText())));
        HeldTurns.release(releases, "held-history");
        assertThat(history.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        CompletableFuture<HttpResponse<String>> blocker = api.turn("held-blocker", 0);
        awaitStatus("the blocker in flight", status -> status.path("active_agents").asInt() == 1);

        try (GatewayProcess cli = GatewayProcess.start("cli-drain-wait", LiveHome.env(home), "drain", "--wait",
                "--timeout", "60s", "--deadline", "10m")) {
            assertThat(cli.awaitOutput("in flight: 1", EXIT)).as(String.join("\n", cli.output())).isTrue();
            HeldTurns.release(releases, "held-blocker");
            assertThat(cli.awaitExit(EXIT)).as(String.join("\n", cli.output())).isZero();
            String output = String.join("\n", cli.output());
            assertThat(output).contains("oldest: session held-blocker", "expected quiet in ~", "deadline in ", "Quiesced");
        }
        assertThat(blocker.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
    }
}
