package org.gatewaydrain.core.rollout;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * Who holds a cluster's rollout lock, readable by anyone who is refused it.
 *
 * @param rolloutId the rollout being run
 * @param principal who runs it
 * @param host where the rolling process runs
 * @param pid its process id
 * @param startedAt when it took the lock
 */
public record RolloutHolder(String rolloutId, String principal, String host, long pid, Instant startedAt) {
    public RolloutHolder {
        Objects.requireNonNull(rolloutId, "rolloutId");
        Objects.requireNonNull(principal, "principal");
        Objects.requireNonNull(host, "host");
        startedAt = Objects.requireNonNull(startedAt, "startedAt").truncatedTo(ChronoUnit.MILLIS);
    }

    /** @return "alice on host-1 (pid 42) since 2026-…", for messages */
    public String describe() {
        return principal + " on " + host + " (pid " + pid + ") since " + startedAt;
    }
}
