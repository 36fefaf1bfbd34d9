package org.gatewaydrain.http;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.gatewaydrain.core.ChannelHealth;
import org.gatewaydrain.core.GatewayState;
import org.gatewaydrain.core.RuntimeStatus;
import org.gatewaydrain.core.spi.Subscription;
import org.gatewaydrain.runtime.Gateway;
import org.gatewaydrain.runtime.GatewayListener;

/** The status of the gateway in this process; changes arrive on the gateway's event thread. */
final class GatewayStatusSource implements StatusSource {

    private final Gateway gateway;

    GatewayStatusSource(Gateway gateway) {
        this.gateway = gateway;
    }

    @Override
    public Optional<RuntimeStatus> current() {
        return Optional.of(gateway.status());
    }

    @Override
    public boolean live() {
        return gateway.status().state() != GatewayState.STOPPED;
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
        });
    }
}
