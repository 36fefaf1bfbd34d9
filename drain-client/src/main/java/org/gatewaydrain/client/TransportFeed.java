package org.gatewaydrain.client;

import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.gatewaydrain.core.DrainTarget;
import org.gatewaydrain.core.FleetReading;
import org.gatewaydrain.core.StatusReading;
import org.gatewaydrain.core.spi.DaemonThreads;
import org.gatewaydrain.core.spi.RuntimeStatusStore;
import org.gatewaydrain.core.spi.Subscription;

/**
 * The statuses a status store holds, read as they are now, with the store's own change notices
 * where it gives them ({@link RuntimeStatusStore#subscribe}); a store that gives none leaves
 * waiting to the watch's polling. Listeners are told on this feed's own thread, never the
 * store's. Thread-safe; closing it ends the notices (the store stays open).
 */
public final class TransportFeed implements StatusFeed, AutoCloseable {

    private final RuntimeStatusStore store;
    private final ExecutorService notices = Executors.newSingleThreadExecutor(DaemonThreads.named("status-feed"));
    private volatile Boolean pushes;

    /** @param store the store to read; not closed by this feed */
    public TransportFeed(RuntimeStatusStore store) {
        this.store = Objects.requireNonNull(store, "store");
    }

    @Override
    public StatusReading status() {
        return store.read();
    }

    @Override
    public FleetReading fleet() {
        return store.readFleet();
    }

    @Override
    public Subscription onChange(Runnable listener) {
        Optional<Subscription> subscription = store.subscribe(Objects.requireNonNull(listener, "listener"), notices);
        pushes = subscription.isPresent();
        return subscription.orElse(() -> { });
    }

    @Override
    public boolean pushes(DrainTarget target) {
        if (pushes == null) {
            onChange(() -> { }).close();
        }
        return pushes;
    }

    @Override
    public void close() {
        notices.shutdownNow();
    }
}
