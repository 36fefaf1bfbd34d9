package org.gatewaydrain.core.spi;

import java.util.Map;
import org.gatewaydrain.core.DrainControlException;

/**
 * A transport plug-in, found with {@link java.util.ServiceLoader}: register the implementing
 * class in {@code META-INF/services/org.gatewaydrain.core.spi.DrainTransportProvider}. The
 * server picks one by {@link #name()} ({@code transport:} in its configuration) and hands it
 * the configuration keys it {@linkplain #keys() owns}; it keeps no list of them itself.
 *
 * <p>Implementations have a public no-argument constructor and are thread-safe.
 */
public interface DrainTransportProvider {

    /** @return the name operators select it by, e.g. {@code file} or {@code zookeeper}; lower case */
    String name();

    /**
     * @return the configuration keys this transport owns (normally under its own prefix, e.g.
     *     {@code zookeeper.connect}), each with a one-line description that states its default
     */
    Map<String, String> keys();

    /**
     * Checks the owned keys without touching any backend. Called at start-up before
     * {@link #open}, so bad configuration fails before anything runs.
     *
     * @param settings the values of the owned keys and the shared settings
     * @throws DrainControlException naming the key, where its value came from and the fix
     *     (see {@link TransportSettings#invalid})
     */
    void validate(TransportSettings settings);

    /**
     * Opens the transport. May block for a connection, bounded by the transport's own timeouts.
     *
     * @param settings the validated settings
     * @return the open transport; the caller closes it
     * @throws DrainControlException if the backend cannot be set up (a home that cannot be
     *     created, a coordinator that cannot be reached in time)
     */
    DrainTransport open(TransportSettings settings);
}
