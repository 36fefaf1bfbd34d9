package org.gatewaydrain.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Waiting for quiescence costs a turn nothing per waiter: the condition is evaluated once per signal. */
class WaitersTest {

    private final AtomicInteger evaluations = new AtomicInteger();
    private final AtomicBoolean holds = new AtomicBoolean();
    private final Waiters waiters = new Waiters(() -> {
        evaluations.incrementAndGet();
        return holds.get();
    });

    @Test
    void aSignal_evaluatesTheConditionOnce_howeverManyWait() {
        for (int i = 0; i < 1_000; i++) {
            waiters.await();
        }
        int afterRegistering = evaluations.get();

        for (int i = 0; i < 100; i++) {
            waiters.signal();
        }

        assertThat(evaluations.get() - afterRegistering).isEqualTo(100);
    }

    @Test
    void withNobodyWaiting_aSignalEvaluatesNothing() {
        for (int i = 0; i < 100; i++) {
            waiters.signal();
        }

        assertThat(evaluations.get()).isZero();
    }

    @Test
    void onceTheConditionHolds_everyWaiterCompletes_andAbandonedOnesAnswerFalse() {
        List<CompletableFuture<Boolean>> waiting = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            waiting.add(waiters.await());
        }
        CompletableFuture<Boolean> abandoned = waiting.remove(0);
        abandoned.complete(false);

        holds.set(true);
        waiters.signal();

        assertThat(waiting).allSatisfy(w -> assertThat(w).isCompletedWithValue(true));
        assertThat(abandoned).isCompletedWithValue(false);
        assertThat(waiters.await()).as("a waiter arriving once it holds").isCompletedWithValue(true);
    }
}
