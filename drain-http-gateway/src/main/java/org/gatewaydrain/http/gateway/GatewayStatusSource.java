package org.gatewaydrain.http.gateway;

import java.util.concurrent.CompletableFuture;
import org.gatewaydrain.core.ChannelHealth;
import org.gatewaydrain.core.GatewayState;
import org.gatewaydrain.core.StatusReading;
import org.gatewaydrain.core.spi.Subscription;
import org.gatewaydrain.http.StatusSource;
import org.gatewaydrain.runtime.Gateway;
import org.gatewaydrain.runtime.GatewayListener;

/** The status of the gateway in this process, pushed on every change from the gateway's event thread. */
final class GatewayStatusSource implements StatusSource {

    private final Gateway gateway;

    GatewayStatusSource(Gateway gateway) {
        this.gateway = gateway;
    }

    /** The gateway is this process: it is live until it has stopped. */
    @Override
    public StatusReading read() {
        var status = gateway.status();
        return new StatusReading.Published(status, status.state() != GatewayState.STOPPED);
    }

    @Override
    public CompletableFuture<Boolean> onQuiesced() {
        return gateway.onQuiesced();
    }

    @Override
    public Subscription onChange(Runnable listener) {
        return gateway.addListener(new GatewayListener() {
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
    }
}
