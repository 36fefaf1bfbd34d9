package org.gatewaydrain.runtime;

import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.gatewaydrain.core.RuntimeStatus;

/**
 * One admitted turn: its slot in the session table and the handler's work, so shutdown can
 * interrupt it. It is also the gate's answer when it admits one, so admitting allocates
 * nothing more than the turn.
 */
final class Turn implements AdmissionGate.Entry {

    private final long id;
    private final MessageEvent event;
    private final TurnRegistry.SessionKey key;
    private final Instant startedAt;
    private volatile CompletableFuture<?> work;
    private volatile boolean interruptRequested;

    Turn(long id, MessageEvent event, Instant startedAt) {
        this.id = id;
        this.event = event;
        this.key = new TurnRegistry.SessionKey(event.session());
        this.startedAt = startedAt;
    }

    /** @return when the gate admitted it, by the gateway's clock */
    Instant startedAt() {
        return startedAt;
    }

    /** @return the turn as the status names it */
    RuntimeStatus.TurnInFlight shown() {
        return new RuntimeStatus.TurnInFlight(event.session(), startedAt, event.internal());
    }

    TurnRegistry.SessionKey key() {
        return key;
    }

    long id() {
        return id;
    }

    String session() {
        return event.session();
    }

    MessageEvent event() {
        return event;
    }

    /** Remembers the handler's work so it can be interrupted; a stage that is no future cannot be. */
    void attach(CompletionStage<?> handlerWork) {
        try {
            this.work = handlerWork.toCompletableFuture();
        } catch (UnsupportedOperationException notAFuture) {
            return;
        }
        if (interruptRequested) {
            interrupt();
        }
    }

    /** Interrupts the handler's work (now, or as soon as it is attached). */
    void interrupt() {
        interruptRequested = true;
        CompletableFuture<?> current = work;
        if (current != null) {
            current.cancel(true);
        }
    }
}
