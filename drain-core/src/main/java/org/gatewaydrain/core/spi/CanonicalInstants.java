package org.gatewaydrain.core.spi;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Optional;

/**
 * The wire's own timestamp shape, {@code 2026-06-27T11:22:03.123456+00:00} (years 0000–9999,
 * UTC, microseconds), written and read without {@code java.time.format}. A drain's
 * announcement parses and formats a handful of these; the general formatter touches enough
 * code that, run a few times a day, it cost a fifth of a millisecond each. Anything else is
 * left to {@link WireFormat}'s general parser, which agrees with this one wherever both apply
 * (a property test holds them to it). Stateless and thread-safe.
 */
final class CanonicalInstants {

    private static final long MIN_SECOND = LocalDateTime.of(0, 1, 1, 0, 0).toEpochSecond(ZoneOffset.UTC);
    private static final long MAX_SECOND = LocalDateTime.of(9999, 12, 31, 23, 59, 59).toEpochSecond(ZoneOffset.UTC);

    private CanonicalInstants() {
    }

    /** @return the canonical text, or empty outside years 0000–9999 */
    static Optional<String> format(Instant instant) {
        long second = instant.getEpochSecond();
        if (second < MIN_SECOND || second > MAX_SECOND) {
            return Optional.empty();
        }
        LocalDateTime t = LocalDateTime.ofEpochSecond(second, instant.getNano(), ZoneOffset.UTC);
        StringBuilder text = new StringBuilder(32);
        digits(text, t.getYear(), 4).append('-');
        digits(text, t.getMonthValue(), 2).append('-');
        digits(text, t.getDayOfMonth(), 2).append('T');
        digits(text, t.getHour(), 2).append(':');
        digits(text, t.getMinute(), 2).append(':');
        digits(text, t.getSecond(), 2).append('.');
        digits(text, t.getNano() / 1000, 6).append("+00:00");
        return Optional.of(text.toString());
    }

    /**
     * @return the instant, or empty when {@code text} is not exactly
     *     {@code uuuu-MM-ddTHH:mm:ss[.f…f](Z|+00:00)} with one to nine fraction digits and a
     *     valid date and time
     */
    static Optional<Instant> parse(String text) {
        int length = text.length();
        if (length < 20 || !shape(text, "dddd-dd-ddTdd:dd:dd")) {
            return Optional.empty();
        }
        int at = 19;
        int nanos = 0;
        if (text.charAt(at) == '.') {
            int start = ++at;
            while (at < length && at - start < 9 && isDigit(text.charAt(at))) {
                nanos = nanos * 10 + (text.charAt(at++) - '0');
            }
            int count = at - start;
            if (count == 0) {
                return Optional.empty();
            }
            for (int i = count; i < 9; i++) {
                nanos *= 10;
            }
        }
        String offset = text.substring(at);
        if (!offset.equals("Z") && !offset.equals("+00:00")) {
            return Optional.empty();
        }
        try {
            LocalDateTime t = LocalDateTime.of(number(text, 0, 4), number(text, 5, 2), number(text, 8, 2),
                    number(text, 11, 2), number(text, 14, 2), number(text, 17, 2), nanos);
            return Optional.of(t.toInstant(ZoneOffset.UTC));
        } catch (DateTimeException notADate) {
            return Optional.empty();
        }
    }

    /** @return whether {@code text} starts with {@code pattern}, where {@code d} stands for any ASCII digit */
    private static boolean shape(String text, String pattern) {
        for (int i = 0; i < pattern.length(); i++) {
            char expected = pattern.charAt(i);
            char actual = text.charAt(i);
            if (expected == 'd' ? !isDigit(actual) : actual != expected) {
                return false;
            }
        }
        return true;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static int number(String text, int from, int count) {
        int value = 0;
        for (int i = from; i < from + count; i++) {
            value = value * 10 + (text.charAt(i) - '0');
        }
        return value;
    }

    private static StringBuilder digits(StringBuilder text, int value, int width) {
        String digits = Integer.toString(value);
        for (int i = digits.length(); i < width; i++) {
            text.append('0');
        }
        return text.append(digits);
    }
}
