package org.gatewaydrain.runtime;

import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;

/**
 * Futures that complete once one condition on the gateway holds. Whoever changes what the
 * condition reads calls {@link #signal()}, which evaluates it once for all waiters, so its
 * cost does not grow with their number; a waiter signals once itself after registering, so
 * no change between "register" and "check" is missed. Thread-safe.
 */
final class Waiters {

    private final BooleanSupplier condition;
    private final Set<CompletableFuture<Boolean>> waiting = ConcurrentHashMap.newKeySet();

    Waiters(BooleanSupplier condition) {
        this.condition = condition;
    }

    /** @return completes {@code true} once the condition holds, {@code false} if abandoned */
    CompletableFuture<Boolean> await() {
        CompletableFuture<Boolean> waiter = new CompletableFuture<>();
        waiting.add(waiter);
        waiter.whenComplete((done, failure) -> waiting.remove(waiter));
        signal();
        return waiter;
    }

    /** Completes every waiter if the condition holds now; does nothing (not even evaluate it) when nobody waits. */
    void signal() {
        if (!waiting.isEmpty() && condition.getAsBoolean()) {
            waiting.forEach(waiter -> waiter.complete(true));
        }
    }

    /** Completes every waiter with {@code false}: what they wait for will not happen. */
    void abandonAll() {
        waiting.forEach(waiter -> waiter.complete(false));
    }
}
