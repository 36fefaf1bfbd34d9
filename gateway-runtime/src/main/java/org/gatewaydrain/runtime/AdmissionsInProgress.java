package org.gatewaydrain.runtime;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Counts the admissions in progress, so a transition can wait until every admission that may
 * have seen the old state has finished. Each thread counts in its own slot, on its own cache
 * line, so admissions on different threads write no shared memory: the shared counter of a
 * read-write lock's read side is what kept two threads from admitting faster than one. Slots
 * are handed out round-robin as threads first admit; two threads sharing a slot is only
 * slower, never wrong, because a slot's count is the number of its admissions in progress.
 * Thread-safe.
 *
 * <p>The gate uses it as in Dekker's algorithm: an admission increments its slot, then reads
 * the state; a transition writes the state, then waits for every slot to be seen at zero.
 * Both sides are volatile accesses, so one of the two sees the other: either the admission
 * sees the new state, or the transition sees it in progress and waits for it.
 */
final class AdmissionsInProgress {

    /** Longs per slot: 128 bytes, two cache lines, so neighbouring slots never share one (nor prefetch pairs). */
    private static final int STRIDE = 16;
    private static final int SLOTS = Integer.highestOneBit(Math.max(2, Runtime.getRuntime().availableProcessors()) * 4);
    private static final AtomicInteger NEXT_SLOT = new AtomicInteger();
    private static final ThreadLocal<Integer> SLOT = ThreadLocal.withInitial(
            () -> (NEXT_SLOT.getAndIncrement() & (SLOTS - 1)) * STRIDE + STRIDE);
    private static final int SPINS_BEFORE_YIELD = 64;

    /** One stride of padding before the first slot and after the last, away from other objects. */
    private final AtomicLongArray counts = new AtomicLongArray((SLOTS + 2) * STRIDE);

    /** @return the slot to pass to {@link #exit} */
    int enter() {
        int slot = SLOT.get();
        counts.getAndIncrement(slot);
        return slot;
    }

    void exit(int slot) {
        counts.getAndDecrement(slot);
    }

    /**
     * Returns once every admission that was in progress when this was called has finished.
     * Admissions hold no lock, do no I/O and call nothing foreign, so this spins briefly.
     */
    void awaitQuiet() {
        for (int slot = STRIDE; slot < (SLOTS + 1) * STRIDE; slot += STRIDE) {
            int spins = 0;
            while (counts.get(slot) != 0) {
                if (++spins < SPINS_BEFORE_YIELD) {
                    Thread.onSpinWait();
                } else {
                    Thread.yield();
                }
            }
        }
    }
}
