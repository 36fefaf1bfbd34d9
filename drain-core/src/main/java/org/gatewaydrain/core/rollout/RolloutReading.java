package org.gatewaydrain.core.rollout;

import java.util.Objects;
import java.util.Optional;

/** What reading a cluster's rollout ledger yields. Reading never throws. */
public sealed interface RolloutReading {

    /**
     * The ledger cannot be read now.
     *
     * @param cause what went wrong
     */
    record Unknown(String cause) implements RolloutReading {
        public Unknown {
            Objects.requireNonNull(cause, "cause");
        }
    }

    /**
     * What the ledger holds.
     *
     * @param rollout the last rollout recorded, if any ran
     * @param holder who holds the lock now; empty when no rollout is running
     */
    record Recorded(Optional<Rollout> rollout, Optional<RolloutHolder> holder) implements RolloutReading {
        public Recorded {
            Objects.requireNonNull(rollout, "rollout");
            Objects.requireNonNull(holder, "holder");
        }
    }
}
