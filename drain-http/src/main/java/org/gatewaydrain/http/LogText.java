package org.gatewaydrain.http;

/** Client values made safe for one log line: control characters escaped, length bounded. Stateless. */
final class LogText {

    private static final int MAX = 200;

    private LogText() {
    }

    /** @return {@code value} with every control or line-breaking character written as {@code \\uXXXX}; "-" for null */
    static String escape(String value) {
        if (value == null) {
            return "-";
        }
        StringBuilder out = new StringBuilder(Math.min(value.length(), MAX) + 8);
        for (int i = 0; i < value.length() && out.length() < MAX; i++) {
            char c = value.charAt(i);
            if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029' || c == '\\') {
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
}
