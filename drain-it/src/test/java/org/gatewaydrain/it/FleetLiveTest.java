package org.gatewaydrain.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A fleet for real: a ZooKeeper server process and three {@code gateway run} processes on the
 * zookeeper transport, driven by the {@code gateway} CLI as an operator would.
 */
@Tag("live")
@Tag("slow")
class FleetLiveTest {

    private static final Duration BOUND = Duration.ofSeconds(30);

    @TempDir
    Path temp;

    private Map<String, String> env(ZooKeeperProcess zookeeper, String instance) throws Exception {
        Path home = Files.createDirectories(temp.resolve("home-" + instance));
        Map<String, String> env = zookeeper.fleetEnv(LiveHome.env(home), "live", instance, "10s");
        env.put("GATEWAY_SHUTDOWN_DRAIN_TIMEOUT", "2s");
        return env;
    }

    /** Runs the CLI to its end; the process is closed (killed if it hangs) whatever happens. */
    private CliRun cli(ZooKeeperProcess zookeeper, String... args) throws Exception {
        try (GatewayProcess cli = GatewayProcess.start("cli-" + args[0], env(zookeeper, "operator"), args)) {
            int code = cli.awaitExit(Duration.ofSeconds(90));
            return new CliRun(code, String.join("\n", cli.output()));
        }
    }

    private record CliRun(int code, String output) {
    }

    private static String state(LiveApi api) {
        return api.status().path("gateway_state").asText();
    }

    @Test
    @Timeout(value = 8, unit = TimeUnit.MINUTES) // the sum of its bounds, well past the 2-minute default
    void fleetAndInstanceDrains_throughTheCli_andLosingZooKeeperHoldsEveryState() throws Exception {
        List<GatewayProcess> processes = new ArrayList<>();
        Path releases = Files.createDirectories(temp.resolve("releases"));
        try (ZooKeeperProcess zookeeper = ZooKeeperProcess.start(Files.createDirectories(temp.resolve("zk")))) {
            List<LiveApi> apis = new ArrayList<>();
            for (int i = 1; i <= 3; i++) {
                Map<String, String> env = env(zookeeper, "gw-" + i);
                GatewayProcess gateway = GatewayProcess.serveHeld("fleet-gw-" + i, env, releases, "run", "--port", "0");
                processes.add(gateway);
                apis.add(LiveApi.of(gateway, Path.of(env.get("GATEWAY_HOME"))));
            }

            // A fleet drain with --wait: every instance refuses new turns, its turn in flight finishes. The turns are
            // held until the CLI, a fresh JVM, has shown every one of them in flight.
            List<CompletableFuture<HttpResponse<String>>> turns = new ArrayList<>();
            for (LiveApi api : apis) {
                turns.add(api.turn("held-long", 0));
            }
            for (LiveApi api : apis) {
                Latency.until(System.nanoTime(), BOUND, "turn in flight", () -> api.status().path("active_agents").asInt() == 1);
            }
            long drained = System.nanoTime();
            GatewayProcess wait = GatewayProcess.start("cli-drain-fleet", env(zookeeper, "operator"), "drain", "--fleet",
                    "--wait", "--timeout", "60s", "--reason", "fleet patch");
            processes.add(wait);
            for (LiveApi api : apis) {
                Latency.until(drained, BOUND, "instance draining", () -> state(api).equals("draining"));
                assertThat(api.post("/api/messages", "{\"session\":\"new\",\"text\":\"hi\"}").statusCode()).isEqualTo(503);
            }
            assertThat(wait.awaitOutput("gw-1 1, gw-2 1, gw-3 1", Duration.ofSeconds(90)))
                    .as(String.join("\n", wait.output())).isTrue();
            HeldTurns.release(releases, "held-long");
            assertThat(wait.awaitExit(Duration.ofSeconds(90))).as("drain --fleet --wait").isZero();
            String waited = String.join("\n", wait.output());
            assertThat(waited).contains("every live instance is draining", "gw-1 1", "gw-2 1", "gw-3 1",
                    "gw-1 0, gw-2 0, gw-3 0", "Quiesced");
            for (CompletableFuture<HttpResponse<String>> turn : turns) {
                assertThat(turn.get(30, TimeUnit.SECONDS).statusCode()).as("a turn in flight at the drain").isEqualTo(200);
            }
            Latency.report("fleet", "drain --fleet --wait returned", Duration.ofNanos(System.nanoTime() - drained));
            CliRun table = cli(zookeeper, "status", "--fleet");
            assertThat(table.output()).contains("gw-1", "gw-2", "gw-3", "fleet: 3 live, 3 draining, quiesced");

            // A control plane that runs no gateway shows the fleet and cancels the fleet drain: all resume.
            Map<String, String> controlEnv = env(zookeeper, "control-plane");
            GatewayProcess controlPlane = GatewayProcess.serve("fleet-control-plane", controlEnv, "control-plane", "--port", "0");
            processes.add(controlPlane);
            LiveApi control = LiveApi.of(controlPlane, Path.of(controlEnv.get("GATEWAY_HOME")));
            JsonNode fleet = LiveApi.json(control.get("/api/fleet/status"));
            assertThat(fleet.path("live").asInt()).isEqualTo(3);
            assertThat(fleet.path("quiesced").asBoolean()).isTrue();
            HttpResponse<String> cancelled = control.post("/api/gateway/drain", "{\"action\":\"cancel\",\"scope\":\"fleet\"}");
            assertThat(LiveApi.json(cancelled).path("was_draining").asBoolean()).isTrue();
            for (LiveApi api : apis) {
                Latency.until(System.nanoTime(), BOUND, "running again", () -> state(api).equals("running"));
            }

            // An instance drain affects only that instance.
            assertThat(cli(zookeeper, "drain", "--instance", "gw-2").code()).isZero();
            Latency.until(System.nanoTime(), BOUND, "gw-2 draining", () -> state(apis.get(1)).equals("draining"));
            assertThat(state(apis.get(0))).isEqualTo("running");
            assertThat(state(apis.get(2))).isEqualTo("running");

            // ZooKeeper gone: every gateway holds its state and says degraded; back: they reconcile to what is stored.
            zookeeper.kill();
            for (LiveApi api : apis) {
                Latency.until(System.nanoTime(), BOUND, "degraded", () -> api.status().path("control_channel").asText()
                        .equals("degraded"));
            }
            assertThat(apis).extracting(FleetLiveTest::state).containsExactly("running", "draining", "running");
            long restarted = System.nanoTime();
            zookeeper.restart();
            for (LiveApi api : apis) {
                Latency.until(restarted, BOUND, "channel ok again", () -> api.status().path("control_channel").asText()
                        .equals("ok"));
            }
            Latency.report("fleet", "every instance reconciled after ZooKeeper came back", Duration.ofNanos(System.nanoTime()
                    - restarted));
            assertThat(apis).extracting(FleetLiveTest::state).containsExactly("running", "draining", "running");
            assertThat(cli(zookeeper, "cancel", "--instance", "gw-2").code()).isZero();
            Latency.until(System.nanoTime(), BOUND, "gw-2 running", () -> state(apis.get(1)).equals("running"));
        } finally {
            processes.forEach(GatewayProcess::close);
        }
    }

}
