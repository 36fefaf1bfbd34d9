package org.gatewaydrain.core.spi;

import java.util.Optional;
import org.gatewaydrain.core.DrainControlException;
import org.gatewaydrain.core.RuntimeStatus;

/**
 * Where a gateway publishes its {@link RuntimeStatus} for operators and other processes.
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
     * Updates only the in-flight count (and the update time) of the published status,
     * keeping its state and every other field. Blocks for a read and a write.
     *
     * @param activeAgents the in-flight count, {@code >= 0}
     * @throws DrainControlException if no status has been published yet, or the write fails
     */
    void publishActiveAgents(int activeAgents);

    /**
     * Reads the published status. Never throws.
     *
     * @return the status, or empty when none is published or it cannot be read
     */
    Optional<RuntimeStatus> read();

    /** Releases resources; idempotent. */
    @Override
    default void close() {
    }
}
