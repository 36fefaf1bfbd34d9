package org.gatewaydrain.runtime;

import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.gatewaydrain.core.DrainSignal;
import org.gatewaydrain.core.spi.DrainControlChannel;
import org.gatewaydrain.core.spi.Subscription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the gateway in step with its control channel: reads the channel on every pushed
 * change and on a fixed tick, and hands each signal to the gateway. Runs on one scheduler
 * thread, so reconciles never overlap; a burst of pushed changes becomes one read. Never
 * dies: a failure in a read or in the gateway's handling is logged, counted and the next
 * tick runs. Thread-safe.
 */
@Singleton
final class DrainWatcher {

    private static final Logger LOG = LoggerFactory.getLogger(DrainWatcher.class);

    private final DrainControlChannel channel;
    private final ScheduledExecutorService scheduler;
    private final Duration interval;
    private final AtomicBoolean pushPending = new AtomicBoolean();
    private final AtomicLong failures = new AtomicLong();
    private volatile Consumer<DrainSignal> sink = signal -> { };
    private volatile Subscription subscription = () -> { };

    @Inject
    DrainWatcher(DrainControlChannel channel, @Named(GatewayRuntimeModule.WATCHER_SCHEDULER) ScheduledExecutorService scheduler,
            RuntimeSettings settings) {
        this.channel = channel;
        this.scheduler = scheduler;
        this.interval = settings.reconcileInterval();
    }

    /**
     * Subscribes to the channel, runs the first reconcile and starts ticking. Blocks until the
     * first reconcile is done. Every reconcile runs on the scheduler thread, the first one
     * included, so an older read can never be applied after a newer one.
     */
    void start(Consumer<DrainSignal> signalSink) {
        this.sink = signalSink;
        // The notice only enqueues a reconcile, so it may run on the channel's own thread.
        subscription = channel.subscribe(this::onPush, Runnable::run);
        Future<?> first = scheduler.submit(this::reconcile);
        scheduler.scheduleWithFixedDelay(this::reconcile, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
        awaitQuietly(first);
    }

    /** Runs one reconcile on the watcher thread and waits for it; a no-op once stopped. */
    void reconcileNow() {
        try {
            awaitQuietly(scheduler.submit(this::reconcile));
        } catch (RejectedExecutionException stopped) {
            LOG.debug("Watcher stopped; no reconcile");
        }
    }

    private static void awaitQuietly(Future<?> reconcile) {
        try {
            reconcile.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            LOG.warn("A reconcile failed", e.getCause());
        }
    }

    /** Unsubscribes and stops the ticks; a reconcile under way finishes. Blocks up to {@code timeout}. */
    void stop(Duration timeout) {
        subscription.close();
        scheduler.shutdown();
        try {
            scheduler.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    long failures() {
        return failures.get();
    }

    private void onPush() {
        if (pushPending.compareAndSet(false, true)) {
            try {
                scheduler.execute(() -> {
                    pushPending.set(false);
                    reconcile();
                });
            } catch (RejectedExecutionException stopped) {
                pushPending.set(false);
            }
        }
    }

    /** One read and hand-over; catches everything so the fixed-delay schedule is never cancelled. */
    private void reconcile() {
        try {
            sink.accept(channel.read());
        } catch (VirtualMachineError fatal) {
            throw fatal;
        } catch (Throwable e) {
            failures.incrementAndGet();
            LOG.warn("Reconciling with the drain channel failed; retrying on the next tick", e);
        }
    }
}
