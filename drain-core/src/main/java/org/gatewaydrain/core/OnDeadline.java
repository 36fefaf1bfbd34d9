package org.gatewaydrain.core;

/** What a gateway does at a drain's deadline ({@code on_deadline}) when turns are still in flight. */
public enum OnDeadline {
    /** Interrupt the turns still in flight, as shutdown does, and stay draining: the gateway becomes quiesced. */
    INTERRUPT,
    /** Shut the gateway down, as on SIGTERM. */
    STOP;

    /** @return the name used on the wire, in the API and on the command line: {@code interrupt} or {@code stop} */
    public String wireName() {
        return WireNames.of(this);
    }

    /**
     * @param wireName a name as {@link #wireName()} writes it (case-insensitive)
     * @return the action
     * @throws IllegalArgumentException naming the actions there are
     */
    public static OnDeadline fromWireName(String wireName) {
        return WireNames.require(OnDeadline.class, wireName, "deadline action");
    }
}
