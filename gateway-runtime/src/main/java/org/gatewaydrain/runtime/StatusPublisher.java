package org.gatewaydrain.runtime;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.gatewaydrain.core.RuntimeStatus;
import org.gatewaydrain.core.spi.RuntimeStatusStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes the gateway's status off the caller's thread, coalesced: any number of requests
 * while a publish is pending become one write of the status as it is when the write starts,
 * so the last write always reflects the last change. A failed write is logged and counted;
 * the next change tries again. Thread-safe.
 */
@Singleton
final class StatusPublisher {

    private static final Logger LOG = LoggerFactory.getLogger(StatusPublisher.class);

    private final RuntimeStatusStore store;
    private final AdmissionGate gate;
    private final ProcessIdentity identity;
    private final Clock clock;
    private final ExecutorService thread = Executors.newSingleThreadExecutor(DaemonThreads.named("gateway-status"));
    private final AtomicBoolean pending = new AtomicBoolean();
    private final AtomicLong failures = new AtomicLong();

    @Inject
    StatusPublisher(RuntimeStatusStore store, AdmissionGate gate, ProcessIdentity identity, Clock clock) {
        this.store = store;
        this.gate = gate;
        this.identity = identity;
        this.clock = clock;
    }

    /** @return the status as it would be published now; no I/O */
    RuntimeStatus current() {
        AdmissionGate.Snapshot now = gate.snapshot();
        return new RuntimeStatus(identity.pid(), RuntimeStatus.KIND_GATEWAY, identity.startTime(), now.state(),
                now.activeTurns(), now.drain(), now.channelHealth(), now.exitReason(), clock.instant());
    }

    /** Asks for a publish soon; returns at once. */
    void requestPublish() {
        if (pending.compareAndSet(false, true)) {
            try {
                thread.execute(this::publishPending);
            } catch (RejectedExecutionException afterStop) {
                pending.set(false);
            }
        }
    }

    /** Waits until every requested publish has been written. Blocks up to {@code timeout}. */
    void flush(Duration timeout) {
        try {
            Future<?> marker = thread.submit(() -> { });
            marker.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException stopped) {
            // Nothing left to flush.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.warn("Status publishing did not finish within {}", timeout, e);
        }
    }

    /** Stops the publisher and writes the final status on the calling thread. Blocks for the write. */
    void stopWithFinal(Duration timeout) {
        flush(timeout);
        thread.shutdownNow();
        pending.set(true);
        write();
    }

    long failures() {
        return failures.get();
    }

    private void publishPending() {
        pending.set(false);
        write();
    }

    private void write() {
        try {
            store.publish(current());
        } catch (RuntimeException e) {
            failures.incrementAndGet();
            LOG.warn("Cannot publish the gateway status: {}", e.getMessage(), e);
        }
    }
}
