package org.gatewaydrain.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI's documented exit codes, from a real process as a script sees them. */
@Tag("live")
class CliExitCodesLiveTest {

    private static final Duration EXIT = Duration.ofSeconds(60);

    @TempDir
    Path home;

    @Test
    void usageErrors_exit2() throws Exception {
        try (GatewayProcess cli = GatewayProcess.start("cli-usage", LiveHome.env(home), "explode")) {
            assertThat(cli.awaitExit(EXIT)).isEqualTo(2);
        }
        try (GatewayProcess cli = GatewayProcess.start("cli-usage", LiveHome.env(home), "drain", "--timeout", "soon")) {
            assertThat(cli.awaitExit(EXIT)).isEqualTo(2);
        }
    }

    @Test
    void drainWaitWithoutALiveGateway_exits1_andLeavesTheRequest() throws Exception {
        try (GatewayProcess cli = GatewayProcess.start("cli-failed", LiveHome.env(home), "drain", "--wait", "--timeout", "10s")) {
            assertThat(cli.awaitExit(EXIT)).isEqualTo(1);
            assertThat(String.join("\n", cli.output())).contains("no live gateway");
        }
        assertThat(home.resolve(LiveHome.MARKER)).exists();
    }

    @Test
    void drainWaitThatRunsOut_exits3_andASignalWhileWaiting_exits4() throws Exception {
        java.util.Map<String, String> env = new java.util.HashMap<>(LiveHome.env(home));
        // The minute-long turn is cut short when the gateway stops at the end.
        env.put("GATEWAY_SHUTDOWN_DRAIN_TIMEOUT", "100ms");
        try (GatewayProcess gateway = GatewayProcess.serve("gateway", env, "run", "--port", "0")) {
            LiveApi api = LiveApi.of(gateway, home);
            api.turn("long", 60_000);
            Latency.until(System.nanoTime(), Duration.ofSeconds(10), "turn in flight",
                    () -> api.status().path("active_agents").asInt() == 1);

            try (GatewayProcess timesOut = GatewayProcess.start("cli-timeout", LiveHome.env(home), "drain", "--wait",
                    "--timeout", "1s")) {
                assertThat(timesOut.awaitExit(EXIT)).isEqualTo(3);
                assertThat(String.join("\n", timesOut.output())).contains("timed out", "1 turn(s) still in flight");
            }
            try (GatewayProcess waiting = GatewayProcess.start("cli-interrupted", LiveHome.env(home), "drain", "--wait",
                    "--timeout", "60s")) {
                assertThat(waiting.awaitOutput("in flight: 1", EXIT)).isTrue();
                waiting.terminate();
                assertThat(waiting.awaitExit(EXIT)).isEqualTo(4);
                assertThat(String.join("\n", waiting.output())).contains("interrupted", "the drain request stays");
            }
            assertThat(home.resolve(LiveHome.MARKER)).as("an interrupted wait leaves the drain in place").exists();
        }
    }
}
