package org.gatewaydrain.core;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Optional;

/**
 * An immutable request to drain a gateway, as a requester writes it to a control channel.
 *
 * <p>The action is always {@value #ACTION}; withdrawing a request is done by cancelling it on
 * the channel, not by writing a different action. Instants are kept to the microsecond, the
 * precision the reference gateway writes.
 *
 * @param requestedAt when the request was (last) written, UTC; re-writing refreshes it
 * @param principal who asked, never blank
 * @param reason why, for operators and the status page
 * @param expiresAt after this instant the request is stale and the gateway serves again
 * @param epoch the host-boot epoch of the writer; a gateway on another boot treats the request
 *     as stale; empty when unknown
 * @param suppressNotification ask the gateway not to announce the drain to its users
 * @param policy the deadline and the grace for conversations in progress; {@link DrainPolicy#NONE} for neither
 */
public record DrainRequest(
        Instant requestedAt,
        String principal,
        Optional<String> reason,
        Optional<Instant> expiresAt,
        Optional<String> epoch,
        boolean suppressNotification,
        DrainPolicy policy) {

    /** The only action a drain request carries on the wire. */
    public static final String ACTION = "drain";

    /** Validates and normalises: instants to microseconds, blank optionals to empty. */
    public DrainRequest {
        Objects.requireNonNull(requestedAt, "requestedAt");
        Objects.requireNonNull(principal, "principal");
        if (principal.isBlank()) {
            throw new IllegalArgumentException("principal must not be blank");
        }
        requestedAt = requestedAt.truncatedTo(ChronoUnit.MICROS);
        reason = Objects.requireNonNull(reason, "reason").filter(r -> !r.isBlank());
        expiresAt = Objects.requireNonNull(expiresAt, "expiresAt").map(t -> t.truncatedTo(ChronoUnit.MICROS));
        epoch = Objects.requireNonNull(epoch, "epoch").filter(e -> !e.isBlank());
        Objects.requireNonNull(policy, "policy");
    }

    /** A request with neither deadline nor grace. */
    public DrainRequest(Instant requestedAt, String principal, Optional<String> reason, Optional<Instant> expiresAt,
            Optional<String> epoch, boolean suppressNotification) {
        this(requestedAt, principal, reason, expiresAt, epoch, suppressNotification, DrainPolicy.NONE);
    }

    /**
     * A request with only the fields the reference gateway requires.
     *
     * @param principal who asks, never blank
     * @param requestedAt when, UTC
     * @return a request with no reason, expiry or epoch that does notify users
     */
    public static DrainRequest of(String principal, Instant requestedAt) {
        return new DrainRequest(requestedAt, principal, Optional.empty(), Optional.empty(), Optional.empty(), false);
    }

    /** @return always {@value #ACTION} */
    public String action() {
        return ACTION;
    }

    /** @return a copy with the given reason ({@code null} or blank clears it) */
    public DrainRequest withReason(String newReason) {
        return new DrainRequest(requestedAt, principal, Optional.ofNullable(newReason), expiresAt, epoch, suppressNotification, policy);
    }

    /** @return a copy that expires {@code ttl} after {@link #requestedAt()} */
    public DrainRequest withTimeToLive(Duration ttl) {
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("time to live must be positive, was " + ttl);
        }
        return withExpiresAt(requestedAt.plus(ttl));
    }

    /** @return a copy with the given expiry ({@code null} clears it) */
    public DrainRequest withExpiresAt(Instant newExpiresAt) {
        return new DrainRequest(requestedAt, principal, reason, Optional.ofNullable(newExpiresAt), epoch, suppressNotification, policy);
    }

    /** @return a copy stamped with the given host-boot epoch ({@code null} or blank clears it) */
    public DrainRequest withEpoch(String newEpoch) {
        return new DrainRequest(requestedAt, principal, reason, expiresAt, Optional.ofNullable(newEpoch), suppressNotification, policy);
    }

    /** @return a copy with the given notification preference */
    public DrainRequest withSuppressNotification(boolean suppress) {
        return new DrainRequest(requestedAt, principal, reason, expiresAt, epoch, suppress, policy);
    }

    /** @return a copy with the given deadline and grace */
    public DrainRequest withPolicy(DrainPolicy newPolicy) {
        return new DrainRequest(requestedAt, principal, reason, expiresAt, epoch, suppressNotification, newPolicy);
    }
}
