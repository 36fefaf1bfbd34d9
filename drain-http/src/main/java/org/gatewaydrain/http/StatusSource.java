package org.gatewaydrain.http;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.gatewaydrain.core.RuntimeStatus;
import org.gatewaydrain.core.spi.RuntimeStatusStore;
import org.gatewaydrain.core.spi.Subscription;
import org.gatewaydrain.runtime.Gateway;

/**
 * Where the HTTP routes learn the gateway's status: from the gateway itself when they run in
 * its process, or from the published status when they run in a separate control plane.
 * Implementations are thread-safe.
 */
public interface StatusSource extends AutoCloseable {

    /** @return the status now, or empty when no gateway has published one; no blocking I/O beyond a small read */
    Optional<RuntimeStatus> current();

    /** @return whether the gateway process behind the status is alive */
    boolean live();

    /** @return completes {@code true} once quiesced, {@code false} if the gateway stops first */
    CompletableFuture<Boolean> onQuiesced();

    /**
     * @param listener told (on a background thread) after each change of state, count or
     *     channel health; must not block
     * @return the handle that stops the notices
     */
    Subscription onChange(Runnable listener);

    @Override
    default void close() {
    }

    /** @return the status of a gateway in this process, pushed on every change */
    static StatusSource of(Gateway gateway) {
        return new GatewayStatusSource(gateway);
    }

    /** @return the status a gateway in another process publishes to {@code store}, polled every {@code interval} */
    static StatusSource polling(RuntimeStatusStore store, Duration interval) {
        return new PolledStatusSource(store, interval);
    }
}
