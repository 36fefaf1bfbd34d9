package org.gatewaydrain.core;

import java.util.regex.Pattern;

/**
 * What a host name handed to a command ({@code GATEWAY_HOST}) or put in a URL may be: a host
 * name per RFC 1123 — dot-separated labels of letters, digits and {@code -}, none starting or
 * ending with {@code -}, each at most 63 long, at most 253 in all — so it can never be read as
 * an option ({@code -oProxyCommand=…}) or carry a shell's or a URL's syntax. The one rule;
 * stateless.
 */
public final class HostName {

    /** The shape of a valid host name. */
    public static final Pattern PATTERN = Pattern.compile(
            "(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*");

    private HostName() {
    }

    /** @return whether {@code name} is a host name of that shape */
    public static boolean isValid(String name) {
        return name != null && PATTERN.matcher(name).matches();
    }
}
