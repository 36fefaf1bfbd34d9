package org.gatewaydrain.transport.zookeeper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryOneTime;
import org.apache.curator.test.InstanceSpec;
import org.apache.curator.test.TestingServer;
import org.apache.zookeeper.KeeperException;
import org.gatewaydrain.core.ChannelHealth;
import org.gatewaydrain.core.DrainControlException;
import org.gatewaydrain.core.DrainRequest;
import org.gatewaydrain.core.DrainSignal;
import org.gatewaydrain.core.DrainTarget;
import org.gatewaydrain.core.FleetReading;
import org.gatewaydrain.core.GatewayState;
import org.gatewaydrain.core.RuntimeStatus;
import org.gatewaydrain.core.StatusReading;
import org.gatewaydrain.core.spi.DrainTransport;
import org.gatewaydrain.core.spi.Subscription;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What only a fleet transport does: fleet and instance requests, a fleet's statuses, sessions, ACLs. */
class ZooKeeperFleetTest {

    private static final Duration WAIT = Duration.ofSeconds(15);
    private static TestingServer server;

    private final String cluster = "fleet-" + UUID.randomUUID();
    /** Each test its own tree: /gatewaydrain is shared by every cluster, and an identity's check looks at it. */
    private final String chroot = "/fleet-test-" + UUID.randomUUID();
    private final List<DrainTransport> opened = new ArrayList<>();

    @BeforeAll
    static void startServer() throws Exception {
        // A short tick lets sessions be short, so an expired session's node goes in a second, not in ten.
        server = new TestingServer(new InstanceSpec(null, -1, -1, -1, true, -1, 200, -1), true);
    }

    @AfterAll
    static void stopServer() throws Exception {
        server.close();
    }

    @BeforeEach
    void makeTheTree() throws Exception {
        try (CuratorFramework root = CuratorFrameworkFactory.newClient(server.getConnectString(), new RetryOneTime(100))) {
            root.start();
            root.create().forPath(chroot);
        }
    }

    private String connect() {
        return server.getConnectString() + chroot;
    }

    @AfterEach
    void closeHandles() {
        opened.forEach(DrainTransport::close);
    }

    private DrainTransport instance(String id) {
        return open(ZooKeeperTransport.builder().connect(connect()).cluster(cluster).instanceId(id)
                .sessionTimeout(Duration.ofSeconds(10)));
    }

    private DrainTransport open(ZooKeeperTransport.Builder builder) {
        DrainTransport transport = builder.open();
        opened.add(transport);
        return transport;
    }

    private static DrainRequest request(String principal) {
        return DrainRequest.of(principal, Instant.now()).withReason(principal + " asks");
    }

    private static RuntimeStatus status(String id, GatewayState state, int active) {
        Instant now = Instant.now();
        return new RuntimeStatus(ProcessHandle.current().pid(), "gateway", id, "host", now, state, active,
                Optional.empty(), Optional.empty(), ChannelHealth.OK, Optional.empty(), now);
    }

    @Test
    void aFleetRequest_drainsEveryInstance_andSaysTheFleetHoldsIt() {
        DrainTransport one = instance("gw-1");
        DrainTransport two = instance("gw-2");

        one.channel().request(request("ops"), DrainTarget.FLEET);

        for (DrainTransport gateway : List.of(one, two)) {
            assertThat(gateway.channel().read()).isInstanceOfSatisfying(DrainSignal.Present.class, present -> {
                assertThat(present.scope()).contains("fleet");
                assertThat(present.request().principal()).isEqualTo("ops");
            });
        }
    }

    @Test
    void anInstanceRequest_drainsThatInstanceOnly_andItsOwnRequestIsItsInstanceNode() {
        DrainTransport one = instance("gw-1");
        DrainTransport two = instance("gw-2");

        one.channel().request(request("ops"), new DrainTarget.Instance("gw-2"));

        assertThat(one.channel().read()).isEqualTo(DrainSignal.ABSENT);
        assertThat(two.channel().read()).isInstanceOfSatisfying(DrainSignal.Present.class,
                present -> assertThat(present.scope()).contains("instance"));
        assertThat(two.channel().cancel()).as("gw-2's own request is its instance node").isTrue();
        assertThat(two.channel().read()).isEqualTo(DrainSignal.ABSENT);
    }

    @Test
    void aCancelWithAScope_removesThatRequestOnly_andTheInstanceRequestIsShownFirst() {
        DrainTransport one = instance("gw-1");
        one.channel().request(request("fleet-ops"), DrainTarget.FLEET);
        one.channel().request(request("instance-ops"), DrainTarget.OWN);

        assertThat(((DrainSignal.Present) one.channel().read()).request().principal()).isEqualTo("instance-ops");
        assertThat(one.channel().cancel(DrainTarget.OWN)).isTrue();
        assertThat(((DrainSignal.Present) one.channel().read()).request().principal()).isEqualTo("fleet-ops");
        assertThat(one.channel().cancel(DrainTarget.FLEET)).isTrue();
        assertThat(one.channel().read()).isEqualTo(DrainSignal.ABSENT);
        assertThat(one.channel().scopes()).containsExactlyInAnyOrder("fleet", "instance");
    }

    @Test
    void garbageAtTheFleetNode_drainsEveryInstanceToBeSafe() throws Exception {
        DrainTransport one = instance("gw-1");
        try (CuratorFramework raw = rawClient()) {
            raw.create().creatingParentsIfNeeded().forPath("/gatewaydrain/" + cluster + "/drain/fleet",
                    "{not json".getBytes(StandardCharsets.UTF_8));
        }

        assertThat(one.channel().read()).isInstanceOfSatisfying(DrainSignal.Unreadable.class,
                unreadable -> assertThat(unreadable.why()).contains("fleet").contains("not valid JSON"));
    }

    @Test
    void theFleet_listsEveryInstancesStatus_andAnInstanceThatLeavesIsGone() {
        DrainTransport one = instance("gw-1");
        DrainTransport two = instance("gw-2");
        one.statusStore().publish(status("gw-1", GatewayState.DRAINING, 0));
        two.statusStore().publish(status("gw-2", GatewayState.DRAINING, 2));

        FleetReading fleet = one.statusStore().readFleet();

        assertThat(fleet).isInstanceOfSatisfying(FleetReading.Instances.class, instances -> {
            assertThat(instances.instances()).extracting(p -> p.status().instanceId()).containsExactly("gw-1", "gw-2");
            assertThat(instances.instances()).allMatch(StatusReading.Published::live);
            assertThat(instances.quiesced()).as("gw-2 still has turns in flight").isFalse();
        });

        two.close();

        await().atMost(WAIT).until(() -> one.statusStore().readFleet() instanceof FleetReading.Instances instances
                && instances.instances().size() == 1 && instances.quiesced());
    }

    @Test
    void afterASessionExpiry_theStatusNodeComesBack_andADrainWrittenMeanwhileIsHeard() throws Exception {
        DrainTransport gateway = open(ZooKeeperTransport.builder().connect(connect()).cluster(cluster)
                .instanceId("gw-1").sessionTimeout(Duration.ofSeconds(2)));
        DrainTransport requester = instance("requester");
        gateway.statusStore().publish(status("gw-1", GatewayState.RUNNING, 0));
        AtomicInteger notices = new AtomicInteger();
        Subscription subscription = gateway.channel().subscribe(notices::incrementAndGet, Runnable::run);
        String statusNode = "/gatewaydrain/" + cluster + "/status/gw-1";
        try (CuratorFramework observer = rawClient()) {
            long firstSession = observer.checkExists().forPath(statusNode).getEphemeralOwner();
            CuratorFramework client = ((ZooKeeperDrainTransport) gateway).client();
            int beforeExpiry = notices.get();
            client.getZookeeperClient().getZooKeeper().getTestable().injectSessionExpiration();
            requester.channel().request(request("ops"), new DrainTarget.Instance("gw-1"));

            // Heard: by the reconnection's notice or the cache's, whichever comes; both make the gateway read.
            await().atMost(WAIT).until(() -> notices.get() > beforeExpiry && gateway.channel().read() instanceof DrainSignal.Present);
            await().atMost(WAIT).until(() -> {
                org.apache.zookeeper.data.Stat stat = observer.checkExists().forPath(statusNode);
                return stat != null && stat.getEphemeralOwner() != firstSession;
            });
            assertThat(requester.statusStore().readFleet()).isInstanceOfSatisfying(FleetReading.Instances.class,
                    fleet -> assertThat(fleet.instances()).extracting(p -> p.status().instanceId()).contains("gw-1"));

            // In the new session the cache still tells: a cancel now is heard without any reconnection.
            int beforeCancel = notices.get();
            requester.channel().cancel(new DrainTarget.Instance("gw-1"));
            await().atMost(WAIT).until(() -> notices.get() > beforeCancel && gateway.channel().read().equals(DrainSignal.ABSENT));
        } finally {
            subscription.close();
        }
    }

    @Test
    void withAnIdentity_onlyThatIdentityMayWriteOrRemoveRequests_butAnyoneMayRead() throws Exception {
        DrainTransport owner = open(ZooKeeperTransport.builder().connect(connect()).cluster(cluster)
                .instanceId("gw-1").auth("drain-ops:s3cret"));
        owner.channel().request(request("ops"), DrainTarget.FLEET);
        String fleet = "/gatewaydrain/" + cluster + "/drain/fleet";

        try (CuratorFramework stranger = rawClient()) {
            assertThat(stranger.getData().forPath(fleet)).isNotEmpty();
            assertThatThrownBy(() -> stranger.delete().forPath(fleet)).isInstanceOf(KeeperException.NoAuthException.class);
            assertThatThrownBy(() -> stranger.setData().forPath(fleet, "{}".getBytes(StandardCharsets.UTF_8)))
                    .isInstanceOf(KeeperException.NoAuthException.class);
            assertThatThrownBy(() -> stranger.create().forPath("/gatewaydrain/" + cluster + "/drain/instance/gw-1",
                    "{}".getBytes(StandardCharsets.UTF_8))).isInstanceOf(KeeperException.class);
        }
        DrainTransport strangerTransport = instance("gw-2");
        assertThat(strangerTransport.channel().read()).as("a stranger still reads the fleet request")
                .isInstanceOf(DrainSignal.Present.class);
        assertThatThrownBy(() -> strangerTransport.channel().cancel(DrainTarget.FLEET))
                .isInstanceOf(DrainControlException.class).hasMessageContaining("zookeeper.auth");
        assertThat(owner.channel().cancel(DrainTarget.FLEET)).isTrue();
    }

    private CuratorFramework rawClient() throws InterruptedException {
        CuratorFramework client = CuratorFrameworkFactory.newClient(connect(), new RetryOneTime(100));
        client.start();
        client.blockUntilConnected();
        return client;
    }
}
