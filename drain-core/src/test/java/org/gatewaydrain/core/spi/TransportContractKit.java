package org.gatewaydrain.core.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.gatewaydrain.core.ChannelHealth;
import org.gatewaydrain.core.DrainControlException;
import org.gatewaydrain.core.DrainRequest;
import org.gatewaydrain.core.DrainSignal;
import org.gatewaydrain.core.GatewayState;
import org.gatewaydrain.core.RuntimeStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The behaviour every transport owes the runtime. A transport joins by subclassing this in
 * its own tests and opening a fresh, empty channel and status store per test:
 *
 * <pre>{@code
 * class FileTransportContractTest extends TransportContractKit {
 *     @TempDir Path home;
 *     protected DrainControlChannel openChannel() { return FileDrainChannel.builder().home(home).build(); }
 *     protected RuntimeStatusStore openStatusStore() { return FileStatusStore.open(home); }
 * }
 * }</pre>
 */
public abstract class TransportContractKit {

    /** Concurrency group size: threads × operations each. */
    protected static final int THREADS = 8;
    protected static final int OPERATIONS_PER_THREAD = 500;

    private static final Duration NOTICE = Duration.ofSeconds(10);

    protected DrainControlChannel channel;
    protected RuntimeStatusStore statusStore;

    /** @return a new channel over fresh, empty state; closed by the kit */
    protected abstract DrainControlChannel openChannel();

    /** @return a new status store over fresh, empty state; closed by the kit */
    protected abstract RuntimeStatusStore openStatusStore();

    @BeforeEach
    void openTransport() {
        channel = openChannel();
        statusStore = openStatusStore();
    }

    @AfterEach
    void closeTransport() {
        channel.close();
        statusStore.close();
    }

    /** @return a fresh request by {@code principal}, timed now */
    protected static DrainRequest requestBy(String principal) {
        return DrainRequest.of(principal, Instant.now());
    }

    @Nested
    class Requests {

        @Test
        void nothingWritten_readsAbsent() {
            assertThat(channel.read()).isEqualTo(DrainSignal.ABSENT);
        }

        @Test
        void request_readsPresentWithPrincipalAndReason() {
            channel.request(requestBy("ops-alice").withReason("kernel patch"));

            assertThat(channel.read()).isInstanceOfSatisfying(DrainSignal.Present.class, present -> {
                assertThat(present.request().principal()).isEqualTo("ops-alice");
                assertThat(present.request().reason()).contains("kernel patch");
            });
        }

        @Test
        void requestAgain_refreshesRequestedAt() {
            Instant first = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            channel.request(DrainRequest.of("ops", first));
            channel.request(DrainRequest.of("ops", first.plusSeconds(1)));

            assertThat(channel.read()).isInstanceOfSatisfying(DrainSignal.Present.class,
                    present -> assertThat(present.request().requestedAt()).isEqualTo(first.plusSeconds(1)));
        }

        @Test
        void cancel_returnsTrueThenFalse() {
            channel.request(requestBy("ops"));

            assertThat(channel.cancel()).isTrue();
            assertThat(channel.cancel()).isFalse();
            assertThat(channel.read()).isEqualTo(DrainSignal.ABSENT);
        }

        @Test
        void cancelOnNothing_isNoOp() {
            assertThat(channel.cancel()).isFalse();
            assertThat(channel.read()).isEqualTo(DrainSignal.ABSENT);
        }

        @Test
        void close_isIdempotent() {
            channel.close();
            channel.close();
        }
    }

    @Nested
    class Subscriptions {

        @Test
        void subscriber_isToldOfRequestAndOfCancel() {
            AtomicInteger notices = new AtomicInteger();
            try (Subscription ignored = channel.subscribe(notices::incrementAndGet, Runnable::run)) {
                channel.request(requestBy("ops"));
                await().atMost(NOTICE).until(() -> notices.get() > 0);
                assertThat(channel.read()).isInstanceOf(DrainSignal.Present.class);

                int beforeCancel = notices.get();
                channel.cancel();
                await().atMost(NOTICE).until(() -> notices.get() > beforeCancel
                        && channel.read().equals(DrainSignal.ABSENT));
            }
        }

        @Test
        void throwingListener_staysSubscribed() {
            AtomicInteger calls = new AtomicInteger();
            ChannelListener throwing = () -> {
                calls.incrementAndGet();
                throw new IllegalStateException("listener failure the channel must survive");
            };
            try (Subscription ignored = channel.subscribe(throwing, Runnable::run)) {
                channel.request(requestBy("ops"));
                await().atMost(NOTICE).until(() -> calls.get() > 0);
                int afterFirst = calls.get();
                channel.cancel();
                await().atMost(NOTICE).until(() -> calls.get() > afterFirst);
            }
        }

        @Test
        void listener_runsOnTheGivenExecutor() {
            ExecutorService executor = Executors.newSingleThreadExecutor(r -> new Thread(r, "kit-listener"));
            List<String> threads = new CopyOnWriteArrayList<>();
            try (Subscription ignored = channel.subscribe(
                    () -> threads.add(Thread.currentThread().getName()), executor)) {
                channel.request(requestBy("ops"));
                await().atMost(NOTICE).until(() -> !threads.isEmpty());
                assertThat(threads).allMatch("kit-listener"::equals);
            } finally {
                executor.shutdownNow();
            }
        }
    }

    @Nested
    class Status {

        private final Instant started = Instant.parse("2026-11-27T08:00:00.123456Z");

        private RuntimeStatus draining(int active) {
            return new RuntimeStatus(4242, RuntimeStatus.KIND_GATEWAY, started, GatewayState.DRAINING, active,
                    Optional.of(new RuntimeStatus.Drain("ops", started.plusSeconds(60), Optional.of("patch"))),
                    ChannelHealth.OK, Optional.empty(), started.plusSeconds(61));
        }

        @Test
        void nothingPublished_readsEmpty() {
            assertThat(statusStore.read()).isEmpty();
        }

        @Test
        void publishedStatus_readsBackEqual() {
            RuntimeStatus status = draining(3);
            statusStore.publish(status);

            assertThat(statusStore.read()).contains(status);
        }

        @Test
        void stoppedStatus_keepsExitReasonAndDegradedChannel() {
            RuntimeStatus stopped = new RuntimeStatus(7, RuntimeStatus.KIND_GATEWAY, started, GatewayState.STOPPED, 0,
                    Optional.empty(), ChannelHealth.DEGRADED, Optional.of("SIGTERM"), started.plusSeconds(5));
            statusStore.publish(stopped);

            assertThat(statusStore.read()).contains(stopped);
        }

        @Test
        void countOnlyPublish_keepsStateAndDrain() {
            statusStore.publish(draining(3));
            statusStore.publishActiveAgents(1);

            RuntimeStatus read = statusStore.read().orElseThrow();
            assertThat(read.activeAgents()).isEqualTo(1);
            assertThat(read.state()).isEqualTo(GatewayState.DRAINING);
            assertThat(read.drain()).isEqualTo(draining(3).drain());
            assertThat(read.pid()).isEqualTo(4242);
        }

        @Test
        void countOnlyPublishBeforeAnyStatus_throws() {
            assertThatThrownBy(() -> statusStore.publishActiveAgents(1)).isInstanceOf(DrainControlException.class);
        }
    }

    @Nested
    class Concurrency {

        @Test
        @Timeout(value = 120, unit = TimeUnit.SECONDS)
        void mixedRequestsCancelsAndReads_neverTornAndLastWriteWins() throws Exception {
            ExecutorService pool = Executors.newFixedThreadPool(THREADS);
            CountDownLatch start = new CountDownLatch(1);
            try {
                List<Future<Integer>> workers = new ArrayList<>();
                for (int t = 0; t < THREADS; t++) {
                    long seed = 31L * t + 7;
                    workers.add(pool.submit(() -> runMixed(seed, start)));
                }
                start.countDown();
                int reads = 0;
                for (Future<Integer> worker : workers) {
                    reads += worker.get(110, TimeUnit.SECONDS);
                }
                assertThat(reads).as("reads performed").isPositive();
            } finally {
                pool.shutdownNow();
            }

            channel.request(requestBy("final"));
            assertThat(channel.read()).isInstanceOf(DrainSignal.Present.class);
            channel.cancel();
            assertThat(channel.read()).isEqualTo(DrainSignal.ABSENT);
        }

        private int runMixed(long seed, CountDownLatch start) throws InterruptedException {
            SplittableRandom random = new SplittableRandom(seed);
            start.await();
            int reads = 0;
            for (int i = 0; i < OPERATIONS_PER_THREAD; i++) {
                switch (random.nextInt(3)) {
                    case 0 -> channel.request(requestBy("worker-" + seed).withReason("op " + i));
                    case 1 -> channel.cancel();
                    default -> {
                        DrainSignal signal = channel.read();
                        assertThat(signal).as("read during concurrent writes")
                                .isInstanceOfAny(DrainSignal.Absent.class, DrainSignal.Present.class);
                        reads++;
                    }
                }
            }
            return reads;
        }
    }
}
