package org.gatewaydrain.core.spi;

import java.util.Set;
import java.util.concurrent.Executor;
import org.gatewaydrain.core.DrainControlException;
import org.gatewaydrain.core.DrainRequest;
import org.gatewaydrain.core.DrainSignal;
import org.gatewaydrain.core.DrainTarget;

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

    /**
     * @return the scopes this channel can target besides its own request, e.g. {@code fleet}
     *     and {@code instance} on a fleet transport; empty by default
     */
    default Set<String> scopes() {
        return Set.of();
    }

    /**
     * Writes a request for {@code target}. Channels that only have their own request take
     * {@link DrainTarget#OWN} only.
     *
     * @throws DrainControlException if the request cannot be written, or the channel has no such target
     */
    default void request(DrainRequest request, DrainTarget target) {
        if (!(target instanceof DrainTarget.Own)) {
            throw noSuchTarget(target);
        }
        request(request);
    }

    /**
     * Withdraws the request for {@code target}, and only that one.
     *
     * @return whether one was there
     * @throws DrainControlException if it cannot be withdrawn, or the channel has no such target
     */
    default boolean cancel(DrainTarget target) {
        if (!(target instanceof DrainTarget.Own)) {
            throw noSuchTarget(target);
        }
        return cancel();
    }

    private DrainControlException noSuchTarget(DrainTarget target) {
        return new DrainControlException("This transport has no '" + target.scope() + "' scope"
                + (scopes().isEmpty() ? "; it has one request per channel." : "; it has " + scopes() + "."));
    }

    /** Releases watchers and connections; subscribers hear nothing more. Idempotent. */
    @Override
    void close();
}
