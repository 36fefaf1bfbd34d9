package org.gatewaydrain.http;

import java.util.Locale;

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
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @param name a scope as written in configuration (case-insensitive)
     * @return the scope
     * @throws IllegalArgumentException naming the valid scopes
     */
    public static Scope fromWireName(String name) {
        for (Scope scope : values()) {
            if (scope.wireName().equalsIgnoreCase(name.trim())) {
                return scope;
            }
        }
        throw new IllegalArgumentException("unknown scope '" + name + "' (use drain, status, ingress or internal)");
    }
}
