package org.gatewaydrain.core.spi;

import java.util.Objects;
import java.util.Optional;

/**
 * An opened transport: the control channel and the status store over one backend, closed
 * together. Obtained from {@link DrainTransportProvider#open}. Thread-safe.
 */
public interface DrainTransport extends AutoCloseable {

    /** @return where drain requests are written and read */
    DrainControlChannel channel();

    /** @return where the gateway's status is published and read */
    RuntimeStatusStore statusStore();

    /**
     * @return the cluster's rollout lock and record, on a transport that keeps a fleet; empty
     *     by default (a channel with one gateway has nothing to roll across)
     */
    default Optional<RolloutLedger> rollouts() {
        return Optional.empty();
    }

    /** Closes the channel, the store and any connection behind them; idempotent. */
    @Override
    void close();

    /**
     * @param channel the channel
     * @param statusStore the status store
     * @return a transport that closes both (the store first, then the channel)
     */
    static DrainTransport of(DrainControlChannel channel, RuntimeStatusStore statusStore) {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(statusStore, "statusStore");
        return new DrainTransport() {
            @Override
            public DrainControlChannel channel() {
                return channel;
            }

            @Override
            public RuntimeStatusStore statusStore() {
                return statusStore;
            }

            @Override
            public void close() {
                try {
                    statusStore.close();
                } finally {
                    channel.close();
                }
            }

            @Override
            public String toString() {
                return channel.toString();
            }
        };
    }
}
