package org.gatewaydrain.core;

/** Whether the gateway can currently read its control channel. */
public enum ChannelHealth {
    /** The last read answered (present, absent, stale or contentless). */
    OK,
    /** The last read could not reach the channel; the gateway holds its last decided state. */
    DEGRADED;

    /** @return the lower-case name used in status files and JSON */
    public String wireName() {
        return WireNames.of(this);
    }

    /**
     * @param wireName a name as {@link #wireName()} writes it (case-insensitive)
     * @return the health
     * @throws IllegalArgumentException if the name is not a health value
     */
    public static ChannelHealth fromWireName(String wireName) {
        return WireNames.require(ChannelHealth.class, wireName, "channel health");
    }
}
