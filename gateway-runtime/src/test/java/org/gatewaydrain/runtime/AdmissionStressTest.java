package org.gatewaydrain.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Eight threads submit turns while another toggles drain a thousand times. A turn whose whole
 * {@code handle} call falls between an {@code enterDrain} that returned and the matching
 * {@code exitDrain} must have been refused, the in-flight count must not rise in between, and
 * every admitted turn completes exactly once.
 */
@Tag("slow")
class AdmissionStressTest {

    private static final int SUBMITTERS = 8;
    private static final int TOGGLES = 1_000;
    private static final int MAX_SUBMISSIONS_EACH = 100_000;

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void noTurnStartsInsideADrainWindow_andEveryAdmittedTurnCompletesOnce() throws Exception {
        ExecutorService work = Executors.newFixedThreadPool(2);
        AtomicInteger handlerCalls = new AtomicInteger();
        TurnHandler mixed = event -> {
            handlerCalls.incrementAndGet();
            return event.text().hashCode() % 2 == 0
                    ? CompletableFuture.completedFuture("now")
                    : CompletableFuture.supplyAsync(() -> "later", work);
        };
        ExecutorService threads = Executors.newFixedThreadPool(SUBMITTERS + 1);
        try (GatewayFixture fixture = new GatewayFixture(GatewayFixture.PUSH_ONLY, UnaryOperator.identity(), mixed)) {
            Gateway gateway = fixture.gateway;
            gateway.start();
            AtomicLong clock = new AtomicLong();
            long[][] windows = new long[TOGGLES][2];
            AtomicBoolean toggling = new AtomicBoolean(true);
            CountDownLatch go = new CountDownLatch(1);
            ConcurrentLinkedQueue<long[]> admitted = new ConcurrentLinkedQueue<>();
            ConcurrentLinkedQueue<long[]> refused = new ConcurrentLinkedQueue<>();
            AtomicInteger replies = new AtomicInteger();
            AtomicLong calls = new AtomicLong();
            AtomicInteger countRises = new AtomicInteger();

            List<Future<?>> submitters = new ArrayList<>();
            for (int t = 0; t < SUBMITTERS; t++) {
                int thread = t;
                submitters.add(threads.submit(() -> {
                    go.await();
                    for (int i = 0; i < MAX_SUBMISSIONS_EACH && toggling.get(); i++) {
                        long before = clock.get();
                        Admission admission = gateway.handle(MessageEvent.external("t" + thread + "-" + i, "m" + i));
                        long after = clock.get();
                        calls.incrementAndGet();
                        if (admission instanceof Admission.Accepted accepted) {
                            admitted.add(new long[] {before, after});
                            accepted.reply().whenComplete((text, failure) -> replies.incrementAndGet());
                        } else {
                            refused.add(new long[] {before, after});
                        }
                    }
                    return null;
                }));
            }
            Future<?> toggler = threads.submit(() -> {
                go.await();
                for (int i = 0; i < TOGGLES; i++) {
                    gateway.enterDrain(fixture.drain("stress"));
                    windows[i][0] = clock.incrementAndGet();
                    holdWhileSubmittersCall(calls, gateway, countRises);
                    windows[i][1] = clock.incrementAndGet();
                    gateway.exitDrain();
                    clock.incrementAndGet();
                }
                toggling.set(false);
                return null;
            });
            go.countDown();
            toggler.get(50, TimeUnit.SECONDS);
            for (Future<?> submitter : submitters) {
                submitter.get(50, TimeUnit.SECONDS);
            }

            List<long[]> violations = admitted.stream().filter(a -> insideADrainWindow(a, windows)).toList();
            assertThat(violations).as("turns admitted while drain held").isEmpty();
            assertThat(countRises.get()).as("times the in-flight count rose after enterDrain returned").isZero();
            assertThat(admitted).as("turns admitted between drains").isNotEmpty();
            assertThat(refused.stream().filter(r -> insideADrainWindow(r, windows)).count())
                    .as("calls made wholly inside a drain window (the ones the check is about)").isPositive();
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> replies.get() == admitted.size() && gateway.status().activeTurns() == 0);
            assertThat(handlerCalls.get()).isEqualTo(admitted.size());
        } finally {
            threads.shutdownNow();
            work.shutdownNow();
        }
    }

    /**
     * Keeps a drain window open until every submitter could make a couple of whole calls in it
     * (at most 2 ms), reading the status's in-flight count all along: once drain has been
     * entered it can only fall, so each rise is counted.
     */
    private static void holdWhileSubmittersCall(AtomicLong calls, Gateway gateway, AtomicInteger rises) {
        long target = calls.get() + 2L * SUBMITTERS;
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(2);
        int previous = gateway.status().activeTurns();
        while (calls.get() < target && System.nanoTime() < deadline) {
            int now = gateway.status().activeTurns();
            if (now > previous) {
                rises.incrementAndGet();
            }
            previous = now;
        }
    }

    /** The call [before, after] began after enterDrain returned and ended before exitDrain began. */
    private static boolean insideADrainWindow(long[] call, long[][] windows) {
        int low = 0;
        int high = windows.length - 1;
        int found = -1;
        while (low <= high) {
            int mid = (low + high) >>> 1;
            if (windows[mid][0] <= call[0]) {
                found = mid;
                low = mid + 1;
            } else {
                high = mid - 1;
            }
        }
        return found >= 0 && call[1] < windows[found][1];
    }
}
