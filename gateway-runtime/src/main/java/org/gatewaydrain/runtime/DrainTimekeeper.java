package org.gatewaydrain.runtime;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.gatewaydrain.core.GatewayState;
import org.gatewaydrain.core.RuntimeStatus;
import org.gatewaydrain.core.spi.DaemonThreads;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a drain's times: acts once when its deadline passes, and tells the gateway when a
 * conversation's grace ends (the gateway may then be quiesced with nothing having happened).
 * The gateway owns the deadline, so it is judged here on the gateway's clock, not by the
 * requester: on every reconcile (each change and each tick, so a gateway started past the
 * deadline acts on its first read) and at a wake-up set for the next time that matters. A
 * clock moved by a test is honoured at the next {@link #check}. Thread-safe; checks run one at
 * a time.
 */
final class DrainTimekeeper {

    private static final Logger LOG = LoggerFactory.getLogger(DrainTimekeeper.class);

    /** What the gateway does when a time comes. Called on the checking thread, one at a time. */
    interface Actions {
        /** The drain's deadline passed at {@code at}; act as {@code drain.policy().onDeadline()} says. */
        void deadlineReached(RuntimeStatus.Drain drain, Instant at);

        /** The conversations in grace changed since the last check (a grace ended, or began anew at a turn's end). */
        void graceChanged();
    }

    private final AdmissionGate gate;
    private final Clock clock;
    private final Actions actions;
    private final ScheduledExecutorService timer =
            Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("drain-timer"));
    private Optional<RuntimeStatus.Grace> lastGrace = Optional.empty();
    private ScheduledFuture<?> wake;

    DrainTimekeeper(AdmissionGate gate, Clock clock, Actions actions) {
        this.gate = gate;
        this.clock = clock;
        this.actions = actions;
    }

    /** Acts on what is due now and sets the next wake-up. Never throws; does no I/O. */
    synchronized void check() {
        try {
            AdmissionGate.Snapshot now = gate.snapshot();
            if (now.state() != GatewayState.DRAINING || now.drain().isEmpty()) {
                lastGrace = Optional.empty();
                return;
            }
            RuntimeStatus.Drain drain = now.drain().get();
            Instant at = clock.instant();
            Optional<Instant> deadline = drain.policy().deadlineAt().filter(due -> drain.deadlinePassed().isEmpty());
            if (deadline.isPresent() && !at.isBefore(deadline.get())) {
                actions.deadlineReached(drain, at);
                lastGrace = Optional.empty();
                return;
            }
            if (!drain.grace().equals(lastGrace)) {
                lastGrace = drain.grace();
                actions.graceChanged();
            }
            Optional<Instant> next = drain.grace().map(grace -> grace.endsAt().plusMillis(1));
            if (deadline.isPresent() && (next.isEmpty() || deadline.get().isBefore(next.get()))) {
                next = deadline;
            }
            next.ifPresent(due -> wakeAt(due, at));
        } catch (RuntimeException e) {
            LOG.error("Checking the drain's deadline and grace failed; checking again on the next change or tick", e);
        }
    }

    /** Stops the wake-ups; a check under way finishes. */
    void stop() {
        timer.shutdownNow();
    }

    private void wakeAt(Instant due, Instant now) {
        if (wake != null) {
            wake.cancel(false);
        }
        long delay = Math.max(0, Duration.between(now, due).toMillis());
        try {
            wake = timer.schedule(this::check, delay, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException stopped) {
            wake = null;
        }
    }
}
