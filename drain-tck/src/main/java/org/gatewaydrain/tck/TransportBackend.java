package org.gatewaydrain.tck;

import org.gatewaydrain.core.DrainTarget;
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
     * Puts {@code content} where the request for {@code target} lives, byte for byte, bypassing
     * the channel: what a broken writer, a full disk or a hostile neighbour leaves there. The kit
     * then expects every read to say {@code Unreadable} (the gateway drains to be safe), never
     * {@code Absent} or {@code Present}. The kit plants only at {@link DrainTarget#OWN}, and at
     * the fleet's request on a channel whose {@code scopes()} name it.
     *
     * <p>A backend that holds typed values and never bytes (an in-JVM store) cannot hold a corrupt
     * request; it throws {@link CannotHoldRawContent} saying why, and the kit skips these checks
     * with that reason.
     *
     * @throws UnsupportedOperationException by default: the kit's corrupt-content checks fail until
     *     the backend implements this or says why it cannot
     * @throws Exception when the backend cannot be written
     */
    default void plantRaw(DrainTarget target, byte[] content) throws Exception {
        throw new UnsupportedOperationException("Implement TransportBackend.plantRaw to put raw bytes where a request"
                + " lives, or throw TransportBackend.CannotHoldRawContent saying why this transport cannot hold them.");
    }

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

    /** Thrown by {@link #plantRaw} of a backend that holds no bytes; the message says why. */
    final class CannotHoldRawContent extends Exception {

        private static final long serialVersionUID = 1L;

        /** @param why why this transport's backend cannot hold raw content, for the kit's report */
        public CannotHoldRawContent(String why) {
            super(why);
        }
    }
}
