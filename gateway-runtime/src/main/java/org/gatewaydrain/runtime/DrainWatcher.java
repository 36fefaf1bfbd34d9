package org.gatewaydrain.runtime;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.gatewaydrain.core.DrainSignal;
import org.gatewaydrain.core.spi.DrainControlChannel;
import org.gatewaydrain.core.spi.Subscription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the gateway in step with its control channel: reads the channel on every pushed
 * change and on a tick, and hands each signal to the gateway. Reconciles (a read and its
 * hand-over) never overlap, so an older read can never be applied after a newer one.
 *
 * <p>A pushed change is reconciled on the thread that pushed it, when no reconcile is under
 * way: the change reaches the gateway without waiting for another thread to wake up. When one
 * is under way, the push is left pending and whoever finishes a reconcile runs it, so a burst
 * of pushes becomes one or two reads and none is lost. Ticks run on the scheduler thread. Never
 * dies: a failure in a read or in the gateway's handling is logged and counted, and each tick
 * schedules the next before it runs, so not even a fatal error ends the ticking. Thread-safe.
 */
final class DrainWatcher {

    private static final Logger LOG = LoggerFactory.getLogger(DrainWatcher.class);

    private final DrainControlChannel channel;
    private final ScheduledExecutorService scheduler;
    private final Duration interval;
    private final ReentrantLock reconciling = new ReentrantLock();
    private final AtomicBoolean pushPending = new AtomicBoolean();
    private final AtomicLong failures = new AtomicLong();
    private volatile boolean stopped;
    private volatile Consumer<DrainSignal> sink = signal -> { };
    private volatile Subscription subscription = () -> { };

    DrainWatcher(DrainControlChannel channel, ScheduledExecutorService scheduler, Duration interval) {
        this.channel = channel;
        this.scheduler = scheduler;
        this.interval = interval;
    }

    /**
     * Subscribes to the channel, runs the first reconcile and starts ticking. Blocks until the
     * first reconcile is done, even if the calling thread is interrupted meanwhile (the flag is
     * restored afterwards): the gateway must not report running before it has read the channel.
     */
    void start(Consumer<DrainSignal> signalSink) {
        this.sink = signalSink;
        subscription = channel.subscribe(this::onPush, Runnable::run);
        Future<?> first = scheduler.submit(this::reconcile);
        scheduleTick();
        awaitUninterruptibly(first);
    }

    /** Runs one reconcile on the scheduler thread and waits for it; a no-op once stopped. */
    void reconcileNow() {
        try {
            awaitUninterruptibly(scheduler.submit(this::reconcile));
        } catch (RejectedExecutionException stopped) {
            LOG.debug("Watcher stopped; no reconcile");
        }
    }

    /**
     * Unsubscribes and stops the ticks; a reconcile under way finishes and none starts after.
     * Blocks up to {@code timeout}.
     */
    void stop(Duration timeout) {
        stopped = true;
        subscription.close();
        scheduler.shutdownNow();
        try {
            scheduler.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (reconciling.tryLock(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                reconciling.unlock();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** @return how many reconciles failed */
    long failures() {
        return failures.get();
    }

    private void scheduleTick() {
        try {
            scheduler.schedule(this::tick, interval.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException stopped) {
            LOG.debug("Watcher stopped; no more ticks");
        }
    }

    private void tick() {
        scheduleTick();
        reconcile();
    }

    /** On the channel's thread: reconcile here unless one is under way, which then runs this one after it. */
    private void onPush() {
        pushPending.set(true);
        runPendingPushes();
    }

    private void runPendingPushes() {
        while (pushPending.get() && !stopped && reconciling.tryLock()) {
            try {
                if (pushPending.getAndSet(false)) {
                    readAndApply();
                }
            } finally {
                reconciling.unlock();
            }
        }
    }

    private void reconcile() {
        reconciling.lock();
        try {
            readAndApply();
        } finally {
            reconciling.unlock();
        }
        // A push that found this reconcile under way left itself pending.
        runPendingPushes();
    }

    /** One read and hand-over, under the lock; a failure is logged and counted, a fatal one also passed on. */
    private void readAndApply() {
        if (stopped) {
            return;
        }
        try {
            sink.accept(channel.read());
        } catch (Throwable e) {
            failures.incrementAndGet();
            LOG.error("Reconciling with the drain channel failed; trying again on the next change or tick", e);
            if (e instanceof VirtualMachineError fatal) {
                throw fatal;
            }
        }
    }

    private static void awaitUninterruptibly(Future<?> reconcile) {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    reconcile.get();
                    return;
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    LOG.warn("A reconcile failed", e.getCause());
                    return;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
