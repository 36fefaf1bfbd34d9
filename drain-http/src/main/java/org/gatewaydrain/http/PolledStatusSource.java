package org.gatewaydrain.http;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.gatewaydrain.core.GatewayState;
import org.gatewaydrain.core.RuntimeStatus;
import org.gatewaydrain.core.StatusReading;
import org.gatewaydrain.core.spi.ChangeFanout;
import org.gatewaydrain.core.spi.DaemonThreads;
import org.gatewaydrain.core.spi.RuntimeStatusStore;
import org.gatewaydrain.core.spi.Subscription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The status another process publishes, read from the store on a poll thread and kept: reads
 * answer the last poll, so a request never waits for the store. A change is any difference in
 * what the status shows (the update time and heartbeats aside) or in liveness; waiters for
 * quiescence are settled by the same poll. Thread-safe.
 */
final class PolledStatusSource implements StatusSource {

    private static final Logger LOG = LoggerFactory.getLogger(PolledStatusSource.class);

    private final RuntimeStatusStore store;
    private final ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("status-poll"));
    private final ChangeFanout<Runnable> listeners = new ChangeFanout<>();
    private final ChangeFanout<CompletableFuture<Boolean>> quiesceWaiters = new ChangeFanout<>();
    private volatile StatusReading last;

    PolledStatusSource(RuntimeStatusStore store, Duration interval) {
        this.store = store;
        this.last = store.read();
        poller.scheduleWithFixedDelay(this::poll, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public StatusReading read() {
        return last;
    }

    @Override
    public CompletableFuture<Boolean> onQuiesced() {
        CompletableFuture<Boolean> waiter = new CompletableFuture<>();
        Subscription subscription = quiesceWaiters.add(waiter, Runnable::run);
        waiter.whenComplete((done, failure) -> subscription.close());
        settle(waiter, last);
        return waiter;
    }

    @Override
    public Subscription onChange(Runnable listener) {
        return listeners.add(listener, Runnable::run);
    }

    @Override
    public void close() {
        poller.shutdownNow();
        quiesceWaiters.fire(waiter -> waiter.complete(false));
    }

    private void poll() {
        try {
            StatusReading now = store.read();
            StatusReading before = last;
            last = now;
            if (changed(before, now)) {
                listeners.fire(Runnable::run);
            }
            quiesceWaiters.fire(waiter -> settle(waiter, now));
        } catch (RuntimeException e) {
            LOG.warn("Polling the gateway status failed; trying again", e);
        }
    }

    private static void settle(CompletableFuture<Boolean> waiter, StatusReading reading) {
        reading.published().ifPresent(published -> {
            if (published.status().quiesced()) {
                waiter.complete(true);
            } else if (published.status().state() == GatewayState.STOPPED || !published.live()) {
                waiter.complete(false);
            }
        });
    }

    private static boolean changed(StatusReading before, StatusReading after) {
        if (before instanceof StatusReading.Published a && after instanceof StatusReading.Published b) {
            return a.live() != b.live() || !sameShown(a.status(), b.status());
        }
        return !before.getClass().equals(after.getClass());
    }

    private static boolean sameShown(RuntimeStatus a, RuntimeStatus b) {
        return a.state() == b.state() && a.activeTurns() == b.activeTurns() && a.pid() == b.pid()
                && a.controlChannel() == b.controlChannel() && Objects.equals(a.drain(), b.drain())
                && Objects.equals(a.drainIgnored(), b.drainIgnored());
    }
}
