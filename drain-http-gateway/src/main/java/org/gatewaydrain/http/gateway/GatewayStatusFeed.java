package org.gatewaydrain.http.gateway;

import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import org.gatewaydrain.client.StatusFeed;
import org.gatewaydrain.core.ChannelHealth;
import org.gatewaydrain.core.DrainTarget;
import org.gatewaydrain.core.FleetReading;
import org.gatewaydrain.core.GatewayState;
import org.gatewaydrain.core.StatusReading;
import org.gatewaydrain.core.spi.DaemonThreads;
import org.gatewaydrain.core.spi.RuntimeStatusStore;
import org.gatewaydrain.core.spi.Subscription;
import org.gatewaydrain.runtime.Gateway;
import org.gatewaydrain.runtime.GatewayListener;

/**
 * The status of the gateway in this process, pushed on every change from the gateway's event
 * thread; the fleet as the transport's status store holds it, with the store's own change
 * notices where it gives them.
 */
final class GatewayStatusFeed implements StatusFeed {

    /** Where the store's notices are told: one daemon thread for every such feed in the process. */
    private static final Executor FLEET_NOTICES =
            Executors.newSingleThreadExecutor(DaemonThreads.named("gateway-fleet-notices"));

    private final Gateway gateway;
    private final RuntimeStatusStore store;
    private volatile Boolean storePushes;

    GatewayStatusFeed(Gateway gateway, RuntimeStatusStore store) {
        this.gateway = Objects.requireNonNull(gateway, "gateway");
        this.store = Objects.requireNonNull(store, "store");
    }

    /** The gateway is this process: it is live until it has stopped. */
    @Override
    public StatusReading status() {
        var status = gateway.status();
        return new StatusReading.Published(status, status.state() != GatewayState.STOPPED);
    }

    @Override
    public FleetReading fleet() {
        return store.readFleet();
    }

    /** Told of the gateway's own changes, and of the fleet's where the store pushes them. */
    @Override
    public Subscription onChange(Runnable listener) {
        Objects.requireNonNull(listener, "listener");
        Optional<Subscription> fleet = store.subscribe(listener, FLEET_NOTICES);
        storePushes = fleet.isPresent();
        Subscription own = gateway.addListener(new GatewayListener() {
            @Override
            public void stateChanged(GatewayState from, GatewayState to) {
                listener.run();
            }

            @Override
            public void activeTurnsChanged(int activeTurns) {
                listener.run();
            }

            @Override
            public void channelHealthChanged(ChannelHealth health) {
                listener.run();
            }

            @Override
            public void drainChanged() {
                listener.run();
            }
        });
        return () -> {
            own.close();
            fleet.ifPresent(Subscription::close);
        };
    }

    @Override
    public boolean pushes(DrainTarget target) {
        if (target instanceof DrainTarget.Own) {
            return true;
        }
        if (storePushes == null) {
            onChange(() -> { }).close();
        }
        return storePushes;
    }
}
