package org.gatewaydrain.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.curator.test.TestingServer;
import org.gatewaydrain.core.DrainRequest;
import org.gatewaydrain.core.DrainTarget;
import org.gatewaydrain.core.GatewayState;
import org.gatewaydrain.core.spi.DrainTransport;
import org.gatewaydrain.runtime.Gateway;
import org.gatewaydrain.runtime.GatewayListener;
import org.gatewaydrain.transport.zookeeper.ZooKeeperTransport;

/**
 * One fleet drain written by a requester → every one of N gateway runtimes draining, as each
 * tells its listeners, against a real ZooKeeper server in this process (Curator's
 * {@code TestingServer}). Each runtime has its own ZooKeeper session, as separate gateways do.
 * The figure per drain is the time until the last instance drains; the cancel after it is
 * waited for and not measured.
 */
final class FleetHarness {

    private static final Duration WAIT = Duration.ofSeconds(30);
    /** Unmeasured drains first, as the reaction harness and JMH warm up. */
    private static final int WARM_UP = 5;

    private final BenchSettings settings;

    FleetHarness(BenchSettings settings) {
        this.settings = settings;
    }

    void run(Report report) throws Exception {
        List<Integer> sizes = settings.quick() ? List.of(1, 3) : List.of(1, 10, 50);
        int drains = settings.pick(50, 3);
        report.heading("Fleet: one fleet drain → every instance draining (ZooKeeper, " + drains + " drains per run after "
                + WARM_UP + " unmeasured)");
        report.table("instances", "p50, ms", "p99, ms", "max, ms", "target");
        for (int size : sizes) {
            List<Double> p50 = new ArrayList<>();
            List<Double> p99 = new ArrayList<>();
            List<Double> max = new ArrayList<>();
            for (int run = 1; run <= settings.runs(); run++) {
                Latencies latencies = once(size, drains);
                p50.add(latencies.percentileMs(50));
                p99.add(latencies.percentileMs(99));
                max.add(latencies.maxMs());
            }
            report.row(Integer.toString(size), Spread.of(p50).format(1), Spread.of(p99).format(1),
                    Spread.of(max).format(1), size == 50 ? "p99 ≤ 200 ms" : "");
        }
    }

    private Latencies once(int size, int drains) throws Exception {
        Latencies latencies = new Latencies();
        List<DrainTransport> transports = new ArrayList<>();
        List<Gateway> gateways = new ArrayList<>();
        AtomicReference<Expectation> expected = new AtomicReference<>(new Expectation(GatewayState.RUNNING, 0));
        TestingServer server = new TestingServer(true);
        try {
            for (int i = 1; i <= size; i++) {
                DrainTransport transport = open(server, "bench-gw-" + i, transports);
                Gateway gateway = Gateway.builder().transport(transport).instanceId("bench-gw-" + i)
                        .turnHandler(event -> CompletableFuture.completedFuture("ok")).start();
                gateway.addListener(new GatewayListener() {
                    @Override
                    public void stateChanged(GatewayState from, GatewayState to) {
                        expected.get().saw(to);
                    }
                });
                gateways.add(gateway);
            }
            DrainTransport requester = open(server, "bench-requester", transports);
            for (int i = -WARM_UP; i < drains; i++) {
                Expectation draining = new Expectation(GatewayState.DRAINING, size);
                expected.set(draining);
                long written = System.nanoTime();
                requester.channel().request(DrainRequest.of("bench", Instant.now()).withReason("fleet benchmark"),
                        DrainTarget.FLEET);
                draining.await();
                if (i >= 0) {
                    latencies.record(System.nanoTime() - written);
                }
                Expectation running = new Expectation(GatewayState.RUNNING, size);
                expected.set(running);
                requester.channel().cancel(DrainTarget.FLEET);
                running.await();
            }
        } finally {
            // While the server still answers, so each client closes its session at once.
            gateways.forEach(g -> g.shutdown(Duration.ZERO, "benchmark over"));
            transports.forEach(DrainTransport::close);
            server.close();
        }
        return latencies;
    }

    private static DrainTransport open(TestingServer server, String instanceId, List<DrainTransport> into) {
        DrainTransport transport = ZooKeeperTransport.builder().connect(server.getConnectString()).cluster("bench")
                .instanceId(instanceId).sessionTimeout(Duration.ofSeconds(30)).open();
        into.add(transport);
        return transport;
    }

    /** Counts the instances that reached a state. */
    private static final class Expectation {
        private final GatewayState state;
        private final CountDownLatch instances;

        Expectation(GatewayState state, int count) {
            this.state = state;
            this.instances = new CountDownLatch(count);
        }

        void saw(GatewayState reached) {
            if (reached == state) {
                instances.countDown();
            }
        }

        void await() throws InterruptedException {
            if (!instances.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException(instances.getCount() + " instance(s) did not reach "
                        + state.wireName() + " within " + WAIT);
            }
        }
    }
}
