package org.gatewaydrain.runtime;

import com.google.common.annotations.VisibleForTesting;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import org.gatewaydrain.core.ChannelHealth;
import org.gatewaydrain.core.DrainSignal;
import org.gatewaydrain.core.GatewayState;
import org.gatewaydrain.core.GatewayUrl;
import org.gatewaydrain.core.InstanceId;
import org.gatewaydrain.core.LocalHost;
import org.gatewaydrain.core.OnDeadline;
import org.gatewaydrain.core.RuntimeStatus;
import org.gatewaydrain.core.spi.DaemonThreads;
import org.gatewaydrain.core.spi.DrainControlChannel;
import org.gatewaydrain.core.spi.DrainTransport;
import org.gatewaydrain.core.spi.RuntimeStatusStore;
import org.gatewaydrain.core.spi.Subscription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway: admits turns through the drain gate, follows its control channel, publishes
 * its status and shuts down cleanly. Build one with {@link #builder()} (or get it from an
 * injector with {@link GatewayRuntimeModule}), then {@link #start()} it:
 *
 * <pre>{@code
 * Gateway gateway = Gateway.builder()
 *         .transport(transport)               // or .channel(...).statusStore(...)
 *         .turnHandler(event -> agent.reply(event))
 *         .build();
 * gateway.start();
 * }</pre>
 *
 * <p>{@link #handle} is the hot path: it does no I/O and takes no lock held across I/O;
 * status writes and listener calls happen on the gateway's own threads. The gateway does not
 * close the channel or store it was given. Thread-safe.
 */
public final class Gateway {

    private static final Logger LOG = LoggerFactory.getLogger(Gateway.class);
    private static final Duration HOUSEKEEPING_TIMEOUT = Duration.ofSeconds(5);
    /** How long a notifier call may take unless the builder says otherwise. */
    public static final long DEFAULT_NOTICE_TIMEOUT_SECONDS = 5;
    private static final Duration DEFAULT_NOTICE_TIMEOUT = Duration.ofSeconds(DEFAULT_NOTICE_TIMEOUT_SECONDS);

    private final AdmissionGate gate;
    private final TurnRegistry turns;
    private final DrainWatcher watcher;
    private final StatusPublisher publisher;
    private final GatewayEvents events;
    private final TurnHandler handler;
    private final RuntimeSettings settings;
    private final Clock clock;
    private final QuiesceTracker quiesce;
    private final DrainTimekeeper timekeeper;
    private final Notices notices;
    private final Duration noticeTimeout;
    private final CompletableFuture<Void> startDone = new CompletableFuture<>();
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean shutdownBegun = new AtomicBoolean();
    private final CompletableFuture<Void> stopped = new CompletableFuture<>();

    private Gateway(Builder builder) {
        this.settings = builder.settings;
        this.clock = builder.clock;
        this.handler = builder.handler;
        this.turns = new TurnRegistry();
        this.events = new GatewayEvents(turns);
        this.gate = new AdmissionGate(turns, events,
                new Conversations(clock, settings.graceSessions(), settings.graceMax()));
        this.watcher = new DrainWatcher(builder.channel,
                Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("drain-watcher")),
                settings.reconcileInterval());
        this.publisher = new StatusPublisher(builder.statusStore, gate, ProcessIdentity.current(builder.instanceId),
                clock, settings.statusHeartbeat(), new StatusPublisher.Blocking(turns, new TurnDurations(), settings.turnsShown(),
                        events::turnsEnded));
        this.quiesce = new QuiesceTracker(gate, turns, events, clock);
        this.notices = new Notices(builder.notifier, builder.noticeTimeout);
        this.noticeTimeout = builder.notifier == Notifier.NONE ? Duration.ZERO : builder.noticeTimeout;
        this.timekeeper = new DrainTimekeeper(gate, clock, new DrainTimekeeper.Actions() {
            @Override
            public void deadlineReached(RuntimeStatus.Drain drain, Instant at) {
                Gateway.this.deadlineReached(drain, at);
            }

            @Override
            public void graceChanged() {
                events.drainChanged();
                publisher.requestPublish();
                quiesce.stateChanged();
            }
        });
    }

    /** @return a builder; a channel, a status store and a turn handler are required */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Starts the watcher and waits for its first read of the control channel, then reports
     * {@code RUNNING} — or {@code DRAINING} if a request is there, so a request that survived
     * a restart leaves no window in which a turn is admitted — and publishes that first status.
     * Blocks for one channel read and one status write, even when interrupted (the flag is kept).
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
        publisher.start();
        // The first status is in the store when start() returns, not a settle window later: a
        // reader (the CLI, a control plane, a peer) that looks once the gateway is up finds it.
        publisher.flush(HOUSEKEEPING_TIMEOUT);
        LOG.info("Gateway started {}", gate.snapshot().state().wireName());
        startDone.complete(null);
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
        if (entry instanceof Turn turn) {
            return begin(turn);
        }
        if (entry instanceof AdmissionGate.Entry.Closed closed) {
            Admission.Refused refusal = Admission.Refused.in(closed.state());
            events.turnRefused(event, refusal);
            return refusal;
        }
        return Admission.Busy.of(event.session());
    }

    /**
     * Reads the control channel now and applies what it holds, on the watcher's thread. The
     * gateway does this by itself on every pushed change and tick; call it after writing a
     * request in-process when the change must be applied before you go on. Blocks for one
     * read; a no-op once shut down.
     */
    public void reconcile() {
        watcher.reconcileNow();
    }

    /**
     * @return completes once the gateway has stopped, whoever stopped it (a caller of
     *     {@link #shutdown}, or a drain's deadline with {@code on_deadline: stop}); on the thread that stopped it
     */
    public CompletionStage<Void> whenStopped() {
        return stopped.minimalCompletionStage();
    }

    /**
     * @return a future that completes {@code true} once draining with nothing in flight and no
     *     conversation in grace, or {@code false} if the gateway stops first
     */
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
            // Only the drain being honoured can ask for quiet; a stale, unreadable or absent request silences nothing.
            AdmissionGate.Snapshot before = gate.snapshot();
            boolean quiet = before.state() == GatewayState.DRAINING
                    && before.drain().map(RuntimeStatus.Drain::suppressNotification).orElse(false);
            gate.beginShutdown(reason).ifPresent(this::afterTransition);
            int inFlight = turns.active();
            LOG.info("Shutting down ({}): {} turn(s) in flight get up to {} ms", reason, inFlight, timeout.toMillis());
            broadcastStopping(inFlight, reason, quiet);
            watcher.stop(HOUSEKEEPING_TIMEOUT);
            timekeeper.stop();
            // The notices' time comes out of the drain timeout, so the notifier never makes shutdown longer.
            Duration noticeBudget = noticeTimeout.compareTo(timeout.dividedBy(2)) < 0 ? noticeTimeout : timeout.dividedBy(2);
            if (!quiesce.awaitIdle(timeout.minus(noticeBudget))) {
                interruptRunningTurns(Notice.Cause.SHUTDOWN);
            }
            notices.close(noticeBudget);
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

    /**
     * Says where the gateway's HTTP API is served, in its status from now on ({@code url}), so
     * requesters that reach it through the transport (a maintenance command's {@code
     * GATEWAY_URL}) learn the real address. Publishes it before returning (blocks for one write).
     *
     * @throws IllegalArgumentException if {@code url} is not of {@link GatewayUrl}'s shape
     */
    public void advertise(URI url) {
        if (!GatewayUrl.isValid(url)) {
            throw new IllegalArgumentException("not a gateway URL (http or https, host and port only): " + url);
        }
        publisher.advertise(url);
        publisher.requestPublish();
        publisher.flush(HOUSEKEEPING_TIMEOUT);
    }

    /** @return the status as it stands now; no I/O */
    public RuntimeStatus status() {
        return publisher.current();
    }

    /** @return the handle that removes the listener */
    public Subscription addListener(GatewayListener listener) {
        return events.add(Objects.requireNonNull(listener, "listener"));
    }

    /**
     * Enters drain: from now on no new external turn starts; in-flight turns run on. The
     * watcher calls it when the channel holds a request; the channel owns the decision, so it
     * is not public. Idempotent.
     *
     * @return whether the state changed (false when already draining or shutting down)
     */
    boolean enterDrain(RuntimeStatus.Drain drain) {
        return gate.enterDrain(drain).map(this::afterTransition).isPresent();
    }

    /**
     * Leaves drain and admits turns again; the watcher calls it when the request is gone.
     * Idempotent; never leaves {@code STOPPING} or {@code STOPPED}.
     *
     * @return whether the state changed
     */
    boolean exitDrain() {
        return gate.exitDrain().map(this::afterTransition).isPresent();
    }

    /** Checks the drain's deadline and grace against the clock now, as a reconcile does. */
    @VisibleForTesting
    void checkTime() {
        timekeeper.check();
    }

    @VisibleForTesting
    void flushStatus() {
        publisher.flush(HOUSEKEEPING_TIMEOUT);
    }

    @VisibleForTesting
    void flushEvents() {
        events.flush(HOUSEKEEPING_TIMEOUT);
    }

    @VisibleForTesting
    long watcherFailures() {
        return watcher.failures();
    }

    @VisibleForTesting
    long listenerFailures() {
        return events.failures();
    }

    @VisibleForTesting
    QuiesceTracker quiesceTracker() {
        return quiesce;
    }

    private void apply(DrainSignal signal) {
        if (signal instanceof DrainSignal.Unknown unknown) {
            if (gate.channelHealth(ChannelHealth.DEGRADED)) {
                LOG.warn("The drain channel cannot be read ({}); holding {}", unknown.cause(), gate.snapshot().state().wireName());
                events.channelHealthChanged(ChannelHealth.DEGRADED);
                publisher.requestPublish();
            }
            return;
        }
        if (gate.channelHealth(ChannelHealth.OK)) {
            LOG.info("The drain channel answers again");
            events.channelHealthChanged(ChannelHealth.OK);
            publisher.requestPublish();
        }
        boolean ignoredChanged = gate.ignored(signal instanceof DrainSignal.Stale stale
                ? Optional.of(RuntimeStatus.IgnoredDrain.of(stale)) : Optional.empty());
        boolean refreshed = false;
        if (signal.decision() == DrainSignal.Decision.DRAIN) {
            RuntimeStatus.Drain shown = drainShown(signal);
            refreshed = !enterDrain(shown) && gate.refreshDrain(shown);
        } else {
            exitDrain();
        }
        if (ignoredChanged || refreshed) {
            events.drainChanged();
            publisher.requestPublish();
        }
        timekeeper.check();
    }

    /**
     * The drain's deadline passed: interrupt what is still in flight and stay draining, or stop
     * as on SIGTERM. Runs on the watcher's or the timer's thread; a stop runs on a thread of its
     * own once start-up is done (shutting down stops those threads).
     */
    private void deadlineReached(RuntimeStatus.Drain drain, Instant at) {
        OnDeadline action = drain.policy().onDeadline();
        if (action == OnDeadline.INTERRUPT) {
            Collection<Turn> running = turns.running();
            interrupt(running, Notice.Cause.DEADLINE);
            RuntimeStatus.DeadlinePassed passed = new RuntimeStatus.DeadlinePassed(at, action, running.size());
            gate.deadlinePassed(passed);
            LOG.warn("The drain's deadline {} passed: interrupted {} turn(s) still in flight; staying drained",
                    drain.policy().deadlineAt().orElse(at), running.size());
            events.deadlinePassed(passed);
            events.drainChanged();
            publisher.requestPublish();
            quiesce.stateChanged();
            return;
        }
        RuntimeStatus.DeadlinePassed passed = new RuntimeStatus.DeadlinePassed(at, action, 0);
        gate.deadlinePassed(passed);
        LOG.warn("The drain's deadline {} passed with {} turn(s) in flight: stopping the gateway",
                drain.policy().deadlineAt().orElse(at), turns.active());
        events.deadlinePassed(passed);
        publisher.requestPublish();
        startDone.thenRun(() -> DaemonThreads.start("gateway-deadline-stop",
                () -> shutdown(settings.drainTimeout(), "drain deadline passed")));
    }

    /** The drain to show for a request signal; an unreadable one already shown keeps its first-seen time. */
    private RuntimeStatus.Drain drainShown(DrainSignal signal) {
        Optional<RuntimeStatus.Drain> current = gate.snapshot().drain();
        if (signal instanceof DrainSignal.Present present) {
            return RuntimeStatus.Drain.of(present, clock.instant());
        }
        RuntimeStatus.Drain unreadable = RuntimeStatus.Drain.unreadable(((DrainSignal.Unreadable) signal).why(), clock.instant());
        return current.filter(shown -> shown.principal().equals(unreadable.principal())
                && shown.reason().equals(unreadable.reason())).orElse(unreadable);
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
        quiesce.countChanged();
    }

    private AdmissionGate.Transition afterTransition(AdmissionGate.Transition transition) {
        if (transition.to() == GatewayState.DRAINING) {
            quiesce.drainEntered();
            LOG.info("Draining: new turns are refused, {} in flight finish undisturbed", turns.active());
        } else if (transition.from() == GatewayState.DRAINING && transition.to() == GatewayState.RUNNING) {
            LOG.info("Drain cancelled: admitting new turns again");
        }
        publisher.requestPublish();
        quiesce.stateChanged();
        return transition;
    }

    /** Once, as the gateway begins to stop with turns in flight; not when the drain being honoured asked for quiet. */
    private void broadcastStopping(int inFlight, String reason, boolean quiet) {
        if (inFlight == 0) {
            return;
        }
        if (quiet) {
            LOG.info("Not broadcasting the stop: the drain request asks for suppress_notification");
            return;
        }
        notices.send(new Notice.Broadcast(inFlight, reason, clock.instant()));
    }

    /** Tells each session whose external turn is about to be interrupted, then interrupts every turn; returns how many. */
    private int interrupt(Collection<Turn> running, Notice.Cause cause) {
        Instant now = clock.instant();
        for (Turn turn : running) {
            if (!turn.event().internal()) {
                notices.send(new Notice.Session(turn.session(), cause, now));
            }
        }
        running.forEach(Turn::interrupt);
        return running.size();
    }

    private void interruptRunningTurns(Notice.Cause cause) {
        Collection<Turn> running = turns.running();
        LOG.warn("{} turn(s) still running after the drain timeout; interrupting them", running.size());
        interrupt(running, cause);
        if (!quiesce.awaitIdle(HOUSEKEEPING_TIMEOUT)) {
            LOG.warn("{} turn(s) did not end after being interrupted", turns.active());
        }
    }

    /** Collects a gateway's parts; not thread-safe. */
    public static final class Builder {
        private DrainControlChannel channel;
        private RuntimeStatusStore statusStore;
        private TurnHandler handler;
        private RuntimeSettings settings = RuntimeSettings.DEFAULTS;
        private String instanceId = InstanceId.fromHost(LocalHost.name());
        private Clock clock = Clock.systemUTC();
        private Notifier notifier = Notifier.NONE;
        private Duration noticeTimeout = DEFAULT_NOTICE_TIMEOUT;

        private Builder() {
        }

        /**
         * @param value who tells users of interrupted turns and of the gateway stopping ({@link Notifier#NONE} unless set)
         * @param timeout the longest one call may take before the gateway gives up on it; taken out of
         *     {@code shutdown.drain_timeout} at shutdown (at most half of it), never added to it
         */
        public Builder notifier(Notifier value, Duration timeout) {
            this.notifier = Objects.requireNonNull(value, "notifier");
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("a notifier timeout must be positive, was " + timeout);
            }
            this.noticeTimeout = timeout;
            return this;
        }

        /** @param value who tells users, each call bounded by {@value #DEFAULT_NOTICE_TIMEOUT_SECONDS} s */
        public Builder notifier(Notifier value) {
            return notifier(value, DEFAULT_NOTICE_TIMEOUT);
        }

        /** @param value the opened transport: its channel and status store */
        public Builder transport(DrainTransport value) {
            return channel(value.channel()).statusStore(value.statusStore());
        }

        /** @param value where drain requests are read */
        public Builder channel(DrainControlChannel value) {
            this.channel = Objects.requireNonNull(value, "channel");
            return this;
        }

        /** @param value where the status is published */
        public Builder statusStore(RuntimeStatusStore value) {
            this.statusStore = Objects.requireNonNull(value, "statusStore");
            return this;
        }

        /** @param value the agent that works on each turn */
        public Builder turnHandler(TurnHandler value) {
            this.handler = Objects.requireNonNull(value, "turnHandler");
            return this;
        }

        /** @param value the runtime's tunables ({@link RuntimeSettings#DEFAULTS} unless set) */
        public Builder settings(RuntimeSettings value) {
            this.settings = Objects.requireNonNull(value, "settings");
            return this;
        }

        /** @param value the gateway's name among its peers, shown in its status (the host name unless set) */
        public Builder instanceId(String value) {
            this.instanceId = InstanceId.require(value);
            return this;
        }

        /** @param value the time source for statuses and drain timing */
        public Builder clock(Clock value) {
            this.clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        /**
         * @return the gateway, not yet started
         * @throws NullPointerException naming a missing channel, status store or turn handler
         */
        public Gateway build() {
            Objects.requireNonNull(channel, "a channel (or transport) is required");
            Objects.requireNonNull(statusStore, "a status store (or transport) is required");
            Objects.requireNonNull(handler, "a turn handler is required");
            return new Gateway(this);
        }

        /** @return the gateway, started: it has read its channel and is running or draining */
        public Gateway start() {
            Gateway gateway = build();
            gateway.start();
            return gateway;
        }
    }
}
