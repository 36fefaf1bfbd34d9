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
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.data.ACL;
import org.gatewaydrain.core.ChannelHealth;
import org.gatewaydrain.core.DrainControlException;
import org.gatewaydrain.core.DrainRequest;
import org.gatewaydrain.core.DrainSignal;
import org.gatewaydrain.core.DrainTarget;
import org.gatewaydrain.core.GatewayState;
import org.gatewaydrain.core.RuntimeStatus;
import org.gatewaydrain.core.rollout.RolloutHolder;
import org.gatewaydrain.core.spi.DrainTransport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * With {@code zookeeper.auth}, what the cluster's nodes let others do: an attacker with a plain
 * client (no identity) can write nothing, an ancestor left open is refused at start-up, and with
 * separate identities a gateway writes its status but never a drain.
 */
class FleetAclTest {

    private static final String OPERATOR = "ops:ops-password";
    private static final String GATEWAY = "gw:gw-password";

    private static TestingServer server;

    private final String cluster = "acl";
    /** Each test its own tree: /gatewaydrain is shared by every cluster of an ensemble. */
    private final String chroot = "/acl-test-" + UUID.randomUUID();
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
        try (CuratorFramework root = CuratorFrameworkFactory.newClient(server.getConnectString(), new RetryOneTime(100))) {
            root.start();
            root.create().forPath(chroot);
        }
        attacker = CuratorFrameworkFactory.newClient(connect(), new RetryOneTime(100));
        attacker.start();
        attacker.blockUntilConnected();
    }

    @AfterEach
    void close() {
        opened.forEach(DrainTransport::close);
        clients.forEach(CuratorFramework::close);
        attacker.close();
    }

    private String connect() {
        return server.getConnectString() + chroot;
    }

    private ZooKeeperTransport.Builder builder(String id, String auth) {
        return ZooKeeperTransport.builder().connect(connect()).cluster(cluster).instanceId(id)
                .sessionTimeout(Duration.ofSeconds(10)).auth(auth);
    }

    private DrainTransport open(ZooKeeperTransport.Builder builder) {
        DrainTransport transport = builder.open();
        opened.add(transport);
        return transport;
    }

    private ZooKeeperTransport.Builder separate(String id, String auth) {
        return builder(id, auth).identities(List.of(FleetAcl.generateDigest(OPERATOR)),
                List.of(FleetAcl.generateDigest(GATEWAY)));
    }

    private static RuntimeStatus status(String id) {
        Instant now = Instant.now();
        return new RuntimeStatus(ProcessHandle.current().pid(), "gateway", id, "host", now, GatewayState.RUNNING, 0,
                Optional.empty(), Optional.empty(), ChannelHealth.OK, Optional.empty(), now);
    }

    private static RolloutHolder holder(String id) {
        return new RolloutHolder(id, "ops", "host-1", 4242, Instant.now());
    }

    private static DrainRequest drain(String by) {
        return DrainRequest.of(by, Instant.now());
    }

    private final List<CuratorFramework> clients = new ArrayList<>();

    /** @return a plain client connected as {@code auth}, closed after the test */
    private CuratorFramework client(String auth) throws InterruptedException {
        CuratorFramework client = CuratorFrameworkFactory.builder().connectString(connect()).retryPolicy(new RetryOneTime(100))
                .authorization("digest", auth.getBytes(StandardCharsets.UTF_8)).build();
        clients.add(client);
        client.start();
        client.blockUntilConnected();
        return client;
    }

    /** @return every node from /gatewaydrain down, the root first */
    private List<String> tree(String node) throws Exception {
        List<String> nodes = new ArrayList<>(List.of(node));
        for (String child : attacker.getChildren().forPath(node)) {
            nodes.addAll(tree(node + "/" + child));
        }
        return nodes;
    }

    @Test
    void withOneIdentity_everyNodeFromGatewaydrainDown_isWritableByItAlone() throws Exception {
        DrainTransport gateway = open(builder("gw-1", OPERATOR));
        gateway.statusStore().publish(status("gw-1"));
        gateway.channel().request(drain("ops"), DrainTarget.FLEET);
        gateway.channel().request(drain("ops"), new DrainTarget.Instance("gw-1"));
        gateway.rollouts().orElseThrow().acquire(holder("r-1"), Duration.ofSeconds(5)).close();

        List<String> nodes = tree("/gatewaydrain").stream()
                .filter(n -> n.startsWith(paths.root()) || n.equals("/gatewaydrain")).toList();
        assertThat(nodes).contains("/gatewaydrain", paths.root(), paths.fleet(), paths.instance("gw-1"), paths.status("gw-1"),
                paths.rolloutRoot());
        CuratorFramework owner = client(OPERATOR);
        for (String node : nodes) {
            // Only an identity with the admin right sees a digest id's hash; everyone else sees user:x.
            for (ACL entry : owner.getACL().forPath(node)) {
                if (entry.getId().equals(ZooDefs.Ids.ANYONE_ID_UNSAFE)) {
                    assertThat(entry.getPerms()).as(node + " for anyone").isEqualTo(ZooDefs.Perms.READ);
                } else {
                    assertThat(entry.getId().getScheme() + ":" + entry.getId().getId()).as(node)
                            .isEqualTo("digest:" + FleetAcl.generateDigest(OPERATOR));
                }
            }
        }
        assertThatThrownBy(() -> attacker.create().forPath(paths.status("gw-2"), "{}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(KeeperException.NoAuthException.class);
        assertThatThrownBy(() -> attacker.setData().forPath(paths.fleet(), "{}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(KeeperException.NoAuthException.class);
        assertThatThrownBy(() -> attacker.delete().forPath(paths.instance("gw-1")))
                .isInstanceOf(KeeperException.NoAuthException.class);
        assertThatThrownBy(() -> attacker.create().forPath(paths.rolloutRecord(), "{}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(KeeperException.NoAuthException.class);
    }

    @Test
    void anAncestorOthersMayWriteUnder_isRefusedAtStart_namingTheNodeAndTheFix() throws Exception {
        attacker.create().creatingParentsIfNeeded().forPath(paths.statusRoot());

        assertThatThrownBy(() -> open(builder("gw-1", OPERATOR))).isInstanceOf(DrainControlException.class)
                .hasMessageContaining("/gatewaydrain").hasMessageContaining("world:anyone")
                .hasMessageContaining("setAcl").hasMessageContaining("digest:ops:");
    }

    @Test
    void anAncestorAnotherIdentityMayWriteUnder_isRefusedToo() throws Exception {
        CuratorFramework stranger = client("stranger:pw");
        stranger.create().withACL(new ArrayList<>(List.of(
                new ACL(ZooDefs.Perms.ALL, ZooDefs.Ids.AUTH_IDS), new ACL(ZooDefs.Perms.READ, ZooDefs.Ids.ANYONE_ID_UNSAFE))))
                .forPath("/gatewaydrain");

        assertThatThrownBy(() -> open(builder("gw-1", OPERATOR))).isInstanceOf(DrainControlException.class)
                .hasMessageContaining("node /gatewaydrain ").hasMessageContaining("digest:stranger:");
    }

    @Test
    void withSeparateIdentities_aGatewayWritesItsStatus_butNeverADrain_andOperatorsDo() throws Exception {
        assertThatThrownBy(() -> open(separate("gw-1", GATEWAY))).as("before an operator made the cluster's nodes")
                .isInstanceOf(DrainControlException.class).hasMessageContaining("operator");

        DrainTransport operator = open(separate("ops-cli", OPERATOR));
        DrainTransport gateway = open(separate("gw-1", GATEWAY));
        gateway.statusStore().publish(status("gw-1"));

        assertThatThrownBy(() -> gateway.channel().request(drain("gw-1"), DrainTarget.FLEET))
                .isInstanceOf(DrainControlException.class).hasMessageContaining("may not write");
        assertThatThrownBy(() -> gateway.rollouts().orElseThrow().acquire(holder("r-2"), Duration.ofSeconds(2)))
                .isInstanceOf(DrainControlException.class);
        operator.channel().request(drain("ops"), new DrainTarget.Instance("gw-1"));
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> gateway.channel().read() instanceof DrainSignal.Present);
        assertThat(client(OPERATOR).getACL().forPath(paths.status("gw-1"))).extracting(ACL::getId)
                .contains(new org.apache.zookeeper.data.Id("digest", FleetAcl.generateDigest(GATEWAY)),
                        new org.apache.zookeeper.data.Id("digest", FleetAcl.generateDigest(OPERATOR)));
        assertThatThrownBy(() -> attacker.create().forPath(paths.status("gw-9"), "{}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(KeeperException.NoAuthException.class);
    }
}
