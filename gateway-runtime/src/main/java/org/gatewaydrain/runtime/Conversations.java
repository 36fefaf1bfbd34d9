package org.gatewaydrain.runtime;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.gatewaydrain.core.DrainPolicy;
import org.gatewaydrain.core.RuntimeStatus;

/**
 * Which sessions are conversations in progress, for a drain's session grace.
 *
 * <p>While the gateway serves, the end of each external turn is written to a ring of the last
 * {@code bound} ends (slot by turn id, so threads rarely share one; an end overwritten is
 * forgotten, which errs toward draining). When a drain with grace begins, a {@link Window}
 * is opened first and then seeded from the ring with the sessions whose last turn ended within
 * the grace; from then on every external turn that ends while the window is open records its
 * session there too. A turn ending races the opening: it writes the ring and then reads the
 * window, the opening writes the window and then reads the ring, all volatile, so one of the
 * two sees the other and the session is not lost. The only external turns that end while the
 * window is open are turns that were running when the drain began and turns the window
 * admitted, so only conversations in progress ever enter it.
 *
 * <p>With a bound of zero nothing is kept and the end of a turn costs nothing: every
 * conversation counts as not in progress. Thread-safe.
 */
final class Conversations {

    private final Clock clock;
    private final int bound;
    private final Optional<Duration> graceMax;
    private final AtomicReferenceArray<End> ends;
    private volatile Window window;

    /**
     * @param bound the most sessions remembered, in the ring and in a window ({@code drain.grace_sessions}); 0 for none
     * @param graceMax how long a grace lasts at most without a deadline ({@code drain.grace_max}); empty for 4 × the grace
     */
    Conversations(Clock clock, int bound, Optional<Duration> graceMax) {
        this.clock = clock;
        this.bound = bound;
        this.graceMax = graceMax;
        this.ends = new AtomicReferenceArray<>(Math.max(bound, 1));
    }

    /** Records the end of a turn; costs nothing when nothing is kept or the turn was internal. */
    void ended(Turn turn) {
        if (bound == 0 || turn.event().internal()) {
            return;
        }
        long now = clock.millis();
        ends.set((int) Long.remainderUnsigned(turn.id(), bound), new End(turn.session(), now));
        Window open = window;
        if (open != null) {
            open.ended(turn.session(), now);
        }
    }

    /**
     * Opens the grace of a drain beginning now, before admissions see the drain; closes the last
     * one. A drain without grace (or with nothing kept) opens none.
     */
    void drainBegins(DrainPolicy policy) {
        if (bound == 0 || !policy.hasGrace()) {
            window = null;
            return;
        }
        Instant began = clock.instant();
        Window opened = new Window(policy.sessionGrace().toMillis(), policy.hardEnd(began, graceMax).toEpochMilli(), bound);
        window = opened;
        long since = began.toEpochMilli() - opened.graceMillis;
        for (int i = 0; i < ends.length(); i++) {
            End end = ends.get(i);
            if (end != null && end.at >= since) {
                opened.ended(end.session, end.at);
            }
        }
    }

    /** A request re-written while draining: the hard end follows its deadline; who is in progress does not change. */
    void policyChanged(DrainPolicy policy, Instant drainBegan) {
        Window open = window;
        if (open != null) {
            open.hardEnd = policy.hardEnd(drainBegan, graceMax).toEpochMilli();
        }
    }

    /** Closes the grace (the drain ended, or the gateway stops). */
    void drainEnds() {
        window = null;
    }

    /** @return whether the session may start an external turn in the drain's grace now; part of the admission check */
    boolean admits(String session) {
        Window open = window;
        return open != null && open.admits(session, clock.millis());
    }

    /** @return the conversations still in grace and when the last grace ends; empty when none is */
    Optional<RuntimeStatus.Grace> shown() {
        Window open = window;
        return open == null ? Optional.empty() : open.shown(clock.millis());
    }

    /** One turn end: a session and when, in the clock's milliseconds. */
    private record End(String session, long at) {
    }

    /** The conversations in progress of one drain and when each last ended a turn. */
    private static final class Window {
        private final long graceMillis;
        private final int bound;
        private final ConcurrentHashMap<String, Long> lastEnd = new ConcurrentHashMap<>();
        private final AtomicInteger size = new AtomicInteger();
        private volatile long hardEnd;

        Window(long graceMillis, long hardEnd, int bound) {
            this.graceMillis = graceMillis;
            this.hardEnd = hardEnd;
            this.bound = bound;
        }

        /** Past the bound a new session is not kept: it counts as not in progress. */
        void ended(String session, long at) {
            lastEnd.compute(session, (key, before) -> {
                if (before != null) {
                    return Math.max(before, at);
                }
                if (size.incrementAndGet() > bound) {
                    size.decrementAndGet();
                    return null;
                }
                return at;
            });
        }

        boolean admits(String session, long now) {
            Long ended = lastEnd.get(session);
            return ended != null && now < hardEnd && now - ended <= graceMillis;
        }

        Optional<RuntimeStatus.Grace> shown(long now) {
            long end = hardEnd;
            if (now >= end) {
                return Optional.empty();
            }
            int sessions = 0;
            long latest = Long.MIN_VALUE;
            for (long ended : lastEnd.values()) {
                if (now - ended <= graceMillis) {
                    sessions++;
                    latest = Math.max(latest, ended + graceMillis);
                }
            }
            return sessions == 0 ? Optional.empty()
                    : Optional.of(new RuntimeStatus.Grace(Instant.ofEpochMilli(Math.min(latest, end)), sessions));
        }
    }
}
