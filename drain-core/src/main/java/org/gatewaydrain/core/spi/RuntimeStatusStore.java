package org.gatewaydrain.core.spi;

import java.util.Optional;
import java.util.concurrent.Executor;
import org.gatewaydrain.core.DrainControlException;
import org.gatewaydrain.core.FleetReading;
import org.gatewaydrain.core.RuntimeStatus;
import org.gatewaydrain.core.StatusReading;

/**
 * Where a gateway publishes its {@link RuntimeStatus} for operators and other processes, and
 * where they read it back together with the store's verdict on whether its publisher is alive.
 *
 * <p>Liveness belongs here and nowhere else: a file store checks the publisher's process when
 * it is visible on this host and its heartbeat otherwise, a coordinator store checks its
 * ephemeral node. The gateway republishes at least every {@code status.heartbeat}.
 *
 * <p>Implementations are thread-safe. A publish is atomic: a concurrent {@link #read()} sees
 * the previous status or the new one, never a mix.
 */
public interface RuntimeStatusStore extends AutoCloseable {

    /**
     * Replaces the published status. Blocks for the write.
     *
     * @param status the full status
     * @throws DrainControlException if it cannot be written
     */
    void publish(RuntimeStatus status);

    /**
     * Reads the published status. Never throws and never blocks beyond a bounded read.
     *
     * @return the status with its liveness, {@link StatusReading.Absent} when none is
     *     published, {@link StatusReading.Unknown} when the store cannot tell now
     */
    StatusReading read();

    /**
     * Reads every instance's status, on a transport that keeps a fleet. Never throws.
     *
     * @return the statuses published now (a publisher that went away is gone), {@link FleetReading.Unknown}
     *     when the fleet cannot be read, or {@link FleetReading#NOT_A_FLEET} by default
     */
    default FleetReading readFleet() {
        return FleetReading.NOT_A_FLEET;
    }

    /**
     * Optional: tells {@code listener}, on {@code executor}, when what {@link #read()} or
     * {@link #readFleet()} answers may have changed (a publish through any handle, a publisher
     * gone). Notices may be coalesced or spurious, never lost while subscribed; a closed
     * subscription or store hears nothing more. A store that cannot tell keeps the default, and
     * its readers poll.
     *
     * @return the subscription, or empty when this store cannot push changes
     */
    default Optional<Subscription> subscribe(Runnable listener, Executor executor) {
        return Optional.empty();
    }

    /** Releases resources; idempotent. A coordinator store withdraws the publisher's presence. */
    @Override
    default void close() {
    }
}
