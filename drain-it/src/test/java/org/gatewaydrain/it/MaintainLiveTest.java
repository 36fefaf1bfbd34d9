package org.gatewaydrain.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
 * {@code gateway maintain} against a real {@code gateway run}, as an operator runs it: the
 * command runs only once the turn in flight has finished, with the gateway's identity in its
 * environment; a failing command or an interruption cancels the drain (or keeps it, when
 * asked); a quiesce that times out runs nothing. The exit code says which step ended it. The
 * gateway's agent holds a {@code held-…} session's turn until the test releases it.
 */
@Tag("live")
@Tag("slow")
class MaintainLiveTest {

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
        // Long turns are cut short when the gateway stops at the end of a test.
        env.put("GATEWAY_SHUTDOWN_DRAIN_TIMEOUT", "100ms");
        env.put("GATEWAY_INSTANCE_ID", "maintained");
        gateway = GatewayProcess.serveHeld("gateway", env, releases, "run", "--port", "0");
        api = LiveApi.of(gateway, home);
    }

    @AfterEach
    void stop() {
        gateway.close();
    }

    private GatewayProcess maintain(String... args) throws Exception {
        String[] command = new String[args.length + 1];
        command[0] = "maintain";
        System.arraycopy(args, 0, command, 1, args.length);
        return GatewayProcess.start("cli-maintain", LiveHome.env(home), command);
    }

    private String state() {
        return api.status().path("gateway_state").asText();
    }

    /** @return a turn of {@code session} that stays in flight until released (held-…) or the gateway stops */
    private CompletableFuture<HttpResponse<String>> heldTurnInFlight(String session) {
        CompletableFuture<HttpResponse<String>> turn = api.turn(session, 0);
        Latency.until(System.nanoTime(), Duration.ofSeconds(10), "turn in flight",
                () -> api.status().path("active_agents").asInt() == 1);
        return turn;
    }

    @Test
    void aroundALongTurn_theCommandRunsOnlyOnceItFinished_withTheGatewaysIdentity_thenTheGatewayResumes() throws Exception {
        CompletableFuture<HttpResponse<String>> turn = heldTurnInFlight("held-long");
        Path seen = temp.resolve("seen");

        try (GatewayProcess cli = maintain("--exec", "cat \"$GATEWAY_HOME/gateway_state.json\" > '" + seen + "';"
                + " echo \"identity $GATEWAY_INSTANCE_ID $GATEWAY_URL $GATEWAY_HOME\"")) {
            assertThat(cli.awaitOutput("in flight: 1", EXIT)).as(String.join("\n", cli.output())).isTrue();
            assertThat(seen).as("the command waits while the turn is in flight").doesNotExist();
            HeldTurns.release(releases, "held-long");
            assertThat(cli.awaitExit(EXIT)).as(String.join("\n", cli.output())).isZero();
            String output = String.join("\n", cli.output());
            assertThat(output).contains("in flight: 1", "in flight: 0", "Running:",
                    "identity maintained " + gateway.url() + " " + home, "runs again and is ready");
        }
        assertThat(turn.get(30, TimeUnit.SECONDS).statusCode()).as("the turn in flight finished").isEqualTo(200);
        var atCommand = LiveApi.JSON.readTree(Files.readString(seen));
        assertThat(atCommand.path("gateway_state").asText()).isEqualTo("draining");
        assertThat(atCommand.path("active_agents").asInt()).as("turns in flight when the command ran").isZero();
        assertThat(atCommand.path("drain").path("reason").asText()).as("the command is not copied into the reason")
                .isEqualTo("maintain");
        assertThat(state()).isEqualTo("running");
        assertThat(api.get("/health/ready").statusCode()).isEqualTo(200);
    }

    @Test
    void overHttp_withUrlAndToken_theCommandGetsThatUrl_andTheGatewayResumes() throws Exception {
        String token = Files.readString(home.resolve("drain-token")).strip();

        try (GatewayProcess cli = GatewayProcess.start("cli-maintain-url", Map.of("GATEWAY_HOME", temp.resolve("elsewhere").toString()),
                "maintain", "--url", gateway.url(), "--token", token, "--exec", "echo \"url $GATEWAY_URL\"")) {
            assertThat(cli.awaitExit(EXIT)).as(String.join("\n", cli.output())).isZero();
            assertThat(String.join("\n", cli.output())).contains("url " + gateway.url(), "runs again and is ready");
        }
        assertThat(state()).isEqualTo("running");
    }

    @Test
    void withoutACommand_isAUsageError_andDrainsNothing() throws Exception {
        try (GatewayProcess cli = maintain("--timeout", "1s")) {
            assertThat(cli.awaitExit(EXIT)).isEqualTo(2);
            assertThat(String.join("\n", cli.output())).contains("--exec");
        }
        assertThat(state()).isEqualTo("running");
    }

    @Test
    void aFailingCommand_cancelsTheDrain_andExits1() throws Exception {
        try (GatewayProcess cli = maintain("--exec", "echo trying; exit 7")) {
            assertThat(cli.awaitExit(EXIT)).isEqualTo(1);
            assertThat(String.join("\n", cli.output())).contains("trying", "exited with 7", "the drain is cancelled");
        }
        assertThat(state()).isEqualTo("running");
    }

    @Test
    void aFailingCommand_withStayDrained_keepsTheDrain() throws Exception {
        try (GatewayProcess cli = maintain("--exec", "false", "--on-failure", "stay-drained")) {
            assertThat(cli.awaitExit(EXIT)).isEqualTo(1);
            assertThat(String.join("\n", cli.output())).contains("stays in place");
        }
        assertThat(state()).isEqualTo("draining");
    }

    @Test
    void aQuiesceThatTimesOut_runsNothing_andExits3() throws Exception {
        heldTurnInFlight("held-forever");
        Path ran = temp.resolve("ran");

        try (GatewayProcess cli = maintain("--exec", "touch '" + ran + "'", "--timeout", "1s")) {
            assertThat(cli.awaitExit(EXIT)).isEqualTo(3);
            assertThat(String.join("\n", cli.output())).contains("timed out", "not run", "the drain is cancelled");
        }
        assertThat(ran).doesNotExist();
        assertThat(state()).isEqualTo("running");
    }

    @Test
    void sigtermWhileWaiting_cancelsTheDrain_runsNothing_andExits4() throws Exception {
        heldTurnInFlight("held-forever");
        Path ran = temp.resolve("ran");

        try (GatewayProcess cli = maintain("--exec", "touch '" + ran + "'")) {
            assertThat(cli.awaitOutput("in flight: 1", EXIT)).isTrue();
            cli.terminate();
            assertThat(cli.awaitExit(EXIT)).isEqualTo(4);
            assertThat(String.join("\n", cli.output())).contains("interrupted", "the drain is cancelled");
        }
        assertThat(ran).doesNotExist();
        assertThat(state()).isEqualTo("running");
    }

    @Test
    void sigtermWhileTheCommandRuns_endsIt_andWithStayDrainedKeepsTheDrain() throws Exception {
        Path started = temp.resolve("started");
        Path finished = temp.resolve("finished");

        try (GatewayProcess cli = maintain("--exec", "touch '" + started + "'; sleep 60; touch '" + finished + "'",
                "--on-failure", "stay-drained")) {
            Latency.until(System.nanoTime(), Duration.ofSeconds(30), "the command started", () -> Files.exists(started));
            cli.terminate();
            assertThat(cli.awaitExit(EXIT)).isEqualTo(4);
            assertThat(String.join("\n", cli.output())).contains("interrupted", "stays in place");
        }
        assertThat(finished).as("the command was ended, not left to finish").doesNotExist();
        assertThat(state()).isEqualTo("draining");
    }
}
