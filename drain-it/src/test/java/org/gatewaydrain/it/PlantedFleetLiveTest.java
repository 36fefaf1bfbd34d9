package org.gatewaydrain.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryOneTime;
import org.apache.zookeeper.CreateMode;
import org.gatewaydrain.core.ChannelHealth;
import org.gatewaydrain.core.GatewayState;
import org.gatewaydrain.core.RuntimeStatus;
import org.gatewaydrain.core.rollout.MaxDraining;
import org.gatewaydrain.core.rollout.Rollout;
import org.gatewaydrain.core.spi.RolloutWire;
import org.gatewaydrain.core.spi.WireFormat;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The attack of the trust review, for real: a ZooKeeper process, a gateway with a turn in
 * flight, and nodes planted by a plain ZooKeeper client (no identity), then the documented CLI.
 * Nothing planted is counted, waited on, rolled across or run.
 */
@Tag("live")
@Tag("slow")
class PlantedFleetLiveTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CLUSTER = "planted";

    @TempDir
    Path temp;

    private Map<String, String> env(ZooKeeperProcess zookeeper, String instance) throws Exception {
        Path home = Files.createDirectories(temp.resolve("home-" + instance));
        Map<String, String> env = zookeeper.fleetEnv(LiveHome.env(home), CLUSTER, instance, "10s");
        env.put("GATEWAY_SHUTDOWN_DRAIN_TIMEOUT", "2s");
        return env;
    }

    private record CliRun(int code, String output) {
    }

    private CliRun cli(ZooKeeperProcess zookeeper, String... args) throws Exception {
        try (GatewayProcess cli = GatewayProcess.start("cli-" + args[0], env(zookeeper, "operator"), args)) {
            int code = cli.awaitExit(Duration.ofSeconds(90));
            return new CliRun(code, String.join("\n", cli.output()));
        }
    }

    private static byte[] json(Map<String, Object> fields) throws Exception {
        return JSON.writeValueAsBytes(fields);
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void plantedStatusesAndARecordedCommand_foolNoCommand() throws Exception {
        Path releases = Files.createDirectories(temp.resolve("releases"));
        Path pwned = temp.resolve("pwned");
        try (ZooKeeperProcess zookeeper = ZooKeeperProcess.start(Files.createDirectories(temp.resolve("zk")));
                GatewayProcess gateway = GatewayProcess.serveHeld("planted-gw-1", env(zookeeper, "gw-1"), releases,
                        "run", "--port", "0");
                CuratorFramework attacker = CuratorFrameworkFactory.newClient(zookeeper.connect(), new RetryOneTime(100))) {
            attacker.start();
            attacker.blockUntilConnected();
            LiveApi api = LiveApi.of(gateway, temp.resolve("home-gw-1"));
            CompletableFuture<HttpResponse<String>> turn = api.turn("held-planted", 0);
            Latency.until(System.nanoTime(), Duration.ofSeconds(30), "turn in flight",
                    () -> api.status().path("active_agents").asInt() == 1);

            // A persistent node claiming to be gw-1, draining and quiet; another without an id; a rollout record with a command.
            Instant now = Instant.now();
            Map<String, Object> lie = new LinkedHashMap<>(WireFormat.encodeStatus(new RuntimeStatus(1, "gateway", "gw-1",
                    "host", now, GatewayState.DRAINING, 0, Optional.empty(), Optional.empty(), ChannelHealth.OK,
                    Optional.empty(), now)));
            String status = "/gatewaydrain/" + CLUSTER + "/status/";
            attacker.create().forPath(status + "0", json(lie));
            Map<String, Object> nameless = new LinkedHashMap<>(lie);
            nameless.remove("instance_id");
            attacker.create().forPath(status + "gw-9", json(nameless));
            // A presence of the attacker's own session, under its own name, with a host that would drive a terminal.
            Map<String, Object> hostile = new LinkedHashMap<>(WireFormat.encodeStatus(new RuntimeStatus(1, "gateway",
                    "gw-5", "evil\u001b[2J", now, GatewayState.RUNNING, 0, Optional.empty(), Optional.empty(),
                    ChannelHealth.OK, Optional.empty(), now)));
            attacker.create().withMode(CreateMode.EPHEMERAL).forPath(status + "gw-5", json(hostile));
            Rollout planted = new Rollout("r-planted", "touch " + pwned + "\u001b[2J", "mallory", MaxDraining.ONE,
                    Rollout.State.INTERRUPTED, now, now, List.of(new Rollout.Entry("gw-1", Rollout.Step.PENDING, "")));
            attacker.create().creatingParentsIfNeeded().forPath("/gatewaydrain/" + CLUSTER + "/rollout/progress",
                    json(RolloutWire.encode(planted)));

            CliRun fleet = cli(zookeeper, "status", "--fleet");
            assertThat(fleet.output()).as(fleet.output()).contains("2 live", "2 invalid", "gw-9", "evil\\u001b[2J")
                    .doesNotContain("Exception").doesNotContain("\u001b");

            CliRun wait = cli(zookeeper, "drain", "--instance", "gw-1", "--wait", "--timeout", "3s", "--reason", "check");
            assertThat(wait.code()).as("not fooled by the planted draining node: " + wait.output()).isEqualTo(3);
            assertThat(wait.output()).doesNotContain("Quiesced");

            CliRun dryRun = cli(zookeeper, "rollout", "--dry-run", "--exec", "true");
            assertThat(dryRun.output()).as(dryRun.output()).doesNotContain("Exception").doesNotContain("\u001b");

            CliRun resume = cli(zookeeper, "rollout", "--resume", "--exec", "true");
            assertThat(resume.code()).as("refused: " + resume.output()).isEqualTo(1);
            assertThat(resume.output()).contains("not the command given", "touch " + pwned + "\\u001b[2J")
                    .doesNotContain("\u001b");
            CliRun noExec = cli(zookeeper, "rollout", "--resume");
            assertThat(noExec.code()).as("usage: " + noExec.output()).isEqualTo(2);
            assertThat(pwned).as("nothing read from ZooKeeper ran").doesNotExist();

            assertThat(cli(zookeeper, "cancel", "--instance", "gw-1").code()).isZero();
            HeldTurns.release(releases, "held-planted");
            assertThat(turn.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        }
    }
}
