package org.gatewaydrain.core.spi;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/** The fast path for the wire's own timestamps says exactly what the general formatter and parser say. */
class CanonicalInstantsProperties {

    @Property(tries = 2000)
    void formatting_agreesWithTheGeneralFormatter_andReadsBackToTheMicrosecond(
            @ForAll @LongRange(min = -62_167_219_200L, max = 253_402_300_799L) long second,
            @ForAll @IntRange(min = 0, max = 999_999_999) int nanos) {
        Instant instant = Instant.ofEpochSecond(second, nanos);

        String fast = WireFormat.formatInstant(instant);

        assertThat(CanonicalInstants.format(instant)).as("the fast path answers for years 0000-9999").contains(fast);
        assertThat(fast).isEqualTo(WireFormat.formatGeneral(instant));
        assertThat(CanonicalInstants.parse(fast)).contains(instant.truncatedTo(ChronoUnit.MICROS));
    }

    @Property(tries = 5000)
    void parsing_agreesWithTheGeneralParser(@ForAll("nearlyCanonical") String text) {
        CanonicalInstants.parse(text).ifPresent(fast -> assertThat(WireFormat.parseGeneral(text)).contains(fast));
        assertThat(WireFormat.parseInstant(text)).isEqualTo(WireFormat.parseGeneral(text));
    }

    @Property(tries = 200)
    void outsideFourDigitYears_theGeneralFormatterAnswers(@ForAll @IntRange(min = 10_000, max = 100_000) int year) {
        Instant instant = LocalDateTime.of(year, 6, 1, 12, 0).toInstant(ZoneOffset.UTC);

        assertThat(CanonicalInstants.format(instant)).isEmpty();
        assertThat(WireFormat.formatInstant(instant)).isEqualTo(WireFormat.formatGeneral(instant));
    }

    /** Timestamps in the canonical shape with random digits, fractions and offsets, some with one character changed. */
    @Provide
    Arbitrary<String> nearlyCanonical() {
        Arbitrary<String> digits = Arbitraries.strings().numeric().ofLength(14);
        Arbitrary<String> fraction = Arbitraries.oneOf(Arbitraries.just(""),
                Arbitraries.strings().numeric().ofMinLength(0).ofMaxLength(11).map(f -> "." + f));
        Arbitrary<String> offset = Arbitraries.of("Z", "+00:00", "+01:00", "-00:00", "", "z", " ", "+00:00x", "+0000");
        Arbitrary<String> canonical = Combinators.combine(digits, fraction, offset).as((d, f, o) ->
                d.substring(0, 4) + "-" + month(d.charAt(4), d.charAt(5)) + "-" + day(d.charAt(6), d.charAt(7)) + "T"
                        + d.substring(8, 10) + ":" + d.substring(10, 12) + ":" + d.substring(12, 14) + f + o);
        Arbitrary<String> mutated = Combinators.combine(canonical, Arbitraries.integers().between(0, 40),
                Arbitraries.of('0', '9', '-', ':', 'T', '.', 'Z', '+', ' ', 'x')).as((text, at, c) ->
                at < text.length() ? text.substring(0, at) + c + text.substring(at + 1) : text);
        return Arbitraries.oneOf(canonical, mutated);
    }

    /** Mostly valid months, so most generated dates exist. */
    private static String month(char tens, char ones) {
        return tens < '5' ? "0" + (char) ('1' + (ones - '0') % 9) : (tens < '8' ? "1" + (char) ('0' + (ones - '0') % 3) : "" + tens + ones);
    }

    private static String day(char tens, char ones) {
        return tens < '8' ? "" + (char) ('0' + (tens - '0') % 3) + (char) ('1' + (ones - '0') % 9) : "" + tens + ones;
    }
}
