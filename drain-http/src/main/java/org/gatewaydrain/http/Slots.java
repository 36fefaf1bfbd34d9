package org.gatewaydrain.http;

import java.util.HashMap;
import java.util.Map;

/** A bounded number of places, in total and per principal, for requests that stay open. Thread-safe. */
final class Slots {

    private final String what;
    private final int total;
    private final int perPrincipal;
    private final Map<String, Integer> held = new HashMap<>();
    private int used;

    /** @param what the requests, plural, for the 429 sentence (e.g. "event streams") */
    Slots(String what, int total, int perPrincipal) {
        this.what = what;
        this.total = total;
        this.perPrincipal = perPrincipal;
    }

    /**
     * @return a place, released by closing it
     * @throws ApiException 429 with {@code Retry-After} when the principal or everyone holds the most allowed
     */
    Slot acquire(String principal) {
        synchronized (this) {
            int mine = held.getOrDefault(principal, 0);
            if (mine >= perPrincipal) {
                throw tooMany("This token already holds " + perPrincipal + " open " + what
                        + "; close one or retry later.");
            }
            if (used >= total) {
                throw tooMany("The server already holds " + total + " open " + what + "; retry later.");
            }
            held.put(principal, mine + 1);
            used++;
        }
        return new Slot(principal);
    }

    synchronized int used() {
        return used;
    }

    private synchronized void release(String principal) {
        used--;
        held.computeIfPresent(principal, (p, n) -> n == 1 ? null : n - 1);
    }

    private static ApiException tooMany(String detail) {
        return new ApiException(429, "too_many_requests", detail, Map.of("Retry-After", "5"), Map.of());
    }

    /** One place; closing it twice releases it once. */
    final class Slot implements AutoCloseable {
        private final String principal;
        private boolean released;

        private Slot(String principal) {
            this.principal = principal;
        }

        @Override
        public void close() {
            synchronized (this) {
                if (released) {
                    return;
                }
                released = true;
            }
            release(principal);
        }
    }

}
