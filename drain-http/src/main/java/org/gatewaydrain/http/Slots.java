package org.gatewaydrain.http;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * A bounded number of places, in total and per principal, for requests that stay open or work
 * that goes on (an extension's turns). Thread-safe.
 */
public final class Slots {

    /** What a refusal's {@code Retry-After} says. */
    public static final String RETRY_AFTER_SECONDS = "5";

    private final String what;
    private final int total;
    private final int perPrincipal;
    private final Function<String, ApiException> refusal;
    private final Map<String, Integer> held = new HashMap<>();
    private int used;

    /** @param what the requests, plural, for the 429 sentence (e.g. "event streams") */
    Slots(String what, int total, int perPrincipal) {
        this(what, total, perPrincipal, detail -> new ApiException(429, "too_many_requests", detail,
                Map.of("Retry-After", RETRY_AFTER_SECONDS), Map.of()));
    }

    /**
     * @param what what a place holds, plural, for the refusal's sentence (e.g. "turns")
     * @param refusal the answer beyond a cap, given the sentence saying which cap
     */
    public Slots(String what, int total, int perPrincipal, Function<String, ApiException> refusal) {
        this.what = what;
        this.total = total;
        this.perPrincipal = perPrincipal;
        this.refusal = refusal;
    }

    /**
     * @return a place, released by closing it
     * @throws ApiException the refusal with {@code Retry-After} when the principal or everyone holds the most allowed
     */
    public Slot acquire(String principal) {
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

    /** @return the places held now */
    public synchronized int used() {
        return used;
    }

    private synchronized void release(String principal) {
        used--;
        held.computeIfPresent(principal, (p, n) -> n == 1 ? null : n - 1);
    }

    private ApiException tooMany(String detail) {
        return refusal.apply(detail);
    }

    /** One place; closing it twice releases it once. */
    public final class Slot implements AutoCloseable {
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
