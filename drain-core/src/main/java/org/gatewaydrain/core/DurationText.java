package org.gatewaydrain.core;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as operators write them: {@code 250ms}, {@code 30s}, {@code 5m}, {@code 1h},
 * {@code 2d}, a bare number of seconds, or ISO-8601 ({@code PT30S}). Stateless.
 */
public final class DurationText {

    private static final Pattern SIMPLE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h|d)?");

    private DurationText() {
    }

    /**
     * @param text the duration
     * @return the duration, never negative
     * @throws IllegalArgumentException with a sentence saying what was expected
     */
    public static Duration parse(String text) {
        String trimmed = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        Matcher simple = SIMPLE.matcher(trimmed);
        if (simple.matches()) {
            double amount = Double.parseDouble(simple.group(1));
            String unit = simple.group(2) == null ? "s" : simple.group(2);
            double millis = amount * switch (unit) {
                case "ms" -> 1;
                case "m" -> 60_000;
                case "h" -> 3_600_000;
                case "d" -> 86_400_000;
                default -> 1_000;
            };
            if (millis > Long.MAX_VALUE / 2) {
                throw new IllegalArgumentException("'" + text + "' is too long a duration");
            }
            return Duration.ofMillis(Math.round(millis));
        }
        try {
            Duration iso = Duration.parse(trimmed.toUpperCase(Locale.ROOT));
            if (!iso.isNegative()) {
                return iso;
            }
        } catch (DateTimeParseException notIso) {
            // fall through to the message below
        }
        throw new IllegalArgumentException("'" + text + "' is not a duration; write e.g. 500ms, 30s, 5m, 1h or 2d");
    }

    /** @return the duration written the way {@link #parse} reads it, e.g. {@code 90s} or {@code 250ms} */
    public static String format(Duration duration) {
        long millis = duration.toMillis();
        return millis % 1000 == 0 ? millis / 1000 + "s" : millis + "ms";
    }
}
