package org.gatewaydrain.transport.zookeeper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryOneTime;
import org.apache.curator.test.TestingServer;
import org.apache.zookeeper.CreateMode;
import org.gatewaydrain.core.ChannelHealth;
import org.gatewaydrain.core.FleetReading;
import org.gatewaydrain.core.GatewayState;
import org.gatewaydrain.core.RuntimeStatus;
import org.gatewaydrain.core.StatusReading;
import org.gatewaydrain.core.spi.DrainTransport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What anyone with a plain ZooKeeper client can write under a cluster, and what the transport
 * makes of it: a status counts only as the instance its node is named after, and only in an
 * ephemeral node a live session holds; everything else is shown invalid and never counted; a
 * status root with more children than the limit is not read at all.
 */
class PlantedNodesTest {

    private static TestingServer server;

    private final String cluster = "planted-" + UUID.randomUUID();
    private final FleetPaths paths = new FleetPaths(cluster);
    private final List<DrainTransport> opened = new ArrayList<>();
    private CuratorFramework attacker;

    @BeforeAll
    static void startServer() throws Exception {
        server = new TestingServer(true);
    }

    @AfterAll
    static void stopServer() throws Exception {
        server.close();
    }

    @BeforeEach
    void connectTheAttacker() throws Exception {
        attacker = CuratorFrameworkFactory.newClient(server.getConnectString(), new RetryOneTime(100));
        attacker.start();
        attacker.blockUntilConnected();
    }

    @AfterEach
    void close() {
        opened.forEach(DrainTransport::close);
        attacker.close();
    }

    private DrainTransport instance(String id, int maxChildren) {
        DrainTransport transport = ZooKeeperTransport.builder().connect(server.getConnectString()).cluster(cluster)
                .instanceId(id).sessionTimeout(Duration.ofSeconds(10)).maxChildren(maxChildren).open();
        opened.add(transport);
        return transport;
    }

    private static RuntimeStatus status(String id, GatewayState state, int active) {
        Instant now = Instant.now();
        return new RuntimeStatus(ProcessHandle.current().pid(), "gateway", id, "host", now, state, active,
                Optional.empty(), Optional.empty(), ChannelHealth.OK, Optional.empty(), now);
    }

    private void plant(String name, CreateMode mode, String json) throws Exception {
        attacker.create().creatingParentsIfNeeded().withMode(mode).forPath(paths.statusRoot() + "/" + name,
                json.getBytes(StandardCharsets.UTF_8));
    }

    private static String quietGateway(String claimed) {
        return "{\"gateway_state\":\"draining\",\"active_agents\":0,\"pid\":1,\"host\":\"h\""
                + (claimed == null ? "" : ",\"instance_id\":\"" + claimed + "\"") + "}";
    }

    @Test
    void aPersistentNodeClaimingAQuietInstance_isInvalid_neverCountedOrLive() throws Exception {
        DrainTransport gw1 = instance("gw-1", 100);
        gw1.statusStore().publish(status("gw-1", GatewayState.DRAINING, 1));
        plant("gw-0", CreateMode.PERSISTENT, quietGateway("gw-0"));

        FleetReading fleet = gw1.statusStore().readFleet();

        assertThat(fleet).isInstanceOfSatisfying(FleetReading.Instances.class, instances -> {
            assertThat(instances.instances()).extracting(p -> p.status().instanceId()).containsExactly("gw-1");
            assertThat(instances.live()).hasSize(1);
            assertThat(instances.quiesced()).as("gw-1 has a turn in flight").isFalse();
            assertThat(instances.invalid()).singleElement().satisfies(invalid -> {
                assertThat(invalid.name()).isEqualTo("gw-0");
                assertThat(invalid.why()).contains("persistent");
            });
        });
        assertThat(instance("gw-0", 100).statusStore().read()).as("a planted node is nobody's status")
                .isInstanceOf(StatusReading.Unknown.class);
    }

    @Test
    void aLiveSessionsNodeWhoseStatusNamesAnotherInstance_orNone_isInvalid() throws Exception {
        DrainTransport gw1 = instance("gw-1", 100);
        gw1.statusStore().publish(status("gw-1", GatewayState.DRAINING, 1));
        plant("gw-9", CreateMode.EPHEMERAL, quietGateway("gw-1"));
        plant("gw-8", CreateMode.EPHEMERAL, quietGateway(null));
        plant("not an id", CreateMode.EPHEMERAL, quietGateway("not an id"));
        plant("gw-7", CreateMode.EPHEMERAL, "[\"not\", \"a status\"]");
        plant("gw-6", CreateMode.EPHEMERAL, quietGateway("gw-6").replace("}", ",\"pad\":\"" + "x".repeat(70 * 1024) + "\"}"));

        FleetReading.Instances fleet = (FleetReading.Instances) gw1.statusStore().readFleet();

        assertThat(fleet.instances()).extracting(p -> p.status().instanceId()).containsExactly("gw-1");
        assertThat(fleet.instances().get(0).status().activeTurns()).as("gw-1's own status, not the claim").isEqualTo(1);
        assertThat(fleet.invalid()).extracting(FleetReading.Invalid::name)
                .containsExactly("gw-6", "gw-7", "gw-8", "gw-9", "not an id");
        assertThat(fleet.invalid()).extracting(FleetReading.Invalid::why).anyMatch(why -> why.contains("another instance"))
                .anyMatch(why -> why.contains("names no instance")).anyMatch(why -> why.contains("not an instance id"))
                .anyMatch(why -> why.contains("larger than 64 KiB"));
    }

    @Test
    void aStatusRootWithMoreChildrenThanTheLimit_isNotRead_andReadsUnknown() throws Exception {
        DrainTransport gw1 = instance("gw-1", 5);
        gw1.statusStore().publish(status("gw-1", GatewayState.RUNNING, 0));
        for (int i = 0; i < 5; i++) {
            plant("flood-" + i, CreateMode.PERSISTENT, "{}");
        }

        assertThat(gw1.statusStore().readFleet()).isInstanceOfSatisfying(FleetReading.Unknown.class,
                unknown -> assertThat(unknown.cause()).contains("zookeeper.max_children"));
        assertThat(gw1.statusStore().read()).as("its own status is still read")
                .isInstanceOfSatisfying(StatusReading.Published.class, p -> assertThat(p.live()).isTrue());
    }

    @Test
    void aStoreNeverPublishesAStatusUnderAnotherInstancesName() {
        DrainTransport gw1 = instance("gw-1", 100);

        assertThatThrownBy(() -> gw1.statusStore().publish(status("gw-2", GatewayState.RUNNING, 0)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("gw-1");
    }
}
