package org.gatewaydrain.client;

import org.gatewaydrain.core.DrainTarget;
import org.gatewaydrain.core.FleetReading;
import org.gatewaydrain.core.StatusReading;
import org.gatewaydrain.core.spi.Subscription;

/**
 * What a requester reads about gateways: the status of the gateway it talks to, a fleet's
 * statuses, and word that either may have changed. Implementations are thread-safe.
 */
public interface StatusFeed {

    /** @return the gateway's status with its liveness; never throws ({@link StatusReading.Unknown} when unreadable) */
    StatusReading status();

    /** @return every instance's status, on a fleet; {@link FleetReading#NOT_A_FLEET} otherwise; never throws */
    FleetReading fleet();

    /**
     * @param listener told (on a thread of the feed's, never the caller's) after the status or the
     *     fleet may have changed; may be coalesced or spurious; must not block
     * @return the handle that stops the notices
     */
    Subscription onChange(Runnable listener);

    /**
     * @param target what is waited for: the feed's own gateway, one instance or the fleet
     * @return whether {@link #onChange} tells of that target's changes as the backend pushes them
     *     (an event stream, a watch on the store), so waiting on it needs no polling beyond a slow
     *     safety net; false by default
     */
    default boolean pushes(DrainTarget target) {
        return false;
    }
}
