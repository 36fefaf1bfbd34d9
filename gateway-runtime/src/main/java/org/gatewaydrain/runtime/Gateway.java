package org.gatewaydrain.runtime;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import org.gatewaydrain.core.ChannelHealth;
import org.gatewaydrain.core.DrainSignal;
import org.gatewaydrain.core.GatewayState;
import org.gatewaydrain.core.RuntimeStatus;
import org.gatewaydrain.core.spi.Subscription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway: admits turns through the drain gate, follows its control channel, publishes
 * its status and shuts down cleanly. Obtain it from a Guice injector built with
 * {@link GatewayRuntimeModule} and a transport module, then {@link #start()} it.
 *
 * <p>{@link #handle} is the hot path: it does no I/O and takes no lock held across I/O;
 * status writes and listener calls happen on the gateway's own threads. Thread-safe.
 */
@Singleton
public final class Gateway {

    private static final Logger LOG = LoggerFactory.getLogger(Gateway.class);
    private static final Duration HOUSEKEEPING_TIMEOUT = Duration.ofSeconds(5);

    private final AdmissionGate gate;
    private final TurnRegistry turns;
    private final DrainWatcher watcher;
    private final StatusPublisher publisher;
    private final GatewayEvents events;
    private final TurnHandler handler;
    private final RuntimeSettings settings;
    private final Clock clock;
    private final QuiesceTracker quiesce;
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean shutdownBegun = new AtomicBoolean();
    private final CompletableFuture<Void> stopped = new CompletableFuture<>();

    @Inject
    Gateway(AdmissionGate gate, TurnRegistry turns, DrainWatcher watcher, StatusPublisher publisher,
            GatewayEvents events, TurnHandler handler, RuntimeSettings settings, Clock clock) {
        this.gate = gate;
        this.turns = turns;
        this.watcher = watcher;
        this.publisher = publisher;
        this.events = events;
        this.handler = handler;
        this.settings = settings;
        this.clock = clock;
        this.quiesce = new QuiesceTracker(gate, turns, events, clock);
    }

    /**
     * Starts the watcher and waits for its first read of the control channel, then reports
     * {@code RUNNING} — or {@code DRAINING} if a request is there, so a request that survived
     * a restart leaves no window in which a turn is admitted. Blocks for one channel read.
     *
     * @throws IllegalStateException if called twice
     */
    public void start() {
        if (!started.compareAndSet(false, true)) {
            throw new IllegalStateException("The gateway was already started");
        }
        watcher.start(this::apply);
        gate.markRunning().ifPresent(this::afterTransition);
        publisher.requestPublish();
        if (settings.installShutdownHook()) {
            Runtime.getRuntime().addShutdownHook(new Thread(
                    () -> shutdown(settings.drainTimeout(), "SIGTERM"), "gateway-shutdown"));
        }
        LOG.info("Gateway started {}", gate.snapshot().state().wireName());
    }

    /**
     * Starts a turn for the message if the gateway admits it. Never blocks and does no I/O.
     *
     * @param event the message
     * @return accepted (with the reply to come), refused (starting, draining or shutting
     *     down) or busy (the session has a turn running)
     */
    public Admission handle(MessageEvent event) {
        AdmissionGate.Entry entry = gate.admit(event);
        if (entry instanceof AdmissionGate.Entry.Claimed claimed) {
            return begin(claimed.turn());
        }
        if (entry instanceof AdmissionGate.Entry.Closed closed) {
            Admission.Refused refusal = Admission.Refused.in(closed.state());
            events.turnRefused(event, refusal);
            return refusal;
        }
        return Admission.Busy.of(event.session());
    }

    /**
     * Enters drain: from now on no new external turn starts; in-flight turns run on. Called
     * by the watcher when the channel holds a request (the channel owns the decision, so this
     * is not public). Idempotent.
     *
     * @param drain the drain to show in the status
     * @return whether the state changed (false when already draining or shutting down)
     */
    boolean enterDrain(RuntimeStatus.Drain drain) {
        return gate.enterDrain(drain).map(this::afterTransition).isPresent();
    }

    /**
     * Leaves drain and admits turns again. Called by the watcher when the request is
     * withdrawn. Idempotent; never leaves {@code STOPPING} or {@code STOPPED}.
     *
     * @return whether the state changed
     */
    boolean exitDrain() {
        return gate.exitDrain().map(this::afterTransition).isPresent();
    }

    /** @return a future that completes {@code true} once draining with nothing in flight, or {@code false} if the gateway stops first */
    public CompletableFuture<Boolean> onQuiesced() {
        return quiesce.onQuiesced();
    }

    /**
     * Blocks until quiesced or {@code timeout} passes.
     *
     * @return whether the gateway is quiesced; false on timeout, interruption (flag restored)
     *     or when the gateway stopped first
     */
    public boolean awaitQuiesced(Duration timeout) {
        return QuiesceTracker.await(onQuiesced(), timeout);
    }

    /**
     * Shuts down: stop admitting anything, wait up to {@code timeout} for in-flight turns,
     * interrupt the rest, publish {@code stopped}. Blocks until done; a second caller waits
     * for the first one's shutdown to finish.
     *
     * @param timeout how long in-flight turns may take to finish
     * @param reason the exit reason shown in the status
     */
    public void shutdown(Duration timeout, String reason) {
        if (!shutdownBegun.compareAndSet(false, true)) {
            stopped.join();
            return;
        }
        try {
            gate.beginShutdown(reason).ifPresent(this::afterTransition);
            LOG.info("Shutting down ({}): {} turn(s) in flight get up to {} ms", reason, turns.active(), timeout.toMillis());
            watcher.stop(HOUSEKEEPING_TIMEOUT);
            if (!quiesce.awaitIdle(timeout)) {
                interruptRunningTurns();
            }
            gate.markStopped().ifPresent(this::afterTransition);
            quiesce.abandonAll();
            publisher.stopWithFinal(HOUSEKEEPING_TIMEOUT);
            events.close(HOUSEKEEPING_TIMEOUT);
            LOG.info("Gateway stopped ({})", reason);
        } finally {
            stopped.complete(null);
        }
    }

    /** Shuts down with the configured {@code shutdown.drain_timeout}. */
    public void shutdown() {
        shutdown(settings.drainTimeout(), "shutdown requested");
    }

    /** @return the status as it stands now; no I/O */
    public RuntimeStatus status() {
        return publisher.current();
    }

    /** @return the handle that removes the listener */
    public Subscription addListener(GatewayListener listener) {
        return events.add(listener);
    }

    /** Waits until every status change so far is written; for tests and orderly exits. */
    void flushStatus() {
        publisher.flush(HOUSEKEEPING_TIMEOUT);
    }

    DrainWatcher watcher() {
        return watcher;
    }

    private void apply(DrainSignal signal) {
        switch (signal.decision()) {
            case DRAIN -> {
                channelHealth(ChannelHealth.OK, signal);
                enterDrain(drainShown(signal));
            }
            case SERVE -> {
                channelHealth(ChannelHealth.OK, signal);
                exitDrain();
            }
            case HOLD -> channelHealth(ChannelHealth.DEGRADED, signal);
        }
    }

    private void channelHealth(ChannelHealth health, DrainSignal signal) {
        if (gate.channelHealth(health)) {
            if (health == ChannelHealth.DEGRADED) {
                LOG.warn("The drain channel cannot be read ({}); holding {}", ((DrainSignal.Unknown) signal).cause(),
                        gate.snapshot().state().wireName());
            } else {
                LOG.info("The drain channel answers again");
            }
            events.channelHealthChanged(health);
            publisher.requestPublish();
        }
    }

    private RuntimeStatus.Drain drainShown(DrainSignal signal) {
        if (signal instanceof DrainSignal.Present present) {
            return RuntimeStatus.Drain.of(present.request());
        }
        return RuntimeStatus.Drain.unreadable(((DrainSignal.PresentContentless) signal).why(), clock.instant());
    }

    private Admission.Accepted begin(Turn turn) {
        turnCountChanged();
        CompletableFuture<String> reply = new CompletableFuture<>();
        try {
            CompletionStage<String> work = handler.startTurn(turn.event());
            turn.attach(work);
            work.whenComplete((text, failure) -> {
                finish(turn);
                if (failure != null) {
                    reply.completeExceptionally(failure);
                } else {
                    reply.complete(text);
                }
            });
        } catch (RuntimeException e) {
            finish(turn);
            reply.completeExceptionally(e);
        }
        return new Admission.Accepted(turn.id(), reply.minimalCompletionStage());
    }

    private void finish(Turn turn) {
        if (gate.release(turn)) {
            turnCountChanged();
        }
    }

    private void turnCountChanged() {
        events.activeTurnsChanged();
        publisher.requestPublish();
        quiesce.check();
    }

    private AdmissionGate.Transition afterTransition(AdmissionGate.Transition transition) {
        if (transition.to() == GatewayState.DRAINING) {
            quiesce.drainEntered();
            LOG.info("Draining: new turns are refused, {} in flight finish undisturbed", turns.active());
        } else if (transition.from() == GatewayState.DRAINING && transition.to() == GatewayState.RUNNING) {
            LOG.info("Drain cancelled: admitting new turns again");
        }
        publisher.requestPublish();
        quiesce.check();
        return transition;
    }

    private void interruptRunningTurns() {
        Collection<Turn> running = turns.running();
        LOG.warn("{} turn(s) still running after the drain timeout; interrupting them", running.size());
        running.forEach(Turn::interrupt);
        if (!quiesce.awaitIdle(HOUSEKEEPING_TIMEOUT)) {
            LOG.warn("{} turn(s) did not end after being interrupted", turns.active());
        }
    }
}
