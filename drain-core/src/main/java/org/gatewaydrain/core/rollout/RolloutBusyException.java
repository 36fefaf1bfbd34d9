package org.gatewaydrain.core.rollout;

import java.util.Optional;
import org.gatewaydrain.core.DrainControlException;

/** Another rollout holds the cluster's lock; the message names its holder when it can be read. */
public final class RolloutBusyException extends DrainControlException {

    private static final long serialVersionUID = 1L;

    private final String cluster;
    private final transient Optional<RolloutHolder> holder;

    /** @param holder who holds the lock, if it could be read */
    public RolloutBusyException(String cluster, Optional<RolloutHolder> holder) {
        super("Another rollout is running on cluster " + cluster + ": "
                + holder.map(h -> "rollout " + h.rolloutId() + " by " + h.describe())
                        .orElse("its holder could not be read") + ". Only one rollout per cluster runs at a time.");
        this.cluster = cluster;
        this.holder = holder;
    }

    /** @return the cluster whose lock is held */
    public String cluster() {
        return cluster;
    }

    /** @return who holds the lock, if it could be read */
    public Optional<RolloutHolder> holder() {
        return holder;
    }
}
