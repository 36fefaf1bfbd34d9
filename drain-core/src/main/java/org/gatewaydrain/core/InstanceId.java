package org.gatewaydrain.core;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What a gateway's {@code instance_id} (and a fleet's cluster name) may be, everywhere: one
 * path segment, one URL segment, one word in a shell: a letter or digit, then letters, digits,
 * {@code .}, {@code _} or {@code -}, at most 128 in all. The one rule; stateless.
 */
public final class InstanceId {

    /** The shape of a valid id. */
    public static final Pattern PATTERN = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    private InstanceId() {
    }

    /** @return whether {@code id} is a valid id */
    public static boolean isValid(String id) {
        return id != null && PATTERN.matcher(id).matches();
    }

    /**
     * @param what what the id names, for the message, e.g. "instance id" or "cluster name"
     * @return {@code id}
     * @throws IllegalArgumentException saying what an id may be
     */
    public static String require(String id, String what) {
        if (!isValid(id)) {
            throw new IllegalArgumentException("'" + id + "' is not a valid " + what + "; use letters, digits, '.', '_'"
                    + " or '-' (at most 128, starting with a letter or digit)");
        }
        return id;
    }

    /** @return {@code id} when it is an instance id, see {@link #require(String, String)} */
    public static String require(String id) {
        return require(id, "instance id");
    }

    /**
     * @param host a host name, as the OS tells it (may hold characters an id may not)
     * @return the host name made a valid id: other characters become {@code -}, {@code gateway}
     *     stands in for a host with none left, and it is cut to 128
     */
    public static String fromHost(String host) {
        String cleaned = host.replaceAll("[^A-Za-z0-9._-]", "-").replaceFirst("^[^A-Za-z0-9]+", "");
        String id = cleaned.isEmpty() ? "gateway" : cleaned;
        return id.length() <= 128 ? id : id.substring(0, 128);
    }

    /**
     * @param suffix what tells this gateway from others on the host, e.g. its port (letters and digits)
     * @return {@code <host>-<suffix>}, a valid id (the host part shortened if need be)
     */
    public static String fromHost(String host, String suffix) {
        String tail = "-" + suffix;
        String head = fromHost(host);
        return require((head.length() + tail.length() <= 128 ? head : head.substring(0, 128 - tail.length())) + tail);
    }

    /** @return {@code id} if valid, else empty */
    public static Optional<String> parse(String id) {
        return isValid(id) ? Optional.of(id) : Optional.empty();
    }
}
