package org.gatewaydrain.core;

import java.util.List;
import java.util.Objects;

/** What reading a fleet's statuses yields. Reading never throws. */
public sealed interface FleetReading {

    /** The shared value for a transport that keeps no fleet. */
    FleetReading NOT_A_FLEET = new NotAFleet();

    /** The transport has one gateway per channel (the file transport). */
    record NotAFleet() implements FleetReading {
    }

    /**
     * The fleet cannot be read now.
     *
     * @param cause what went wrong
     */
    record Unknown(String cause) implements FleetReading {
        public Unknown {
            Objects.requireNonNull(cause, "cause");
        }
    }

    /**
     * The instances that publish a status now, sorted by instance id.
     *
     * @param instances each instance's status and liveness
     */
    record Instances(List<StatusReading.Published> instances) implements FleetReading {
        public Instances {
            instances = List.copyOf(instances);
        }

        /** @return the instances whose publisher is alive */
        public List<StatusReading.Published> live() {
            return instances.stream().filter(StatusReading.Published::live).toList();
        }

        /** @return the live instances that are draining */
        public List<StatusReading.Published> draining() {
            return live().stream().filter(p -> p.status().state() == GatewayState.DRAINING).toList();
        }

        /** @return whether at least one instance is live and every live one is quiesced */
        public boolean quiesced() {
            List<StatusReading.Published> live = live();
            return !live.isEmpty() && live.stream().allMatch(p -> p.status().quiesced());
        }
    }
}
