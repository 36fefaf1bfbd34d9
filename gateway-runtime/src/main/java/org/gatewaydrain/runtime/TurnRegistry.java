package org.gatewaydrain.runtime;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The session slots: at most one running turn per session, and the in-flight count. Lock-free
 * and thread-safe; whether a claim is allowed at all is the {@link AdmissionGate}'s call.
 */
final class TurnRegistry {

    private final ConcurrentMap<String, Turn> bySession = new ConcurrentHashMap<>();
    private final AtomicInteger active = new AtomicInteger();
    private final AtomicLong ids = new AtomicLong();

    /** @return the new turn, or empty if the session already has one running */
    Optional<Turn> claim(MessageEvent event) {
        Turn turn = new Turn(ids.incrementAndGet(), event);
        if (bySession.putIfAbsent(event.session(), turn) != null) {
            return Optional.empty();
        }
        active.incrementAndGet();
        return Optional.of(turn);
    }

    /** @return whether this call released the turn; true exactly once per claimed turn */
    boolean release(Turn turn) {
        if (!bySession.remove(turn.session(), turn)) {
            return false;
        }
        active.decrementAndGet();
        return true;
    }

    int active() {
        return active.get();
    }

    /** @return the turns running now (a snapshot) */
    Collection<Turn> running() {
        return List.copyOf(bySession.values());
    }
}
