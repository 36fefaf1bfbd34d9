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
 * forgotten, which errs toward draining). Ending a turn reads no clock (a clock read would cost
 * more than the rest of the admission and release): the ring holds only the turn's session key,
 * and {@link #stamp} — run with every status publish, which every turn end asks for within its
 * 10 ms settle window, and when a drain begins — stamps the ends it has not seen yet with the
 * time then. An end is therefore dated up to a settle window late, which lengthens a grace by as
 * much. When a drain with grace begins, a {@link Window}
 * is opened first and then seeded from the ring with the sessions whose last turn ended within
 * the grace; from then on every external turn that ends while the window is open records its
 * session there too. A turn ending races the opening, and neither side pays a fence for it: a
 * turn writes the ring <em>before</em> it gives up its session slot (a volatile write in the
 * session table) and reads the window after; the opening writes the window, reads the session
 * table once the drain is in force ({@link #drainInForce}), and only then reads the ring again.
 * A turn that missed the window gave up its slot before that read of the table, so its ring
 * entry is visible to the second seeding; a turn still holding its slot then sees the window
 * when it ends. The only external turns that end while the window is open are turns that were
 * running when the drain began and turns the window admitted, so only conversations in
 * progress ever enter it.
 *
 * <p>With a bound of zero nothing is kept and the end of a turn costs nothing: every
 * conversation counts as not in progress. Thread-safe.
 */
final class Conversations {

    private final Clock clock;
    private final int bound;
    private final Optional<Duration> graceMax;
    private final AtomicReferenceArray<TurnRegistry.SessionKey> ends;
    /** The ring as {@link #stamp} last saw it, and when it first saw each entry; guarded by {@code this}. */
    private final TurnRegistry.SessionKey[] seen;
    private final long[] stampedAt;
    /** Scratch for {@link #stamp}: the slots changed since the last one. */
    private final int[] changed;
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
        this.seen = new TurnRegistry.SessionKey[Math.max(bound, 1)];
        this.stampedAt = new long[Math.max(bound, 1)];
        this.changed = new int[Math.max(bound, 1)];
    }

    /** Records the end of a turn in the ring; call before the turn gives up its session slot. No clock, no lock. */
    void ending(Turn turn) {
        if (bound != 0 && !turn.event().internal()) {
            ends.lazySet((int) Long.remainderUnsigned(turn.id(), bound), turn.key());
        }
    }

    /** After the turn gave up its slot: while a drain's grace is open, its end counts there, dated now. */
    void ended(Turn turn) {
        Window open = window;
        if (open != null && !turn.event().internal()) {
            open.ended(turn.session(), clock.millis());
        }
    }

    /** Dates the turn ends recorded since the last call with the clock now. Cheap enough for every publish. */
    synchronized void stamp() {
        if (bound == 0) {
            return;
        }
        // The ring first, the clock after: an end is never dated before it happened.
        int count = 0;
        for (int i = 0; i < seen.length; i++) {
            TurnRegistry.SessionKey key = ends.get(i);
            if (key != seen[i]) {
                seen[i] = key;
                changed[count++] = i;
            }
        }
        long now = clock.millis();
        for (int i = 0; i < count; i++) {
            stampedAt[changed[i]] = now;
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
        Window opened = new Window(policy.sessionGrace().toMillis(), policy.hardEnd(began, graceMax).toEpochMilli(), bound,
                began.toEpochMilli() - policy.sessionGrace().toMillis());
        window = opened;
        seed(opened);
    }

    /**
     * The drain is in force and the session table has been read since (the caller holds
     * {@code turnsRead}): seeds the window again with what ended meanwhile.
     */
    void drainInForce(Object turnsRead) {
        Window open = window;
        if (open != null && turnsRead != null) {
            seed(open);
        }
    }

    private synchronized void seed(Window open) {
        stamp();
        for (int i = 0; i < seen.length; i++) {
            if (seen[i] != null && stampedAt[i] >= open.since) {
                open.ended(seen[i].id(), stampedAt[i]);
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

    /** The conversations in progress of one drain and when each last ended a turn. */
    private static final class Window {
        private final long graceMillis;
        private final int bound;
        /** The earliest end that makes a session a conversation in progress: the drain's start less the grace. */
        private final long since;
        private final ConcurrentHashMap<String, Long> lastEnd = new ConcurrentHashMap<>();
        private final AtomicInteger size = new AtomicInteger();
        private volatile long hardEnd;

        Window(long graceMillis, long hardEnd, int bound, long since) {
            this.graceMillis = graceMillis;
            this.hardEnd = hardEnd;
            this.bound = bound;
            this.since = since;
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
