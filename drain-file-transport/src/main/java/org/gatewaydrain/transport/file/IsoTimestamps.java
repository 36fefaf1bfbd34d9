package org.gatewaydrain.transport.file;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * ISO-8601 timestamps as the reference gateway writes them (Python's
 * {@code datetime.isoformat()}): microseconds and an explicit {@code +00:00} offset. Reads
 * accept any offset or {@code Z}, a space instead of {@code T}, and naive timestamps, which
 * are UTC.
 */
final class IsoTimestamps {

    private static final DateTimeFormatter WRITE =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSxxx").withZone(ZoneOffset.UTC);

    private IsoTimestamps() {
    }

    static String format(Instant instant) {
        return WRITE.format(instant);
    }

    /** @return the instant, or empty if {@code text} is not an ISO-8601 date-time */
    static Optional<Instant> parse(String text) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        String iso = text.trim().replaceFirst("^(\\d{4}-\\d{2}-\\d{2}) ", "$1T");
        try {
            return Optional.of(OffsetDateTime.parse(iso, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant());
        } catch (DateTimeParseException withoutOffset) {
            try {
                return Optional.of(LocalDateTime.parse(iso, DateTimeFormatter.ISO_LOCAL_DATE_TIME)
                        .toInstant(ZoneOffset.UTC));
            } catch (DateTimeParseException notIso) {
                return Optional.empty();
            }
        }
    }
}
