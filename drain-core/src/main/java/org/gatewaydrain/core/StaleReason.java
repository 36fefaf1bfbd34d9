package org.gatewaydrain.core;

/** Why a readable drain request no longer applies; the status shows it as {@code drain_ignored.why}. */
public enum StaleReason {
    /** Written under another epoch (another host boot, or another container with {@code drain.epoch_scope: instance}). */
    EPOCH,
    /** Past its own {@code expires_at}. */
    EXPIRED,
    /** Older than {@code drain.max_age} and not re-written since. */
    MAX_AGE;

    /** @return the lower-case name used in the status and the API, e.g. {@code max_age} */
    public String wireName() {
        return WireNames.of(this);
    }

    /**
     * @param wireName a name as {@link #wireName()} writes it (case-insensitive)
     * @return the reason
     * @throws IllegalArgumentException if the name is not a reason
     */
    public static StaleReason fromWireName(String wireName) {
        return WireNames.require(StaleReason.class, wireName, "stale reason");
    }
}
