package org.gatewaydrain.runtime;

import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.gatewaydrain.core.spi.DaemonThreads;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands notices to the embedder's {@link Notifier}, in order, one at a time, off the caller's
 * thread. Each call runs on a worker and is waited for up to the timeout: a call that throws
 * is logged and counted; one that hangs is given up on (interrupted, logged, counted) and the
 * next notice goes on, so at most {@value #MOST_HUNG} hung calls are ever left behind — past
 * that, notices are dropped with a log line. At most {@value #QUEUED} notices wait; more are
 * dropped the same way. Sending never blocks. Thread-safe.
 */
final class Notices {

    private static final Logger LOG = LoggerFactory.getLogger(Notices.class);
    static final int QUEUED = 1024;
    static final int MOST_HUNG = 4;

    private final Notifier notifier;
    private final Duration timeout;
    private final BlockingQueue<Notice> queue = new ArrayBlockingQueue<>(QUEUED);
    private final ExecutorService dispatcher = Executors.newSingleThreadExecutor(DaemonThreads.named("gateway-notices"));
    private final ThreadPoolExecutor workers = new ThreadPoolExecutor(0, MOST_HUNG + 1, 30, TimeUnit.SECONDS,
            new SynchronousQueue<>(), DaemonThreads.named("gateway-notifier"));
    private final AtomicInteger pending = new AtomicInteger();
    private final AtomicLong failures = new AtomicLong();

    Notices(Notifier notifier, Duration timeout) {
        this.notifier = notifier;
        this.timeout = timeout;
    }

    /** Queues a notice; never blocks. */
    void send(Notice notice) {
        if (notifier == Notifier.NONE) {
            return;
        }
        if (!queue.offer(notice)) {
            failures.incrementAndGet();
            LOG.warn("{} notices are waiting for the notifier; dropped one: {}", QUEUED, notice);
            return;
        }
        pending.incrementAndGet();
        try {
            dispatcher.execute(this::deliverNext);
        } catch (RejectedExecutionException closed) {
            queue.remove(notice);
            pending.decrementAndGet();
            LOG.warn("The gateway has stopped; a notice was not sent: {}", notice);
        }
    }

    /** Waits until every queued notice has been delivered or given up on, for at most {@code within}. */
    boolean flush(Duration within) {
        long until = System.nanoTime() + within.toNanos();
        synchronized (pending) {
            while (pending.get() > 0) {
                long left = until - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(pending, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        }
        return true;
    }

    /** Delivers what is queued within {@code within}, then stops; what is left is logged. */
    void close(Duration within) {
        if (!flush(within) && pending.get() > 0) {
            LOG.warn("{} notice(s) were not delivered before the gateway stopped", pending.get());
        }
        dispatcher.shutdownNow();
        workers.shutdownNow();
    }

    /** @return how many notices failed, hung or were dropped */
    long failures() {
        return failures.get();
    }

    private void deliverNext() {
        Notice notice = queue.poll();
        if (notice == null) {
            return;
        }
        try {
            deliver(notice);
        } finally {
            synchronized (pending) {
                pending.decrementAndGet();
                pending.notifyAll();
            }
        }
    }

    private void deliver(Notice notice) {
        Future<?> call;
        try {
            call = workers.submit(() -> {
                if (notice instanceof Notice.Session session) {
                    notifier.sessionNotice(session);
                } else {
                    notifier.broadcast((Notice.Broadcast) notice);
                }
            });
        } catch (RejectedExecutionException busy) {
            failures.incrementAndGet();
            LOG.warn("The notifier has {} calls that never returned; dropped {}", MOST_HUNG, notice);
            return;
        }
        try {
            call.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            call.cancel(true);
            failures.incrementAndGet();
            LOG.warn("The notifier did not return within {} ms; gave up on {}", timeout.toMillis(), notice);
        } catch (ExecutionException e) {
            failures.incrementAndGet();
            LOG.warn("The notifier failed on {}", notice, e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
