package org.gatewaydrain.http;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.gatewaydrain.core.GatewayState;
import org.gatewaydrain.core.RuntimeStatus;
import org.gatewaydrain.core.spi.RuntimeStatusStore;
import org.gatewaydrain.core.spi.Subscription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The status another process publishes, read from the store on a poll thread. A change is
 * any difference in state, count, channel health or drain; waiters for quiescence are told
 * by the same poll. Thread-safe.
 */
final class PolledStatusSource implements StatusSource {

    private static final Logger LOG = LoggerFactory.getLogger(PolledStatusSource.class);

    private final RuntimeStatusStore store;
    private final ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "status-poll");
        thread.setDaemon(true);
        return thread;
    });
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private final List<CompletableFuture<Boolean>> quiesceWaiters = new CopyOnWriteArrayList<>();
    private volatile Optional<RuntimeStatus> last;

    PolledStatusSource(RuntimeStatusStore store, Duration interval) {
        this.store = store;
        this.last = store.read();
        poller.scheduleWithFixedDelay(this::poll, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public Optional<RuntimeStatus> current() {
        return store.read();
    }

    @Override
    public boolean live() {
        return current().map(StatusJson::isLive).orElse(false);
    }

    @Override
    public CompletableFuture<Boolean> onQuiesced() {
        CompletableFuture<Boolean> waiter = new CompletableFuture<>();
        quiesceWaiters.add(waiter);
        waiter.whenComplete((done, failure) -> quiesceWaiters.remove(waiter));
        settle(waiter, current());
        return waiter;
    }

    @Override
    public Subscription onChange(Runnable listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    @Override
    public void close() {
        poller.shutdownNow();
        quiesceWaiters.forEach(waiter -> waiter.complete(false));
    }

    private void poll() {
        try {
            Optional<RuntimeStatus> now = store.read();
            if (changed(last, now)) {
                last = now;
                for (Runnable listener : listeners) {
                    runQuietly(listener);
                }
            }
            quiesceWaiters.forEach(waiter -> settle(waiter, now));
        } catch (RuntimeException e) {
            LOG.warn("Polling the gateway status failed; trying again", e);
        }
    }

    private static void settle(CompletableFuture<Boolean> waiter, Optional<RuntimeStatus> status) {
        status.ifPresent(s -> {
            if (s.quiesced()) {
                waiter.complete(true);
            } else if (s.state() == GatewayState.STOPPED) {
                waiter.complete(false);
            }
        });
    }

    private static boolean changed(Optional<RuntimeStatus> before, Optional<RuntimeStatus> after) {
        if (before.isPresent() != after.isPresent()) {
            return true;
        }
        if (before.isEmpty()) {
            return false;
        }
        RuntimeStatus a = before.get();
        RuntimeStatus b = after.get();
        return a.state() != b.state() || a.activeAgents() != b.activeAgents() || a.pid() != b.pid()
                || a.controlChannel() != b.controlChannel() || !Objects.equals(a.drain(), b.drain());
    }

    private static void runQuietly(Runnable listener) {
        try {
            listener.run();
        } catch (RuntimeException e) {
            LOG.warn("A status listener threw", e);
        }
    }
}
