package org.gatewaydrain.core.spi;

import java.util.concurrent.Executor;
import org.gatewaydrain.core.DrainControlException;
import org.gatewaydrain.core.DrainRequest;
import org.gatewaydrain.core.DrainSignal;

/**
 * The control channel between a requester (dashboard, CLI, orchestrator) and a gateway,
 * usually in different processes: the requester writes or withdraws a drain request, the
 * gateway reads it and owns the resulting state change.
 *
 * <p>Implementations are thread-safe: any method may be called from any thread, concurrently.
 * Writes are atomic: a concurrent {@link #read()} sees the previous request or the new one,
 * never a torn one.
 */
public interface DrainControlChannel extends AutoCloseable {

    /**
     * Writes the drain request, replacing any earlier one (writing again refreshes it).
     * Blocks for the write and its durability (e.g. fsync); never for long.
     *
     * @param request the request to publish
     * @throws DrainControlException if the request cannot be written; nothing half-written is
     *     left behind
     */
    void request(DrainRequest request);

    /**
     * Withdraws the drain request, if any. Blocks for the removal.
     *
     * @return whether a request (readable or not) was there
     * @throws DrainControlException if a request is there and cannot be removed
     */
    boolean cancel();

    /**
     * Reads what the channel holds now. Blocks only for a local read or one bounded
     * round trip. Never throws: an unreachable channel is {@link DrainSignal.Unknown}.
     *
     * @return the current signal
     */
    DrainSignal read();

    /**
     * Registers a listener told, on {@code executor}, when the request may have changed. The
     * listener reads the channel itself; notifications may be coalesced or spurious, never
     * lost while subscribed. A listener that throws is logged and stays subscribed.
     *
     * @param listener what to run on a change
     * @param executor where to run it
     * @return the handle that ends the subscription
     */
    Subscription subscribe(ChannelListener listener, Executor executor);

    /** Releases watchers and connections; subscribers hear nothing more. Idempotent. */
    @Override
    void close();
}
