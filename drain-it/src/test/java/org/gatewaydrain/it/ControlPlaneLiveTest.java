package org.gatewaydrain.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A separate control-plane process over the same home drains the gateway process, and the CLI waits for it. */
@Tag("live")
class ControlPlaneLiveTest {

    private static final Duration BOUND = Duration.ofSeconds(10);

    @TempDir
    Path home;

    @TempDir
    Path scratch;

    @Test
    void controlPlaneProcess_drainsTheGatewayProcess() throws Exception {
        try (GatewayProcess gateway = GatewayProcess.serve("gateway", LiveHome.env(home), "run", "--port", "0");
                GatewayProcess controlPlane = GatewayProcess.serve("control-plane", LiveHome.env(home),
                        "control-plane", "--port", "0")) {
            LiveApi viaControlPlane = LiveApi.of(controlPlane, home);
            LiveApi viaGateway = LiveApi.of(gateway, home);

            long start = System.nanoTime();
            assertThat(viaControlPlane.drain("from the control plane").statusCode()).isEqualTo(200);
            Duration took = Latency.until(start, BOUND, "gateway draining",
                    () -> viaGateway.status().path("gateway_state").asText().equals("draining"));

            assertThat(viaControlPlane.status().path("pid").asLong()).isEqualTo(gateway.pid());
            assertThat(viaControlPlane.get("/api/gateway/status?wait=quiesced&timeout=10s").body()).contains("\"quiesced\":true");
            assertThat(viaControlPlane.cancel().statusCode()).isEqualTo(200);
            Latency.until(System.nanoTime(), BOUND, "gateway running",
                    () -> viaGateway.status().path("gateway_state").asText().equals("running"));
            Latency.report("control-plane", "gateway process draining after a drain sent to the control plane", took);
        }
    }

    @Test
    void controlPlane_loadsNoRuntimeGuiceOrInProcessAdapterClass() throws Exception {
        Path classLog = scratch.resolve("control-plane-classes.log");
        try (GatewayProcess gateway = GatewayProcess.serve("gateway", LiveHome.env(home), "run", "--port", "0");
                GatewayProcess controlPlane = GatewayProcess.serve("control-plane", LiveHome.env(home),
                        List.of("-Xlog:class+load=info:file=" + classLog), "control-plane", "--port", "0")) {
            LiveApi viaControlPlane = LiveApi.of(controlPlane, home);
            assertThat(viaControlPlane.drain("class check").statusCode()).isEqualTo(200);
            assertThat(viaControlPlane.get("/api/gateway/status?wait=quiesced&timeout=10s").statusCode()).isEqualTo(200);
            assertThat(viaControlPlane.get("/metrics").statusCode()).isEqualTo(200);
            assertThat(viaControlPlane.cancel().statusCode()).isEqualTo(200);
        }
        List<String> loaded = Files.readAllLines(classLog);

        assertThat(loaded).as("the log names the control routes it served")
                .anyMatch(line -> line.contains(" org.gatewaydrain.http.DrainRoutes "));
        assertThat(loaded).as("classes of the runtime, Guice or the in-process adapter")
                .noneMatch(line -> line.contains(" org.gatewaydrain.runtime.") || line.contains(" com.google.inject.")
                        || line.contains(" org.gatewaydrain.http.gateway."));
    }

    @Test
    void cliDrainWait_inAnotherProcess_exits0WhenQuiesced() throws Exception {
        try (GatewayProcess gateway = GatewayProcess.serveHeld("gateway", LiveHome.env(home), scratch, "run", "--port", "0")) {
            LiveApi api = LiveApi.of(gateway, home);
            // Held until the CLI, a fresh JVM, has seen it in flight: then it ends and the wait is over.
            api.turn("held-cli", 0);
            Latency.until(System.nanoTime(), BOUND, "turn in flight", () -> api.status().path("active_agents").asInt() == 1);

            try (GatewayProcess cli = GatewayProcess.start("cli-drain", LiveHome.env(home), "drain", "--wait",
                    "--timeout", "30s", "--reason", "cli")) {
                assertThat(cli.awaitOutput("in flight: 1", Duration.ofSeconds(60))).as(String.join("\n", cli.output()))
                        .isTrue();
                HeldTurns.release(scratch, "held-cli");
                assertThat(cli.awaitExit(Duration.ofSeconds(60))).isZero();
                assertThat(String.join("\n", cli.output())).contains("in flight: 1", "in flight: 0", "Quiesced");
            }
            try (GatewayProcess cancel = GatewayProcess.start("cli-cancel", LiveHome.env(home), "cancel", "--url",
                    gateway.url())) {
                assertThat(cancel.awaitExit(Duration.ofSeconds(60))).isZero();
            }
            Latency.until(System.nanoTime(), BOUND, "running", () -> api.status().path("gateway_state").asText().equals("running"));
        }
    }
}
