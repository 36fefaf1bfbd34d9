package org.gatewaydrain.core;

import java.util.Locale;
import java.util.Objects;

/**
 * Whom a drain request is for. Every channel takes {@link Own}: the gateway (or gateways)
 * that read this very channel. A fleet transport also takes {@link Fleet} (every instance of
 * the cluster) and {@link Instance} (one instance by id).
 */
public sealed interface DrainTarget {

    /** The channel's own request: the marker of a home, this instance's node. */
    DrainTarget OWN = new Own();

    /** Every instance of the fleet. */
    DrainTarget FLEET = new Fleet();

    /** @return {@code fleet} or {@code instance} as the API names the scope; empty for {@link Own} */
    String scope();

    /** The channel's own request. */
    record Own() implements DrainTarget {
        @Override
        public String scope() {
            return "";
        }
    }

    /** Every instance of the fleet. */
    record Fleet() implements DrainTarget {
        @Override
        public String scope() {
            return Scopes.FLEET;
        }
    }

    /**
     * One instance.
     *
     * @param id its {@code instance_id}, as {@link InstanceId} says it may be
     */
    record Instance(String id) implements DrainTarget {

        /** @throws IllegalArgumentException saying what an instance id may be ({@link InstanceId}) */
        public Instance {
            Objects.requireNonNull(id, "id");
            InstanceId.require(id);
        }

        @Override
        public String scope() {
            return Scopes.INSTANCE;
        }
    }

    /** The scope names of the API and the CLI. */
    final class Scopes {
        /** Every instance. */
        public static final String FLEET = "fleet";
        /** One instance. */
        public static final String INSTANCE = "instance";

        private Scopes() {
        }

        /** @return the name in lower case, trimmed */
        public static String normalise(String scope) {
            return scope.trim().toLowerCase(Locale.ROOT);
        }
    }
}
