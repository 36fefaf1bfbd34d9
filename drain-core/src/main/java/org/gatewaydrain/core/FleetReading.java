package org.gatewaydrain.core;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

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
     * A node of the fleet's statuses that is not counted: its status is not who its node is,
     * or is not a status at all, or nothing vouches for its publisher. Shown, never counted,
     * waited on or rolled across.
     *
     * @param name the node's name (as the transport holds it; escape it before printing)
     * @param why what is wrong with it
     */
    record Invalid(String name, String why) {
        public Invalid {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(why, "why");
        }
    }

    /**
     * The instances that publish a status now, sorted by instance id, and the nodes that are
     * not counted. An instance is who its node is: each id stands once in {@code instances}.
     *
     * @param instances each instance's status and liveness
     * @param invalid what is there but does not count, sorted by name
     */
    record Instances(List<StatusReading.Published> instances, List<Invalid> invalid) implements FleetReading {
        public Instances {
            instances = List.copyOf(instances);
            invalid = List.copyOf(invalid);
            Set<String> ids = new HashSet<>();
            for (StatusReading.Published instance : instances) {
                if (!ids.add(instance.status().instanceId())) {
                    throw new IllegalArgumentException("instance " + instance.status().instanceId() + " stands twice");
                }
            }
        }

        /** Instances with nothing invalid beside them. */
        public Instances(List<StatusReading.Published> instances) {
            this(instances, List.of());
        }

        /**
         * The one rule for a fleet read by node: a status counts under its node's name only when it
         * names that instance, and the name is a valid instance id.
         *
         * @param byName each node's name and the status it holds, as the transport read them
         * @param invalid what the transport already found wrong (not a status, not vouched for)
         * @return the instances sorted by id, the rest invalid
         */
        public static Instances byNode(Map<String, StatusReading.Published> byName, List<Invalid> invalid) {
            List<StatusReading.Published> counted = new ArrayList<>();
            List<Invalid> rejected = new ArrayList<>(invalid);
            new TreeMap<>(byName).forEach((name, published) -> {
                String claimed = published.status().instanceId();
                if (!InstanceId.isValid(name)) {
                    rejected.add(new Invalid(name, "the node's name is not an instance id"));
                } else if (!claimed.equals(name)) {
                    rejected.add(new Invalid(name, claimed.isEmpty() ? "its status names no instance"
                            : "its status names another instance (" + SafeText.escape(claimed) + ")"));
                } else {
                    counted.add(published);
                }
            });
            rejected.sort(Comparator.comparing(Invalid::name));
            return new Instances(counted, rejected);
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
