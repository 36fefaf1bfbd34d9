package org.gatewaydrain.http;

import org.gatewaydrain.core.WireNames;

/** What a token may do. */
public enum Scope {
    /** Write or withdraw a drain request. */
    DRAIN,
    /** Read the status and its event stream. */
    STATUS,
    /** Send messages that start turns. */
    INGRESS,
    /** Send internal events ({@code "internal": true}), which bypass drain; never implied by another scope. */
    INTERNAL;

    /** @return the lower-case name used in configuration */
    public String wireName() {
        return WireNames.of(this);
    }

    /**
     * @param name a scope as written in configuration (case-insensitive)
     * @return the scope
     * @throws IllegalArgumentException naming the valid scopes
     */
    public static Scope fromWireName(String name) {
        return WireNames.parse(Scope.class, name).orElseThrow(() -> new IllegalArgumentException("unknown scope '" + name
                + "' (use drain, status, ingress or internal)"));
    }
}
