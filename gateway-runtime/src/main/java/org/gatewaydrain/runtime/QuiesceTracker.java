package org.gatewaydrain.runtime;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.gatewaydrain.core.GatewayState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Knows when the gateway is quiesced (draining, nothing in flight) or idle (nothing in
 * flight): completes the futures of those who wait for it and reports each drain's
 * drain-to-quiesce time once. {@link #check()} is called after every state or count change
 * and is cheap when nobody waits. Thread-safe.
 */
final class QuiesceTracker {

    private static final Logger LOG = LoggerFactory.getLogger(QuiesceTracker.class);

    private final AdmissionGate gate;
    private final TurnRegistry turns;
    private final GatewayEvents events;
    private final Clock clock;
    private final Waiters waiters = new Waiters();
    private final AtomicBoolean reported = new AtomicBoolean(true);
    private volatile Instant drainStartedAt = Instant.EPOCH;

    QuiesceTracker(AdmissionGate gate, TurnRegistry turns, GatewayEvents events, Clock clock) {
        this.gate = gate;
        this.turns = turns;
        this.events = events;
        this.clock = clock;
    }

    /** Starts timing a new drain; its quiescence will be reported once. */
    void drainEntered() {
        drainStartedAt = clock.instant();
        reported.set(false);
    }

    /** Completes the waiters whose condition now holds and reports a first quiescence. */
    void check() {
        waiters.check();
        if (gate.snapshot().quiesced() && reported.compareAndSet(false, true)) {
            Duration took = Duration.between(drainStartedAt, clock.instant());
            events.quiesced(took);
            LOG.info("Quiesced {} ms after drain began", took.toMillis());
        }
    }

    /** @return completes {@code true} once quiesced, {@code false} if abandoned (the gateway stopped) */
    CompletableFuture<Boolean> onQuiesced() {
        if (gate.snapshot().state() == GatewayState.STOPPED) {
            return CompletableFuture.completedFuture(false);
        }
        return waiters.when(() -> gate.snapshot().quiesced());
    }

    /** @return whether nothing was in flight within {@code timeout}; blocks */
    boolean awaitIdle(Duration timeout) {
        return await(waiters.when(() -> turns.active() == 0), timeout);
    }

    /** Tells every waiter that what it waits for will not happen. */
    void abandonAll() {
        waiters.abandonAll();
    }

    /**
     * Blocks on a waiter, then withdraws it.
     *
     * @return its answer; false on timeout or interruption (flag restored)
     */
    static boolean await(CompletableFuture<Boolean> condition, Duration timeout) {
        try {
            return condition.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException e) {
            throw new IllegalStateException("A gateway condition failed", e.getCause());
        } finally {
            condition.complete(false);
        }
    }
}
