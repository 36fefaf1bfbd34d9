package org.gatewaydrain.core.spi;

import java.time.Duration;
import org.gatewaydrain.core.rollout.Rollout;
import org.gatewaydrain.core.rollout.RolloutBusyException;
import org.gatewaydrain.core.rollout.RolloutHolder;
import org.gatewaydrain.core.rollout.RolloutReading;

/**
 * Where a fleet transport keeps its cluster's rollout: one lock, its holder and the progress
 * record. Offered by {@link DrainTransport#rollouts()} on transports
 * that keep a fleet. Thread-safe.
 */
public interface RolloutLedger {

    /** @return the last recorded rollout and the lock's holder; never throws */
    RolloutReading read();

    /**
     * Takes the cluster's rollout lock and shows {@code holder} to anyone refused it.
     *
     * @param wait how long to wait for a lock held by someone else; zero refuses at once
     * @return the lock, held until closed (or until this process's session ends)
     * @throws RolloutBusyException if another rollout holds it, naming the holder
     * @throws org.gatewaydrain.core.DrainControlException if the ledger cannot be reached
     */
    Lease acquire(RolloutHolder holder, Duration wait);

    /**
     * @return how long the lock of a rolling process that died can stay held before the backend
     *     frees it (a ZooKeeper session timeout); {@code --resume} waits this long for it
     */
    Duration deadHolderRelease();

    /**
     * @param onChange runs (on a thread of the ledger's) after the record or the holder changed
     * @return stops the notifications
     */
    Subscription watch(Runnable onChange);

    /** The held lock; recording progress needs it. */
    interface Lease extends AutoCloseable {

        /**
         * Saves {@code rollout} as the cluster's record.
         *
         * @throws org.gatewaydrain.core.DrainControlException if it cannot be written
         */
        void record(Rollout rollout);

        /** Releases the lock and withdraws the holder; idempotent. */
        @Override
        void close();
    }
}
