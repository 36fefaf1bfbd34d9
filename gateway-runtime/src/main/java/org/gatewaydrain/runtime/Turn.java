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
    /** When the status first saw the turn; null until then. Stamped off the admission path: see {@link #startedAt(Instant)}. */
    private Instant startedAt;
    private volatile CompletableFuture<?> work;
    private volatile boolean interruptRequested;

    Turn(long id, MessageEvent event) {
        this.id = id;
        this.event = event;
        this.key = new TurnRegistry.SessionKey(event.session());
    }

    /**
     * When the turn started, as the status tells it. Reading a clock at admission would cost
     * more than the rest of the admission (a clock read is about 40 ns here, the admission
     * about 50), so a turn is stamped when a status first sees it: every turn start asks for a
     * status within its 10 ms settle window, so the stamp is that late at most, plus the
     * publisher's own delay.
     *
     * @param now the gateway's clock now, the stamp of a turn not seen before
     * @return when the turn was first seen
     */
    synchronized Instant startedAt(Instant now) {
        if (startedAt == null) {
            startedAt = now;
        }
        return startedAt;
    }

    /** @return the turn as the status names it, stamping it with {@code now} if it was not seen before */
    RuntimeStatus.TurnInFlight shown(Instant now) {
        return new RuntimeStatus.TurnInFlight(event.session(), startedAt(now), event.internal());
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
