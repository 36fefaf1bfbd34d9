package org.gatewaydrain.runtime;

import java.util.Optional;
import org.gatewaydrain.core.ChannelHealth;
import org.gatewaydrain.core.DrainPolicy;
import org.gatewaydrain.core.GatewayState;
import org.gatewaydrain.core.RuntimeStatus;

/**
 * The gateway's state machine and the gate every new turn passes before it claims its
 * session slot.
 *
 * <p><b>Why no turn slips in after drain.</b> An admission announces itself in
 * {@link AdmissionsInProgress}, then reads the state admissions go by and claims the slot; a
 * transition, one at a time, writes that state, then waits until every admission in progress
 * has finished, and only then publishes the new state to the status. So once
 * {@link #enterDrain} returns, every later admission sees {@code DRAINING}, every earlier one
 * has claimed its slot, and the external in-flight count can only fall; a status that shows
 * {@code DRAINING} shows a count that can only fall too. Admissions write only their own
 * thread's slot and their session's entry, so they do not slow each other down; neither side
 * holds anything across I/O, a callback or a wait, so the hot path is a few memory operations.
 *
 * <p>Shutdown wins: {@link GatewayState#canMoveTo} allows nothing out of {@code STOPPING}
 * except {@code STOPPED}. Each transition is handed to {@link GatewayEvents} while transitions
 * are held, so listeners hear them in the order they happened. The gate also records what the
 * status shows beside the state: the drain honoured, the request ignored, the channel's health
 * and the exit reason. Thread-safe.
 */
final class AdmissionGate {

    private final AdmissionsInProgress admitting = new AdmissionsInProgress();
    private final Object transitions = new Object();
    private final TurnRegistry turns;
    private final GatewayEvents events;
    private final Conversations conversations;
    /** What admissions go by; written before the admissions in progress are waited for. */
    private volatile GatewayState admissionState = GatewayState.STARTING;
    /** What the status shows; written after. Replaced whole, under {@link #transitions}. */
    private volatile Shown shown = new Shown(GatewayState.STARTING, Optional.empty(), Optional.empty(), ChannelHealth.OK,
            Optional.empty());

    AdmissionGate(TurnRegistry turns, GatewayEvents events, Conversations conversations) {
        this.turns = turns;
        this.events = events;
        this.conversations = conversations;
    }

    /**
     * Checks the state and claims the session slot, atomically with respect to transitions.
     * While draining, an external turn of a conversation in the drain's grace is let in
     * ({@link Conversations#admits}); the grace is opened before admissions see the drain.
     *
     * @return the claimed turn, or why there is none
     */
    Entry admit(MessageEvent event) {
        int slot = admitting.enter();
        try {
            GatewayState state = admissionState;
            boolean open = event.internal() ? state.admitsInternalEvents()
                    : state.admitsNewTurns() || state == GatewayState.DRAINING && conversations.admits(event.session());
            if (!open) {
                return new Entry.Closed(state);
            }
            Turn turn = turns.claim(event);
            return turn != null ? turn : Entry.BUSY;
        } finally {
            admitting.exit(slot);
        }
    }

    /**
     * Enters drain (from starting or running) showing {@code requested}; a no-op when already
     * draining or shutting down.
     */
    Optional<Transition> enterDrain(RuntimeStatus.Drain requested) {
        return move(GatewayState.DRAINING, Optional.of(requested), Optional.empty());
    }

    /**
     * Shows another request while draining (a keep-alive re-write), keeping when draining began.
     *
     * @return whether what the status shows changed
     */
    boolean refreshDrain(RuntimeStatus.Drain requested) {
        synchronized (transitions) {
            Shown now = shown;
            if (now.state() != GatewayState.DRAINING || now.drain().map(requested::sameRequest).orElse(true)) {
                return false;
            }
            RuntimeStatus.Drain before = now.drain().get();
            RuntimeStatus.Drain after = requested.since(before.since());
            if (after.policy().deadlineAt().equals(before.policy().deadlineAt())) {
                after = after.withDeadlinePassed(before.deadlinePassed());
            }
            conversations.policyChanged(after.policy(), after.since());
            shown = now.withDrain(Optional.of(after));
            return true;
        }
    }

    /** Leaves drain for running; a no-op unless draining. */
    Optional<Transition> exitDrain() {
        return moveFrom(GatewayState.DRAINING, GatewayState.RUNNING);
    }

    /** Finishes start-up in running; a no-op unless starting. */
    Optional<Transition> markRunning() {
        return moveFrom(GatewayState.STARTING, GatewayState.RUNNING);
    }

    /** Stops all admission; a no-op when already stopping or stopped. */
    Optional<Transition> beginShutdown(String reason) {
        return move(GatewayState.STOPPING, Optional.empty(), Optional.of(reason));
    }

    /** Marks the end of shutdown; a no-op unless stopping. */
    Optional<Transition> markStopped() {
        return move(GatewayState.STOPPED, Optional.empty(), Optional.empty());
    }

    /** @return whether the recorded health changed */
    boolean channelHealth(ChannelHealth health) {
        synchronized (transitions) {
            Shown now = shown;
            shown = now.withChannelHealth(health);
            return now.channelHealth() != health;
        }
    }

    /** @return whether the ignored request shown changed */
    boolean ignored(Optional<RuntimeStatus.IgnoredDrain> stale) {
        synchronized (transitions) {
            Shown now = shown;
            shown = now.withIgnored(stale);
            return !now.ignored().equals(stale);
        }
    }

    /**
     * Records what happened at the drain's deadline, shown while it drains; a no-op when no
     * longer draining.
     */
    void deadlinePassed(RuntimeStatus.DeadlinePassed passed) {
        synchronized (transitions) {
            Shown now = shown;
            if (now.state() == GatewayState.DRAINING && now.drain().isPresent()) {
                shown = now.withDrain(now.drain().map(drain -> drain.withDeadlinePassed(Optional.of(passed))));
            }
        }
    }

    /** @return whether this call released the turn (true exactly once per turn); its end counts for the grace */
    boolean release(Turn turn) {
        conversations.ending(turn);
        boolean released = turns.release(turn);
        if (released) {
            conversations.ended(turn);
        }
        return released;
    }

    /** Dates the turn ends recorded since the last publish, for a drain's session grace; off the admission path. */
    void stampTurnEnds() {
        conversations.stamp();
    }

    /** @return everything the status shows, read together, with the grace as it stands now */
    Snapshot snapshot() {
        Shown now = shown;
        Optional<RuntimeStatus.Drain> drain = now.drain();
        if (now.state() == GatewayState.DRAINING) {
            Optional<RuntimeStatus.Grace> grace = conversations.shown();
            if (grace.isPresent()) {
                drain = drain.map(shownDrain -> shownDrain.withGrace(grace));
            }
        }
        return new Snapshot(now.state(), drain, now.ignored(), turns.active(), now.channelHealth(), now.exitReason());
    }

    private Optional<Transition> moveFrom(GatewayState expected, GatewayState target) {
        synchronized (transitions) {
            return shown.state() == expected ? move(target, Optional.empty(), Optional.empty()) : Optional.empty();
        }
    }

    private Optional<Transition> move(GatewayState target, Optional<RuntimeStatus.Drain> newDrain,
            Optional<String> exitReason) {
        synchronized (transitions) {
            Shown now = shown;
            if (!now.state().canMoveTo(target)) {
                return Optional.empty();
            }
            if (target == GatewayState.DRAINING) {
                conversations.drainBegins(newDrain.map(RuntimeStatus.Drain::policy).orElse(DrainPolicy.NONE));
            }
            admissionState = target;
            admitting.awaitQuiet();
            if (target == GatewayState.DRAINING) {
                conversations.drainInForce(turns.running());
            } else {
                conversations.drainEnds();
            }
            shown = new Shown(target, newDrain, now.ignored(), now.channelHealth(),
                    exitReason.isPresent() ? exitReason : now.exitReason());
            Transition transition = new Transition(now.state(), target);
            events.stateChanged(transition.from(), transition.to());
            // In order with the transitions: a listener hears the drain before it hears it end.
            newDrain.filter(drain -> target == GatewayState.DRAINING).ifPresent(events::drainBegan);
            return Optional.of(transition);
        }
    }

    /** What the status shows beside the in-flight count, replaced whole on every change. */
    private record Shown(GatewayState state, Optional<RuntimeStatus.Drain> drain,
            Optional<RuntimeStatus.IgnoredDrain> ignored, ChannelHealth channelHealth, Optional<String> exitReason) {
        Shown withDrain(Optional<RuntimeStatus.Drain> value) {
            return new Shown(state, value, ignored, channelHealth, exitReason);
        }

        Shown withIgnored(Optional<RuntimeStatus.IgnoredDrain> value) {
            return new Shown(state, drain, value, channelHealth, exitReason);
        }

        Shown withChannelHealth(ChannelHealth value) {
            return new Shown(state, drain, ignored, value, exitReason);
        }
    }

    /** The gate's answer to a new turn. */
    sealed interface Entry permits Turn, Entry.Closed, Entry.Busy {
        Entry BUSY = new Busy();

        /** The state admits no such turn. */
        record Closed(GatewayState state) implements Entry {
        }

        /** The session already has a turn running. */
        record Busy() implements Entry {
        }
    }

    /** A state change that happened. */
    record Transition(GatewayState from, GatewayState to) {
    }

    /** What the gateway is at one moment. */
    record Snapshot(GatewayState state, Optional<RuntimeStatus.Drain> drain, Optional<RuntimeStatus.IgnoredDrain> ignored,
            int activeTurns, ChannelHealth channelHealth, Optional<String> exitReason) {
        boolean quiesced() {
            return state.quiescedWith(activeTurns, drain.map(RuntimeStatus.Drain::sessionsInGrace).orElse(0));
        }
    }
}
