package org.gatewaydrain.http;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.gatewaydrain.core.StatusReading;
import org.gatewaydrain.core.spi.RuntimeStatusStore;
import org.gatewaydrain.core.spi.Subscription;

/**
 * Where the HTTP routes learn the gateway's status: from the gateway itself when they run in
 * its process (the in-process adapter provides that one), or from the status a gateway in
 * another process publishes ({@link #polling}). Implementations are thread-safe.
 */
public interface StatusSource extends AutoCloseable {

    /** @return the status now with its liveness; no blocking beyond one bounded store read */
    StatusReading read();

    /** @return completes {@code true} once quiesced, {@code false} if the gateway stops first */
    CompletableFuture<Boolean> onQuiesced();

    /**
     * @param listener told (on a background thread) after each change of state, count, drain
     *     or channel health; must not block
     * @return the handle that stops the notices
     */
    Subscription onChange(Runnable listener);

    @Override
    default void close() {
    }

    /** @return the status a gateway in another process publishes to {@code store}, read every {@code interval} */
    static StatusSource polling(RuntimeStatusStore store, Duration interval) {
        return new PolledStatusSource(store, interval);
    }
}
