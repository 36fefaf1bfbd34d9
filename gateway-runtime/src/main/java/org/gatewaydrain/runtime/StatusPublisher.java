package org.gatewaydrain.runtime;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.gatewaydrain.core.QuiesceEstimate;
import org.gatewaydrain.core.RuntimeStatus;
import org.gatewaydrain.core.spi.DaemonThreads;
import org.gatewaydrain.core.spi.RuntimeStatusStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes the gateway's status off the caller's thread, coalesced: a request starts a short
 * settle window ({@value #SETTLE_MILLIS} ms), any number of requests in it become one write of
 * the status as it is when the write starts, so the last write always reflects the last change.
 * The window keeps the write (a temporary file, fsyncs and a rename on the file transport) out
 * of the way while a state change is being announced to listeners and event streams, and turns
 * a burst of turn starts and ends into one write instead of one per turn. Republishes at least every heartbeat so
 * readers elsewhere can tell the gateway is alive. A failed write is logged and counted; the
 * next change or heartbeat tries again. Thread-safe.
 */
final class StatusPublisher {

    private static final Logger LOG = LoggerFactory.getLogger(StatusPublisher.class);
    /** How long a requested publish waits for more changes before it writes. */
    static final long SETTLE_MILLIS = 10;

    private final RuntimeStatusStore store;
    private final AdmissionGate gate;
    private final ProcessIdentity identity;
    private final Clock clock;
    private final Duration heartbeat;
    private final ScheduledExecutorService thread =
            Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("gateway-status"));
    private final AtomicBoolean pending = new AtomicBoolean();
    private final AtomicLong failures = new AtomicLong();
    private volatile Optional<URI> url = Optional.empty();

    private final Blocking blocking;

    StatusPublisher(RuntimeStatusStore store, AdmissionGate gate, ProcessIdentity identity, Clock clock, Duration heartbeat,
            Blocking blocking) {
        this.blocking = blocking;
        this.store = store;
        this.gate = gate;
        this.identity = identity;
        this.clock = clock;
        this.heartbeat = heartbeat;
    }

    /** @return the status as it would be published now; no I/O */
    RuntimeStatus current() {
        AdmissionGate.Snapshot now = gate.snapshot();
        Blocking.Seen seen = blocking.at(clock);
        return new RuntimeStatus(identity.pid(), RuntimeStatus.KIND_GATEWAY, identity.instanceId(), identity.host(),
                identity.startTime(), now.state(), now.activeTurns(), now.drain(), now.ignored(), now.channelHealth(),
                now.exitReason(), seen.at(), url, seen.blockers());
    }

    /**
     * What the status says of the turns in flight: the oldest {@code shown} of them, when the
     * oldest began and, from the recent durations, when none should be left. Durations are
     * learnt here too, not where turns end (which stays as cheap as before): a turn one status
     * saw and the next does not has ended, and took about the time between its first sighting
     * and now (every turn end asks for a status within its 10 ms settle window). A turn no
     * status saw, shorter than that, is not counted. Thread-safe; holds only the turns in flight.
     */
    static final class Blocking {

        private final TurnRegistry turns;
        private final TurnDurations durations;
        private final int shown;
        private final Consumer<List<Duration>> learnt;
        private Map<Turn, Instant> seen = new IdentityHashMap<>();

        /** @param learnt told the durations each status learns (none: not called), on the status's thread; must not block */
        Blocking(TurnRegistry turns, TurnDurations durations, int shown, Consumer<List<Duration>> learnt) {
            this.turns = turns;
            this.durations = durations;
            this.shown = shown;
            this.learnt = learnt;
        }

        /** What one status saw: when, and the blockers then. */
        record Seen(Instant at, RuntimeStatus.Blockers blockers) {
        }

        /**
         * Reads the turns in flight, then the clock: a turn is never stamped with a time from
         * before it was admitted (reading the clock first, a turn admitted in between would be).
         */
        synchronized Seen at(Clock clock) {
            List<Turn> running = new ArrayList<>(turns.running());
            Instant now = clock.instant();
            return new Seen(now, blockers(running, now));
        }

        private RuntimeStatus.Blockers blockers(List<Turn> running, Instant now) {
            Map<Turn, Instant> stillRunning = new IdentityHashMap<>(running.size() * 2);
            for (Turn turn : running) {
                stillRunning.put(turn, turn.startedAt(now));
            }
            List<Duration> ended = new ArrayList<>();
            seen.forEach((turn, startedAt) -> {
                if (!stillRunning.containsKey(turn)) {
                    Duration took = Duration.between(startedAt, now);
                    durations.record(took);
                    ended.add(took);
                }
            });
            seen = stillRunning;
            if (!ended.isEmpty()) {
                learnt.accept(ended);
            }
            if (running.isEmpty()) {
                return RuntimeStatus.Blockers.NONE;
            }
            running.sort(Comparator.comparing((Turn turn) -> turn.startedAt(now)).thenComparingLong(Turn::id));
            List<RuntimeStatus.TurnInFlight> oldest = running.stream().limit(shown).map(turn -> turn.shown(now)).toList();
            return new RuntimeStatus.Blockers(oldest, Optional.of(running.get(0).startedAt(now)),
                    QuiesceEstimate.ofSorted(now, running.stream().map(turn -> turn.startedAt(now)).toList(),
                            durations.sortedNanos()));
        }
    }

    /** From now on the status says the gateway's API is served at {@code where}. */
    void advertise(URI where) {
        url = Optional.of(where);
    }

    /** Starts the heartbeat. */
    void start() {
        thread.scheduleAtFixedRate(this::requestPublish, heartbeat.toMillis(), heartbeat.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Asks for a publish within the settle window; returns at once. */
    void requestPublish() {
        if (pending.compareAndSet(false, true)) {
            try {
                thread.schedule(this::publishPending, SETTLE_MILLIS, TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException afterStop) {
                pending.set(false);
            }
        }
    }

    /** Writes any requested publish now, without waiting out its window. Blocks up to {@code timeout}. */
    void flush(Duration timeout) {
        try {
            Future<?> marker = thread.submit(this::publishPending);
            marker.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException stopped) {
            // Nothing left to flush.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.warn("Status publishing did not finish within {}", timeout, e);
        }
    }

    /** Stops the publisher and writes the final status on the calling thread. Blocks for the write. */
    void stopWithFinal(Duration timeout) {
        flush(timeout);
        thread.shutdownNow();
        pending.set(true);
        write();
    }

    /** @return how many writes failed */
    long failures() {
        return failures.get();
    }

    /** Writes if a publish is pending; the window's own task finds nothing left after a flush. */
    private void publishPending() {
        if (pending.getAndSet(false)) {
            write();
        }
    }

    private void write() {
        gate.stampTurnEnds();
        try {
            store.publish(current());
        } catch (RuntimeException e) {
            failures.incrementAndGet();
            LOG.warn("Cannot publish the gateway status: {}", e.getMessage(), e);
        }
    }
}
