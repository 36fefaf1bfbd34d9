package org.gatewaydrain.core.spi;

import java.util.List;
import org.gatewaydrain.core.DrainSignal;

/**
 * How a fleet transport turns an instance's two requests, its own and the fleet's, into the one
 * signal the gateway acts on: either request drains; one that cannot be reached holds (the
 * gateway keeps its state rather than guess); an unreadable one drains to be safe; a stale one
 * is shown only when nothing else applies. At each level the instance's own request comes first.
 * Stateless.
 */
public final class FleetRequests {

    /** Strongest first. */
    private static final List<Class<? extends DrainSignal>> ORDER = List.of(DrainSignal.Unknown.class,
            DrainSignal.Present.class, DrainSignal.Unreadable.class, DrainSignal.Stale.class);

    private FleetRequests() {
    }

    /**
     * @param own what the instance's own request reads as
     * @param fleet what the fleet's request reads as
     * @return the signal the instance acts on
     */
    public static DrainSignal combine(DrainSignal own, DrainSignal fleet) {
        for (Class<? extends DrainSignal> kind : ORDER) {
            if (kind.isInstance(own)) {
                return own;
            }
            if (kind.isInstance(fleet)) {
                return fleet;
            }
        }
        return DrainSignal.ABSENT;
    }
}
