package org.gatewaydrain.runtime;

import com.google.common.annotations.VisibleForTesting;
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
 * drain-to-quiesce time once. Both can only become true when the count reaches zero or the
 * state changes, so a turn that leaves others in flight costs nothing here, however many
 * wait. Thread-safe.
 */
final class QuiesceTracker {

    private static final Logger LOG = LoggerFactory.getLogger(QuiesceTracker.class);

    private final AdmissionGate gate;
    private final TurnRegistry turns;
    private final GatewayEvents events;
    private final Clock clock;
    private final Waiters quiesced;
    private final Waiters idle;
    private final AtomicBoolean reported = new AtomicBoolean(true);
    private volatile Instant drainStartedAt = Instant.EPOCH;
    private volatile Runnable betweenRegisterAndCheck = () -> { };

    QuiesceTracker(AdmissionGate gate, TurnRegistry turns, GatewayEvents events, Clock clock) {
        this.gate = gate;
        this.turns = turns;
        this.events = events;
        this.clock = clock;
        this.quiesced = new Waiters(() -> gate.snapshot().quiesced());
        this.idle = new Waiters(() -> turns.active() == 0);
    }

    /** Starts timing a new drain; its quiescence will be reported once. */
    void drainEntered() {
        drainStartedAt = clock.instant();
        reported.set(false);
    }

    /** After a state change: completes the waiters whose condition now holds and reports a first quiescence. */
    void stateChanged() {
        quiesced.signal();
        idle.signal();
        if (!reported.get() && gate.snapshot().quiesced() && reported.compareAndSet(false, true)) {
            Duration took = Duration.between(drainStartedAt, clock.instant());
            events.quiesced(took);
            LOG.info("Quiesced {} ms after drain began", took.toMillis());
        }
    }

    /** After a count change: the same, but only when nothing is in flight, the only time anything can hold. */
    void countChanged() {
        if (turns.active() == 0) {
            stateChanged();
        }
    }

    /** @return completes {@code true} once quiesced, {@code false} if abandoned (the gateway stopped) */
    CompletableFuture<Boolean> onQuiesced() {
        CompletableFuture<Boolean> waiter = quiesced.await();
        betweenRegisterAndCheck.run();
        // Registered first, checked second: a stop in between is seen here or abandons the waiter.
        if (gate.snapshot().state() == GatewayState.STOPPED) {
            waiter.complete(false);
        }
        return waiter;
    }

    /** Runs {@code hook} inside {@link #onQuiesced}, after the waiter is registered: lets a test stop the gateway there. */
    @VisibleForTesting
    void betweenRegisterAndCheck(Runnable hook) {
        betweenRegisterAndCheck = hook;
    }

    /** @return whether nothing was in flight within {@code timeout}; blocks */
    boolean awaitIdle(Duration timeout) {
        return await(idle.await(), timeout);
    }

    /** Tells every waiter that what it waits for will not happen; call after the gateway stopped. */
    void abandonAll() {
        quiesced.abandonAll();
        idle.abandonAll();
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
