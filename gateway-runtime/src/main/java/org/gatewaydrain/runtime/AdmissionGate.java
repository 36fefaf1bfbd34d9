package org.gatewaydrain.runtime;

import java.util.Optional;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.gatewaydrain.core.ChannelHealth;
import org.gatewaydrain.core.GatewayState;
import org.gatewaydrain.core.RuntimeStatus;

/**
 * The gateway's state machine and the gate every new turn passes before it claims its
 * session slot.
 *
 * <p><b>Why no turn slips in after drain.</b> Admission holds the <em>read</em> lock while it
 * checks the state and claims the slot; a transition holds the <em>write</em> lock while it
 * changes the state. The write lock waits for every admission already inside to finish, and
 * no admission can enter until the transition is done. So once {@link #enterDrain} returns,
 * every later admission sees {@code DRAINING}, and the external in-flight count can only fall.
 * Admissions share the read lock and do not wait for each other; neither side ever holds the
 * lock across I/O, a callback or a wait, so the hot path is a few memory operations.
 *
 * <p>Shutdown wins: {@link GatewayState#canMoveTo} allows nothing out of {@code STOPPING}
 * except {@code STOPPED}. Each transition is handed to {@link GatewayEvents} while the write
 * lock is held, so listeners hear transitions in the order they happened. The gate also
 * records what the status shows beside the state: the drain honoured, the request ignored,
 * the channel's health and the exit reason. Thread-safe.
 */
final class AdmissionGate {

    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final TurnRegistry turns;
    private final GatewayEvents events;
    private GatewayState state = GatewayState.STARTING;
    private Optional<RuntimeStatus.Drain> drain = Optional.empty();
    private Optional<RuntimeStatus.IgnoredDrain> ignored = Optional.empty();
    private ChannelHealth channelHealth = ChannelHealth.OK;
    private Optional<String> exitReason = Optional.empty();

    AdmissionGate(TurnRegistry turns, GatewayEvents events) {
        this.turns = turns;
        this.events = events;
    }

    /**
     * Checks the state and claims the session slot, atomically with respect to transitions.
     *
     * @return the claimed turn, or why there is none
     */
    Entry admit(MessageEvent event) {
        lock.readLock().lock();
        try {
            boolean open = event.internal() ? state.admitsInternalEvents() : state.admitsNewTurns();
            if (!open) {
                return new Entry.Closed(state);
            }
            return turns.claim(event).<Entry>map(Entry.Claimed::new).orElse(Entry.BUSY);
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * Enters drain (from starting or running) showing {@code requested}; a no-op when already
     * draining or shutting down.
     */
    Optional<Transition> enterDrain(RuntimeStatus.Drain requested) {
        return move(GatewayState.DRAINING, Optional.of(requested));
    }

    /**
     * Shows another request while draining (a keep-alive re-write), keeping when draining began.
     *
     * @return whether what the status shows changed
     */
    boolean refreshDrain(RuntimeStatus.Drain requested) {
        lock.writeLock().lock();
        try {
            if (state != GatewayState.DRAINING || drain.map(requested::sameRequest).orElse(true)) {
                return false;
            }
            drain = Optional.of(requested.since(drain.get().since()));
            return true;
        } finally {
            lock.writeLock().unlock();
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
        lock.writeLock().lock();
        try {
            Optional<Transition> transition = move(GatewayState.STOPPING, Optional.empty());
            transition.ifPresent(t -> exitReason = Optional.of(reason));
            return transition;
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Marks the end of shutdown; a no-op unless stopping. */
    Optional<Transition> markStopped() {
        return move(GatewayState.STOPPED, Optional.empty());
    }

    /** @return whether the recorded health changed */
    boolean channelHealth(ChannelHealth health) {
        lock.writeLock().lock();
        try {
            ChannelHealth previous = channelHealth;
            channelHealth = health;
            return previous != health;
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** @return whether the ignored request shown changed */
    boolean ignored(Optional<RuntimeStatus.IgnoredDrain> stale) {
        lock.writeLock().lock();
        try {
            Optional<RuntimeStatus.IgnoredDrain> previous = ignored;
            ignored = stale;
            return !previous.equals(stale);
        } finally {
            lock.writeLock().unlock();
        }
    }

    boolean release(Turn turn) {
        return turns.release(turn);
    }

    /** @return everything the status shows, read together */
    Snapshot snapshot() {
        lock.readLock().lock();
        try {
            return new Snapshot(state, drain, ignored, turns.active(), channelHealth, exitReason);
        } finally {
            lock.readLock().unlock();
        }
    }

    private Optional<Transition> moveFrom(GatewayState expected, GatewayState target) {
        lock.writeLock().lock();
        try {
            return state == expected ? move(target, Optional.empty()) : Optional.empty();
        } finally {
            lock.writeLock().unlock();
        }
    }

    private Optional<Transition> move(GatewayState target, Optional<RuntimeStatus.Drain> newDrain) {
        lock.writeLock().lock();
        try {
            if (!state.canMoveTo(target)) {
                return Optional.empty();
            }
            Transition transition = new Transition(state, target);
            state = target;
            drain = newDrain;
            events.stateChanged(transition.from(), transition.to());
            return Optional.of(transition);
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** The gate's answer to a new turn. */
    sealed interface Entry {
        Entry BUSY = new Busy();

        /** The slot is claimed; the turn may start. */
        record Claimed(Turn turn) implements Entry {
        }

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
            return state.quiescedWith(activeTurns);
        }
    }
}
