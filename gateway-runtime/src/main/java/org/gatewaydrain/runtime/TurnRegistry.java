package org.gatewaydrain.runtime;

import java.util.Collection;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The session slots: at most one running turn per session, and the in-flight count, which is
 * the number of slots held. Lock-free and thread-safe; whether a claim is allowed at all is the
 * {@link AdmissionGate}'s call.
 *
 * <p>Nothing here is one shared counter that every turn writes: the map counts its entries in
 * striped cells, and turn ids come from per-thread blocks. Nor do concurrent turns write one
 * cache line of the map's table: session ids are often sequential ({@code chat-41},
 * {@code chat-42}), and their string hashes would put them side by side, so the keys' hashes
 * are mixed, and the table starts large enough to spread them. The count is therefore read by
 * summing, which is exact whenever claims are shut out (draining, stopping): then the count only
 * falls, so a sum that reads zero means zero. While claims are open it may be off by the turns
 * starting and ending during the read, as any reading of a moving count is.
 */
final class TurnRegistry {

    /** Ids each thread takes from the shared sequence at a time. */
    private static final int ID_BLOCK = 1 << 10;
    private static final AtomicLong ID_BLOCKS = new AtomicLong();
    private static final ThreadLocal<long[]> IDS = ThreadLocal.withInitial(() -> new long[] {0, 0});

    /** Sessions with a turn running that the table starts sized for, without resizing. */
    private static final int INITIAL_SESSIONS = 1 << 10;

    private final ConcurrentHashMap<SessionKey, Turn> bySession = new ConcurrentHashMap<>(INITIAL_SESSIONS);
    /** @return the new turn, or {@code null} if the session already has one running */
    Turn claim(MessageEvent event) {
        Turn turn = new Turn(nextId(), event);
        return bySession.putIfAbsent(turn.key(), turn) == null ? turn : null;
    }

    /** @return whether this call released the turn; true exactly once per claimed turn */
    boolean release(Turn turn) {
        return bySession.remove(turn.key(), turn);
    }

    int active() {
        return (int) bySession.mappingCount();
    }

    /** @return the turns running now (a snapshot) */
    Collection<Turn> running() {
        return List.copyOf(bySession.values());
    }

    /** @return an id no other turn in this JVM has */
    private static long nextId() {
        long[] block = IDS.get();
        if (block[0] == block[1]) {
            block[0] = ID_BLOCKS.getAndIncrement() * ID_BLOCK + 1;
            block[1] = block[0] + ID_BLOCK;
        }
        return block[0]++;
    }

    /** A session id whose hash is mixed, so neighbouring ids land far apart in the table. */
    record SessionKey(String id) {
        @Override
        public int hashCode() {
            int h = id.hashCode() * 0x9E3779B9;
            return h ^ (h >>> 16);
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof SessionKey key && key.id.equals(id);
        }
    }
}
