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
import org.apache.curator.test.TestingServer;
import org.gatewaydrain.core.rollout.MaxDraining;
import org.gatewaydrain.core.rollout.Rollout;
import org.gatewaydrain.core.rollout.RolloutBusyException;
import org.gatewaydrain.core.rollout.RolloutHolder;
import org.gatewaydrain.core.spi.RolloutLedger;
import org.gatewaydrain.core.rollout.RolloutReading;
import org.gatewaydrain.core.spi.DrainTransport;
import org.gatewaydrain.core.spi.Subscription;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The rollout's lock, holder and record in ZooKeeper. */
class ZooKeeperRolloutLedgerTest {

    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final Instant NOW = Instant.parse("2026-11-28T10:00:00Z");
    private static TestingServer server;

    private final String cluster = "rollout-" + UUID.randomUUID();
    private final List<DrainTransport> opened = new ArrayList<>();

    @BeforeAll
    static void startServer() throws Exception {
        server = new TestingServer(true);
    }

    @AfterAll
    static void stopServer() throws Exception {
        server.close();
    }

    @AfterEach
    void closeHandles() {
        opened.forEach(DrainTransport::close);
    }

    private RolloutLedger ledger(String who) {
        DrainTransport transport = ZooKeeperTransport.builder().connect(server.getConnectString()).cluster(cluster)
                .instanceId(who).sessionTimeout(Duration.ofSeconds(10)).open();
        opened.add(transport);
        return transport.rollouts().orElseThrow();
    }

    private static RolloutHolder holder(String id, String principal) {
        return new RolloutHolder(id, principal, "host-1", 4242, NOW);
    }

    @Test
    void aSecondRollout_isRefusedAtOnce_namingTheHolder_andMayGoOnceTheFirstReleases() {
        RolloutLedger alice = ledger("alice-cli");
        RolloutLedger bob = ledger("bob-cli");
        RolloutLedger.Lease first = alice.acquire(holder("r-a", "alice"), Duration.ZERO);

        long started = System.nanoTime();
        assertThatThrownBy(() -> bob.acquire(holder("r-b", "bob"), Duration.ZERO))
                .isInstanceOf(RolloutBusyException.class)
                .hasMessageContaining("rollout r-a by alice on host-1 (pid 4242) since 2026-11-28T10:00:00Z");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(WAIT);
        assertThat(bob.read()).isInstanceOfSatisfying(RolloutReading.Recorded.class,
                r -> assertThat(r.holder()).contains(holder("r-a", "alice")));

        first.close();
        assertThat(bob.read()).isInstanceOfSatisfying(RolloutReading.Recorded.class,
                r -> assertThat(r.holder()).isEmpty());
        try (RolloutLedger.Lease second = bob.acquire(holder("r-b", "bob"), Duration.ZERO)) {
            assertThat(second).isNotNull();
        }
    }

    @Test
    void aLockWhoseSessionEnds_isFree_andTheWaitingResumeTakesIt() {
        RolloutLedger crashed = ledger("crashed-cli");
        crashed.acquire(holder("r-a", "alice"), Duration.ZERO);
        RolloutLedger resumer = ledger("resuming-cli");
        assertThat(resumer.deadHolderRelease()).as("the session timeout and a margin")
                .isEqualTo(Duration.ofSeconds(15));
        AtomicInteger changes = new AtomicInteger();
        try (Subscription watching = resumer.watch(changes::incrementAndGet)) {
            Thread closer = new Thread(() -> opened.get(0).close()); // the crashed process's session ends
            closer.start();
            try (RolloutLedger.Lease lease = resumer.acquire(holder("r-a", "alice"), WAIT)) {
                assertThat(lease).isNotNull();
            }
            await().atMost(WAIT).until(() -> changes.get() > 0);
        }
    }

    @Test
    void theRecord_isSavedWhole_andReadByAnyone_andChangesAreHeard() {
        RolloutLedger runner = ledger("runner");
        RolloutLedger dashboard = ledger("dashboard");
        assertThat(dashboard.read()).isEqualTo(new RolloutReading.Recorded(Optional.empty(), Optional.empty()));
        AtomicInteger heard = new AtomicInteger();
        // The lock is taken before the watch loads, so what the watch hears next is the record alone.
        try (RolloutLedger.Lease lease = runner.acquire(holder("r-1", "ops"), Duration.ZERO);
                Subscription watching = dashboard.watch(heard::incrementAndGet)) {
            Rollout rollout = Rollout.start("r-1", "patch", "ops", MaxDraining.parse("50%"), List.of("gw-2", "gw-1"), NOW)
                    .with("gw-1", Rollout.Step.DONE, "maintained", NOW.plusSeconds(3));
            assertThat(heard.get()).as("changes heard before the record was written").isZero();
            lease.record(rollout);
            await().atMost(WAIT).until(() -> heard.get() > 0);
            assertThat(dashboard.read()).isEqualTo(new RolloutReading.Recorded(Optional.of(rollout),
                    Optional.of(holder("r-1", "ops"))));
            lease.record(rollout.with(Rollout.State.DONE, NOW.plusSeconds(9)));
        }
        assertThat(dashboard.read()).isInstanceOfSatisfying(RolloutReading.Recorded.class, r -> {
            assertThat(r.rollout().orElseThrow().state()).isEqualTo(Rollout.State.DONE);
            assertThat(r.holder()).isEmpty();
        });
    }

    @Test
    void aRecordThatIsNotOne_readsAsNoRollout() throws Exception {
        RolloutLedger ledger = ledger("reader");
        try (var raw = org.apache.curator.framework.CuratorFrameworkFactory.newClient(server.getConnectString(),
                new org.apache.curator.retry.RetryOneTime(100))) {
            raw.start();
            raw.create().creatingParentsIfNeeded().forPath(new FleetPaths(cluster).rolloutRecord(),
                    "{\"state\": 7".getBytes(StandardCharsets.UTF_8));
        }
        assertThat(ledger.read()).isEqualTo(new RolloutReading.Recorded(Optional.empty(), Optional.empty()));
    }
}
