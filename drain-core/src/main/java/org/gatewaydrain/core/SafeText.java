package org.gatewaydrain.core;

/**
 * Text from clients or transports made safe for one line of a log or a terminal: control,
 * line-breaking and direction-changing characters escaped, length bounded. The one rule for
 * the logs, the API's error details and what the CLI prints. Stateless.
 */
public final class SafeText {

    /** The most characters kept of a value. */
    public static final int MAX = 200;

    private SafeText() {
    }

    /**
     * @return {@code value} with every control, line-breaking or bidirectional-override
     *     character (and the backslash) written as {@code \\uXXXX}, cut at {@value #MAX}; "-" for null
     */
    public static String escape(String value) {
        if (value == null) {
            return "-";
        }
        StringBuilder out = new StringBuilder(Math.min(value.length(), MAX) + 8);
        for (int i = 0; i < value.length() && out.length() < MAX; i++) {
            char c = value.charAt(i);
            if (unsafe(c)) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        if (out.length() >= MAX && value.length() > MAX) {
            out.append("…");
        }
        return out.toString();
    }

    private static boolean unsafe(char c) {
        return Character.isISOControl(c) || c == '\\' || c == '\u2028' || c == '\u2029' || c == '\u061c'
                || (c >= '\u200e' && c <= '\u200f') || (c >= '\u202a' && c <= '\u202e')
                || (c >= '\u2066' && c <= '\u2069');
    }
}
