package org.gatewaydrain.runtime;

import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;

/**
 * Futures that complete when a condition on the gateway becomes true. Whoever changes what
 * a condition reads calls {@link #check()}; a waiter checks once itself after registering,
 * so no change between "register" and "check" is missed. Thread-safe; cheap when empty.
 */
final class Waiters {

    private final Set<Waiter> waiting = ConcurrentHashMap.newKeySet();

    /** @return completes {@code true} once {@code condition} holds, {@code false} if abandoned */
    CompletableFuture<Boolean> when(BooleanSupplier condition) {
        Waiter waiter = new Waiter(condition, new CompletableFuture<>());
        waiting.add(waiter);
        waiter.future().whenComplete((done, failure) -> waiting.remove(waiter));
        waiter.checkNow();
        return waiter.future();
    }

    /** Completes every waiter whose condition holds now. */
    void check() {
        for (Waiter waiter : waiting) {
            waiter.checkNow();
        }
    }

    /** Completes every waiter with {@code false}: what they wait for will not happen. */
    void abandonAll() {
        for (Waiter waiter : waiting) {
            waiter.future().complete(false);
        }
    }

    private record Waiter(BooleanSupplier condition, CompletableFuture<Boolean> future) {
        void checkNow() {
            if (condition.getAsBoolean()) {
                future.complete(true);
            }
        }
    }
}
