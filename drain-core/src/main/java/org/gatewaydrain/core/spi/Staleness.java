package org.gatewaydrain.core.spi;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.gatewaydrain.core.DrainRequest;
import org.gatewaydrain.core.DrainSignal;
import org.gatewaydrain.core.StaleReason;

/**
 * Decides whether a readable request still applies, the same way for every transport.
 * Lenient like the reference gateway: a request is stale only on a definite verdict, checked
 * in this order: the transport's epoch check says another epoch wrote it; its stated
 * {@code expires_at} has passed; its stated {@code requested_at} is older than the maximum
 * age. A request without a stated time has no age. Immutable and thread-safe.
 */
public final class Staleness {

    private final Duration maxAge;
    private final Clock clock;
    private final EpochCheck epochCheck;

    private Staleness(Duration maxAge, Clock clock, EpochCheck epochCheck) {
        if (maxAge.isNegative()) {
            throw new IllegalArgumentException("the maximum age must not be negative, was " + maxAge);
        }
        this.maxAge = maxAge;
        this.clock = Objects.requireNonNull(clock, "clock");
        this.epochCheck = Objects.requireNonNull(epochCheck, "epochCheck");
    }

    /**
     * @param maxAge how old a request may grow before it is stale; zero means no limit
     * @param clock the time source
     * @return rules with no epoch check
     */
    public static Staleness of(Duration maxAge, Clock clock) {
        return new Staleness(maxAge, clock, epoch -> Optional.empty());
    }

    /** @return these rules with an epoch check (the file transport compares host boots) */
    public Staleness withEpochCheck(EpochCheck check) {
        return new Staleness(maxAge, clock, check);
    }

    /** @return the maximum age; zero means no limit */
    public Duration maxAge() {
        return maxAge;
    }

    /**
     * @param request the request as read
     * @param requestedAtStated whether the request stated its time (a time inferred from, say,
     *     a file's modification time never makes it stale by age)
     * @return {@link DrainSignal.Present} or {@link DrainSignal.Stale}
     */
    public DrainSignal judge(DrainRequest request, boolean requestedAtStated) {
        Instant now = clock.instant();
        Optional<String> otherEpoch = request.epoch().flatMap(epochCheck::staleBecause);
        if (otherEpoch.isPresent()) {
            return new DrainSignal.Stale(request, StaleReason.EPOCH, otherEpoch.get());
        }
        if (request.expiresAt().isPresent() && !now.isBefore(request.expiresAt().get())) {
            return new DrainSignal.Stale(request, StaleReason.EXPIRED, "expired at " + request.expiresAt().get());
        }
        if (requestedAtStated && !maxAge.isZero() && request.requestedAt().plus(maxAge).isBefore(now)) {
            return new DrainSignal.Stale(request, StaleReason.MAX_AGE, "older than the maximum age of "
                    + maxAge + " (requested at " + request.requestedAt() + "); re-write the request to keep draining");
        }
        return new DrainSignal.Present(request);
    }

    /** A transport's rule for requests written under another epoch. */
    @FunctionalInterface
    public interface EpochCheck {
        /**
         * @param requestEpoch the epoch the request carries (never blank)
         * @return why that epoch makes the request stale, or empty if it applies here
         */
        Optional<String> staleBecause(String requestEpoch);
    }
}
