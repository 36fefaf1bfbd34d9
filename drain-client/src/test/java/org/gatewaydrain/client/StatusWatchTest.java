package org.gatewaydrain.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.gatewaydrain.core.DrainTarget;
import org.gatewaydrain.core.FleetReading;
import org.gatewaydrain.core.StatusReading;
import org.gatewaydrain.core.spi.ChangeFanout;
import org.gatewaydrain.core.spi.Subscription;
import org.gatewaydrain.tck.MutableClock;
import org.junit.jupiter.api.Test;

/** The one way to wait: pushed looks, the fallback timer, the clock's deadline, and no lost change. */
class StatusWatchTest {

    /** A feed the test tells of changes by hand, with a counter as its "status". */
    private static final class HandFeed implements StatusFeed {
        final AtomicInteger value = new AtomicInteger();
        final AtomicInteger reads = new AtomicInteger();
        final ChangeFanout<Runnable> listeners = new ChangeFanout<>();
        final boolean pushes;

        HandFeed(boolean pushes) {
            this.pushes = pushes;
        }

        @Override
        public StatusReading status() {
            reads.incrementAndGet();
            return new StatusReading.Unknown(String.valueOf(value.get()));
        }

        @Override
        public FleetReading fleet() {
            return FleetReading.NOT_A_FLEET;
        }

        @Override
        public Subscription onChange(Runnable listener) {
            return listeners.add(listener, Runnable::run);
        }

        @Override
        public boolean pushes(DrainTarget target) {
            return pushes;
        }

        void set(int to) {
            value.set(to);
            listeners.fire(Runnable::run);
        }
    }

    private static StatusWatch.Condition<Integer> atLeast(int wanted) {
        return look -> {
            int seen = Integer.parseInt(((StatusReading.Unknown) look.status()).cause());
            return seen >= wanted ? Optional.of(seen) : Optional.empty();
        };
    }

    /** A pace whose timer never fires within a test: only pushes can wake the watch. */
    private static final StatusWatch.Pace PUSH_ONLY = new StatusWatch.Pace(Duration.ofMillis(20), Duration.ofHours(1));

    @Test
    void aPushedChange_isLookedAtAtOnce_withoutWaitingForTheTimer() throws Exception {
        HandFeed feed = new HandFeed(true);
        CompletableFuture<Integer> met = StatusWatch.when(feed, DrainTarget.OWN, atLeast(2), PUSH_ONLY, look -> { });

        feed.set(1);
        assertThat(met).isNotDone();
        feed.set(2);

        assertThat(met.get(10, TimeUnit.SECONDS)).isEqualTo(2);
        assertThat(feed.listeners.isEmpty()).as("the subscription ends with the watch").isTrue();
    }

    @Test
    void aFeedThatPushesNothing_isPolledAtTheFallbackPace() throws Exception {
        HandFeed feed = new HandFeed(false);
        CompletableFuture<Integer> met = StatusWatch.when(feed, DrainTarget.OWN, atLeast(1), PUSH_ONLY, look -> { });

        feed.value.set(1); // changed without a word: only a poll sees it

        assertThat(met.get(10, TimeUnit.SECONDS)).isEqualTo(1);
    }

    @Test
    void theDeadline_isTheClocks() throws Exception {
        HandFeed feed = new HandFeed(true);
        MutableClock clock = new MutableClock(java.time.Instant.parse("2030-01-01T00:00:00Z"));
        java.util.concurrent.CountDownLatch looked = new java.util.concurrent.CountDownLatch(1);
        CompletableFuture<StatusWatch.Outcome<Integer>> waiting = CompletableFuture.supplyAsync(() -> StatusWatch.await(
                feed, DrainTarget.OWN, atLeast(5), clock, Duration.ofMinutes(30), PUSH_ONLY, look -> looked.countDown()));
        // The deadline is set when the wait begins, before its first look: move the clock only after that.
        assertThat(looked.await(10, TimeUnit.SECONDS)).isTrue();

        clock.advance(Duration.ofMinutes(29));
        assertThat(waiting).isNotDone();
        clock.advance(Duration.ofMinutes(2));

        assertThat(waiting.get(10, TimeUnit.SECONDS)).isInstanceOf(StatusWatch.Outcome.TimedOut.class);
    }

    @Test
    void everyLook_isToldInOrder_andAChangeDuringALookIsLookedAtAgain() throws Exception {
        HandFeed feed = new HandFeed(true);
        List<Integer> seen = new CopyOnWriteArrayList<>();
        CompletableFuture<Integer> met = StatusWatch.when(feed, DrainTarget.OWN, look -> {
            int value = Integer.parseInt(((StatusReading.Unknown) look.status()).cause());
            if (value == 1) {
                feed.set(2); // a change told while this very look is under way
            }
            return value >= 2 ? Optional.of(value) : Optional.empty();
        }, PUSH_ONLY, look -> seen.add(Integer.parseInt(((StatusReading.Unknown) look.status()).cause())));

        feed.set(1);

        assertThat(met.get(10, TimeUnit.SECONDS)).isEqualTo(2);
        assertThat(seen).contains(1, 2).isSorted();
    }

    @Test
    void aConditionThatThrows_endsTheWatchWithItsFailure() {
        HandFeed feed = new HandFeed(true);
        CompletableFuture<Integer> met = StatusWatch.when(feed, DrainTarget.OWN, look -> {
            throw new IllegalStateException("broken condition");
        }, PUSH_ONLY, look -> { });

        assertThat(met).failsWithin(Duration.ofSeconds(10));
    }
}
