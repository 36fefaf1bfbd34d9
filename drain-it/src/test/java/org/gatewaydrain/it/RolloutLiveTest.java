package org.gatewaydrain.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code gateway rollout} for real: a ZooKeeper server process, three {@code gateway run}
 * processes and the CLI as an operator runs it, while the fleet's status is polled
 * throughout to check the budget.
 */
@Tag("live")
@Tag("slow")
class RolloutLiveTest {

    private static final Duration BOUND = Duration.ofSeconds(60);
    private static final Duration EXIT = Duration.ofSeconds(120);

    @TempDir
    Path temp;

    private final List<GatewayProcess> processes = new ArrayList<>();

    private Map<String, String> env(ZooKeeperProcess zookeeper, String instance) throws Exception {
        Path home = Files.createDirectories(temp.resolve("home-" + instance));
        // Short sessions: a killed gateway's status, and a killed rollout's lock, are gone in seconds.
        Map<String, String> env = zookeeper.fleetEnv(LiveHome.env(home), "roll", instance, "3s");
        env.put("GATEWAY_SHUTDOWN_DRAIN_TIMEOUT", "100ms");
        return env;
    }

    private List<LiveApi> fleet(ZooKeeperProcess zookeeper) throws Exception {
        List<LiveApi> apis = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            Map<String, String> env = env(zookeeper, "gw-" + i);
            GatewayProcess gateway = GatewayProcess.serve("roll-gw-" + i, env, "run", "--port", "0");
            processes.add(gateway);
            apis.add(LiveApi.of(gateway, Path.of(env.get("GATEWAY_HOME"))));
        }
        Latency.until(System.nanoTime(), BOUND, "three live instances",
                () -> LiveApi.json(apis.get(0).get("/api/fleet/status")).path("live").asInt() == 3);
        return apis;
    }

    private GatewayProcess rollout(ZooKeeperProcess zookeeper, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("rollout"));
        command.addAll(List.of(args));
        GatewayProcess cli = GatewayProcess.start("cli-rollout", env(zookeeper, "operator"), command.toArray(String[]::new));
        processes.add(cli);
        return cli;
    }

    private static List<String> lines(Path file) {
        try {
            return Files.exists(file) ? Files.readAllLines(file) : List.of();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String state(LiveApi api) {
        return api.status().path("gateway_state").asText();
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES) // the sum of its bounds, well past the 2-minute default
    void oneAtATime_neverTwoDraining_aSecondRolloutIsRefused_andAKilledRolloutResumesWithoutRedoingTheFirst()
            throws Exception {
        ScheduledExecutorService monitor = Executors.newSingleThreadScheduledExecutor();
        try (ZooKeeperProcess zookeeper = ZooKeeperProcess.start(Files.createDirectories(temp.resolve("zk")))) {
            List<LiveApi> apis = fleet(zookeeper);
            AtomicInteger mostDraining = new AtomicInteger();
            AtomicInteger looks = new AtomicInteger();
            List<String> overBudget = Collections.synchronizedList(new ArrayList<>());
            List<String> monitorFailures = Collections.synchronizedList(new ArrayList<>());
            monitor.scheduleWithFixedDelay(() -> {
                // A task that throws is never run again, silently: every failure is kept and fails the test.
                try {
                    JsonNode fleet = LiveApi.json(apis.get(0).get("/api/fleet/status"));
                    int draining = fleet.path("draining").asInt();
                    mostDraining.accumulateAndGet(draining, Math::max);
                    looks.incrementAndGet();
                    if (draining > 1) {
                        overBudget.add(fleet.toString());
                    }
                } catch (RuntimeException | AssertionError e) {
                    monitorFailures.add(e.toString());
                }
            }, 0, 20, TimeUnit.MILLISECONDS);
            Path visited = temp.resolve("visited.log");
            // Each instance's maintenance lasts until the test releases it (a file per instance), so the test
            // decides what is under way when it kills the rolling process, not a sleep racing the machine.
            Path releases = Files.createDirectories(temp.resolve("releases"));
            String maintenance = "echo \"$GATEWAY_INSTANCE_ID\" >> '" + visited + "'; i=0; while [ ! -e '" + releases
                    + "'/\"$GATEWAY_INSTANCE_ID\" ] && [ $i -lt 1200 ]; do sleep 0.05; i=$((i+1)); done";

            GatewayProcess dryRun = rollout(zookeeper, "--exec", maintenance, "--dry-run");
            assertThat(dryRun.awaitExit(EXIT)).as(String.join("\n", dryRun.output())).isZero();
            assertThat(String.join("\n", dryRun.output())).contains("(dry run)", "at most 1 of 3 live", "1. gw-1",
                    "2. gw-2", "3. gw-3");
            assertThat(lines(visited)).as("a dry run changes nothing").isEmpty();

            GatewayProcess first = rollout(zookeeper, "--exec", maintenance, "--max-draining", "1", "--principal", "alice");
            Latency.until(System.nanoTime(), BOUND, "gw-1 maintained", () -> lines(visited).contains("gw-1"));
            long refusedAt = System.nanoTime();
            GatewayProcess second = rollout(zookeeper, "--exec", "true", "--principal", "bob", "--discard");
            assertThat(second.awaitExit(EXIT)).isEqualTo(1);
            assertThat(String.join("\n", second.output())).contains("Another rollout is running on cluster roll",
                    "by alice on");
            Latency.report("rollout", "a second rollout refused", Duration.ofNanos(System.nanoTime() - refusedAt));
            Files.createFile(releases.resolve("gw-1"));

            Latency.until(System.nanoTime(), BOUND, "gw-2 in its maintenance", () -> lines(visited).contains("gw-2"));
            first.kill();
            first.awaitExit(EXIT);
            assertThat(lines(visited)).containsExactly("gw-1", "gw-2");
            Files.createFile(releases.resolve("gw-2"));
            Files.createFile(releases.resolve("gw-3"));

            GatewayProcess resumed = rollout(zookeeper, "--resume", "--exec", maintenance, "--principal", "alice");
            assertThat(resumed.awaitExit(EXIT)).as(String.join("\n", resumed.output())).isZero();
            assertThat(String.join("\n", resumed.output())).contains("3 done");
            assertThat(lines(visited)).as("gw-1 not redone; gw-2, killed mid-maintenance, visited again")
                    .containsExactly("gw-1", "gw-2", "gw-2", "gw-3");
            for (LiveApi api : apis) {
                Latency.until(System.nanoTime(), BOUND, "running again", () -> state(api).equals("running"));
            }

            JsonNode record = LiveApi.json(apis.get(2).get("/api/fleet/rollout"));
            assertThat(record.path("rollout").path("state").asText()).isEqualTo("done");
            assertThat(record.path("rollout").path("done").toString()).isEqualTo("[\"gw-1\",\"gw-2\",\"gw-3\"]");
            assertThat(record.path("holder").isNull()).isTrue();

            monitor.shutdown();
            assertThat(monitor.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
            assertThat(monitorFailures).as("the monitor's failed looks").isEmpty();
            assertThat(looks.get()).as("the monitor's looks").isPositive();
            assertThat(overBudget).as("fleet snapshots with more than one instance draining").isEmpty();
            assertThat(mostDraining.get()).as("the monitor saw the drains").isEqualTo(1);
        } finally {
            monitor.shutdownNow();
            processes.forEach(GatewayProcess::close);
        }
    }

    @Test
    @Timeout(value = 12, unit = TimeUnit.MINUTES) // the sum of its bounds, well past the 2-minute default
    void anInstanceKilledMidRollout_isSkippedAndReported_aFailureStopsTheWalk_andASignalIsRecorded() throws Exception {
        try (ZooKeeperProcess zookeeper = ZooKeeperProcess.start(Files.createDirectories(temp.resolve("zk")))) {
            List<LiveApi> apis = fleet(zookeeper);
            CompletableFuture<HttpResponse<String>> longTurn = apis.get(1).turn("long", 60_000);
            Latency.until(System.nanoTime(), BOUND, "turn in flight on gw-2",
                    () -> apis.get(1).status().path("active_agents").asInt() == 1);
            Path visited = temp.resolve("visited.log");

            GatewayProcess cli = rollout(zookeeper, "--exec", "echo \"$GATEWAY_INSTANCE_ID\" >> '" + visited + "'",
                    "--timeout", "90s");
            Latency.until(System.nanoTime(), BOUND, "gw-2 draining, waiting on its turn",
                    () -> state(apis.get(1)).equals("draining"));
            processes.get(1).kill();
            long killed = System.nanoTime();

            assertThat(cli.awaitExit(EXIT)).as(String.join("\n", cli.output())).isZero();
            Latency.report("rollout", "killed instance skipped and the rollout done", Duration.ofNanos(System.nanoTime()
                    - killed));
            String output = String.join("\n", cli.output());
            assertThat(output).contains("gw-2 is gone", "2 done, 1 skipped (gw-2: gone while waiting for quiesce");
            assertThat(lines(visited)).containsExactly("gw-1", "gw-3");
            JsonNode record = LiveApi.json(apis.get(0).get("/api/fleet/rollout")).path("rollout");
            assertThat(record.path("skipped").toString()).isEqualTo("[\"gw-2\"]");

            // A failing command stops the rollout at that instance, resumes it, and leaves the rest untouched.
            Path failing = temp.resolve("failing.log");
            GatewayProcess stopped = rollout(zookeeper, "--exec", "echo \"$GATEWAY_INSTANCE_ID\" >> '" + failing + "';"
                    + " test \"$GATEWAY_INSTANCE_ID\" != gw-1");
            assertThat(stopped.awaitExit(EXIT)).as(String.join("\n", stopped.output())).isEqualTo(1);
            assertThat(String.join("\n", stopped.output())).contains("gw-1 failed (the command exited with 1)",
                    "1 not visited (gw-3)");
            assertThat(lines(failing)).containsExactly("gw-1");
            record = LiveApi.json(apis.get(0).get("/api/fleet/rollout")).path("rollout");
            assertThat(record.path("state").asText()).isEqualTo("failed");
            assertThat(record.path("failed").toString()).isEqualTo("[\"gw-1\"]");
            assertThat(record.path("pending").toString()).isEqualTo("[\"gw-3\"]");
            Latency.until(System.nanoTime(), BOUND, "gw-1 resumed after its failure", () -> state(apis.get(0)).equals("running"));
            assertThat(state(apis.get(2))).isEqualTo("running");

            // SIGTERM mid-command: the command is ended, the instance resumed, the record says interrupted, the lock is free.
            Path interrupted = temp.resolve("interrupted.log");
            GatewayProcess signalled = rollout(zookeeper, "--discard", "--exec", "echo \"$GATEWAY_INSTANCE_ID\" >> '"
                    + interrupted + "'; sleep 60");
            Latency.until(System.nanoTime(), BOUND, "gw-1 in its maintenance", () -> lines(interrupted).contains("gw-1"));
            signalled.terminate();
            assertThat(signalled.awaitExit(EXIT)).isEqualTo(4);
            assertThat(String.join("\n", signalled.output())).contains("recorded as interrupted", "--resume");
            JsonNode afterSignal = LiveApi.json(apis.get(0).get("/api/fleet/rollout"));
            assertThat(afterSignal.path("rollout").path("state").asText()).isEqualTo("interrupted");
            assertThat(afterSignal.path("running").asBoolean()).as("the lock ends with the session, at once").isFalse();
            Latency.until(System.nanoTime(), BOUND, "gw-1 resumed after the signal", () -> state(apis.get(0)).equals("running"));
        } finally {
            processes.forEach(GatewayProcess::close);
        }
    }
}
