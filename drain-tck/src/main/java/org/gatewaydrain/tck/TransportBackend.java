package org.gatewaydrain.tck;

import org.gatewaydrain.core.spi.DrainTransport;
import org.gatewaydrain.core.spi.TransportSettings;

/**
 * One test's worth of fresh, empty backend state (a folder, a ZooKeeper path, a memory space)
 * that the kit opens handles on. Every handle opened on one backend sees the same state, the
 * way two processes would.
 */
public interface TransportBackend extends AutoCloseable {

    /**
     * Opens a new handle on this backend's state.
     *
     * @param shared the settings the kit controls (clock, maximum age, heartbeat, instance
     *     id); add the backend's home and owned keys, then build
     * @return a handle the kit closes
     */
    DrainTransport open(TransportSettings.Builder shared);

    /**
     * Optional: cuts handles already open off from the backend (stops the server, removes the
     * folder), so the kit can check that reads say {@code Unknown} and never throw.
     *
     * @return whether the backend did it; {@code false} skips those checks
     */
    default boolean makeUnreachable() {
        return false;
    }

    /** Releases the backend's state after the test. */
    @Override
    default void close() throws Exception {
    }
}
