package org.gatewaydrain.client;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.gatewaydrain.core.DrainTarget;
import org.gatewaydrain.core.FleetReading;
import org.gatewaydrain.core.StatusReading;
import org.gatewaydrain.core.spi.DaemonThreads;
import org.gatewaydrain.core.spi.Subscription;

/**
 * The one way to wait for what gateways show: "until this target is quiesced", "until it runs
 * again", "until this drain is confirmed". A watch looks at its feed at once, then every time
 * the feed says something may have changed (pushed where the backend pushes: an event stream, a
 * store's watch), and on a timer only as a fallback: often where nothing is pushed, rarely as a
 * safety net where something is. Looks are made one at a time. Thread-safe.
 */
public final class StatusWatch {

    private static final ScheduledExecutorService TIMER =
            Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("status-watch"));

    private StatusWatch() {
    }

    /**
     * How often a watch looks without being told: {@code fallback} where the feed pushes nothing,
     * {@code safety} where it does.
     */
    public record Pace(Duration fallback, Duration safety) {

        /** 200 ms without pushes, 5 s with. */
        public static final Pace DEFAULT = new Pace(Duration.ofMillis(200), Duration.ofSeconds(5));

        public Pace {
            requirePositive(fallback, "fallback");
            requirePositive(safety, "safety");
        }

        Duration of(StatusFeed feed, DrainTarget target) {
            return feed.pushes(target) ? safety : fallback;
        }

        private static void requirePositive(Duration value, String what) {
            Objects.requireNonNull(value, what);
            if (value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException("the " + what + " pace must be positive, was " + value);
            }
        }
    }

    /**
     * One look at the feed: its status and its fleet, each read at most once, when first asked.
     * Not thread-safe; a look is used by the thread that made it.
     */
    public static final class Look {
        private final StatusFeed feed;
        private StatusReading status;
        private FleetReading fleet;

        Look(StatusFeed feed) {
            this.feed = feed;
        }

        /** @return the feed's status, read once */
        public StatusReading status() {
            if (status == null) {
                status = feed.status();
            }
            return status;
        }

        /** @return the feed's fleet, read once */
        public FleetReading fleet() {
            if (fleet == null) {
                fleet = feed.fleet();
            }
            return fleet;
        }
    }

    /** What is waited for, and what it yields once it holds. */
    @FunctionalInterface
    public interface Condition<T> {
        /** @return the value once the condition holds; empty while it does not; must not block beyond the look's reads */
        Optional<T> test(Look look);
    }

    /** How a blocking wait ended. */
    public sealed interface Outcome<T> {
        /** @param value what the condition yielded */
        record Met<T>(T value) implements Outcome<T> {
        }

        /** The clock passed the deadline first. */
        record TimedOut<T>() implements Outcome<T> {
        }

        /** The waiting thread was interrupted (the flag is kept). */
        record Interrupted<T>() implements Outcome<T> {
        }
    }

    /**
     * Waits without blocking: the future completes with the condition's value once it holds, or
     * exceptionally with whatever the condition threw. Cancelling it ends the watch.
     *
     * @param target what the condition is about: it sets how often the watch looks without being told
     * @param onLook told of every look, in order, on the thread that made it (the feed's or the timer's)
     */
    public static <T> CompletableFuture<T> when(StatusFeed feed, DrainTarget target, Condition<T> condition, Pace pace,
            Consumer<Look> onLook) {
        Objects.requireNonNull(condition, "condition");
        CompletableFuture<T> result = new CompletableFuture<>();
        AtomicBoolean looking = new AtomicBoolean();
        AtomicBoolean again = new AtomicBoolean();
        // One look at a time, whoever asks (the feed's thread, the timer, a look's own condition): a notice
        // that comes while a look is under way leaves word, and the look under way looks again after it.
        Runnable look = () -> {
            again.set(true);
            while (!result.isDone() && again.get() && looking.compareAndSet(false, true)) {
                try {
                    if (again.getAndSet(false)) {
                        lookOnce(feed, condition, onLook, result);
                    }
                } finally {
                    looking.set(false);
                }
            }
        };
        Subscription subscription = feed.onChange(look);
        long every = pace.of(feed, target).toMillis();
        ScheduledFuture<?> timer = TIMER.scheduleWithFixedDelay(look, every, every, TimeUnit.MILLISECONDS);
        result.whenComplete((value, failure) -> {
            subscription.close();
            timer.cancel(false);
        });
        TIMER.execute(look);
        return result;
    }

    private static <T> void lookOnce(StatusFeed feed, Condition<T> condition, Consumer<Look> onLook,
            CompletableFuture<T> result) {
        try {
            Look look = new Look(feed);
            Optional<T> met = condition.test(look);
            onLook.accept(look);
            met.ifPresent(result::complete);
        } catch (RuntimeException e) {
            result.completeExceptionally(e);
        }
    }

    /**
     * Blocks until the condition holds or {@code clock} has passed {@code timeout} from now. The
     * deadline is the clock's, so a test that moves its clock moves the deadline; the wait wakes
     * at the watch's pace to see it.
     *
     * @param onLook told of every look, in order (see {@link #when})
     * @throws RuntimeException what the condition threw
     */
    public static <T> Outcome<T> await(StatusFeed feed, DrainTarget target, Condition<T> condition, Clock clock,
            Duration timeout, Pace pace, Consumer<Look> onLook) {
        Instant deadline = clock.instant().plus(timeout);
        CompletableFuture<T> result = when(feed, target, condition, pace, onLook);
        long wake = Math.max(1, pace.fallback().toMillis());
        try {
            while (true) {
                try {
                    return new Outcome.Met<>(result.get(wake, TimeUnit.MILLISECONDS));
                } catch (TimeoutException notYet) {
                    if (!clock.instant().isBefore(deadline)) {
                        return result.isDone() ? new Outcome.Met<>(result.join()) : new Outcome.TimedOut<>();
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome.Interrupted<>();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
        } finally {
            result.cancel(false);
        }
    }
}
