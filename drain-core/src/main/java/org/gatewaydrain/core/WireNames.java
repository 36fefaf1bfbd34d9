package org.gatewaydrain.core;

import java.util.Locale;
import java.util.Optional;

/**
 * How an enum's constants are written on the wire, in statuses, the API and configuration:
 * lower case, words joined by {@code _} ({@code DRAINING} → {@code draining}, {@code MAX_AGE} →
 * {@code max_age}), and read back leniently (any case, surrounding space ignored). Every enum
 * of the product uses this one rule. Stateless.
 */
public final class WireNames {

    private WireNames() {
    }

    /** @return the constant's wire name */
    public static String of(Enum<?> constant) {
        return constant.name().toLowerCase(Locale.ROOT);
    }

    /** @return the constant of {@code type} whose wire name is {@code name}, if there is one */
    public static <E extends Enum<E>> Optional<E> parse(Class<E> type, String name) {
        if (name == null) {
            return Optional.empty();
        }
        String wanted = name.trim().toLowerCase(Locale.ROOT);
        for (E constant : type.getEnumConstants()) {
            if (of(constant).equals(wanted)) {
                return Optional.of(constant);
            }
        }
        return Optional.empty();
    }

    /**
     * @param what what the value names, for the message, e.g. "state"
     * @return the constant of {@code type} whose wire name is {@code name}
     * @throws IllegalArgumentException listing the wire names there are
     */
    public static <E extends Enum<E>> E require(Class<E> type, String name, String what) {
        return parse(type, name).orElseThrow(() -> new IllegalArgumentException("'" + name + "' is not a " + what
                + "; use one of " + java.util.Arrays.stream(type.getEnumConstants()).map(WireNames::of).toList()));
    }
}
