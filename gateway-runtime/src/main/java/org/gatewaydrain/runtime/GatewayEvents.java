package org.gatewaydrain.runtime;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.gatewaydrain.core.ChannelHealth;
import org.gatewaydrain.core.GatewayState;
import org.gatewaydrain.core.RuntimeStatus;
import org.gatewaydrain.core.spi.ChangeFanout;
import org.gatewaydrain.core.spi.DaemonThreads;
import org.gatewaydrain.core.spi.Subscription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands gateway news to {@link GatewayListener}s on one event thread, in order. Count changes
 * are coalesced: a burst becomes one call carrying the count at delivery time, so the last
 * call always tells the truth. Enqueueing never blocks and does no I/O; a listener that
 * throws is logged and counted. Thread-safe.
 */
final class GatewayEvents {

    private static final Logger LOG = LoggerFactory.getLogger(GatewayEvents.class);

    private final ChangeFanout<GatewayListener> listeners = new ChangeFanout<>();
    private final ExecutorService thread = Executors.newSingleThreadExecutor(DaemonThreads.named("gateway-events"));
    private final AtomicBoolean countPending = new AtomicBoolean();
    private final TurnRegistry turns;

    GatewayEvents(TurnRegistry turns) {
        this.turns = turns;
    }

    /** Listeners are called on the event thread itself. */
    Subscription add(GatewayListener listener) {
        return listeners.add(listener, Runnable::run);
    }

    void stateChanged(GatewayState from, GatewayState to) {
        deliver(listener -> listener.stateChanged(from, to));
    }

    void activeTurnsChanged() {
        if (countPending.compareAndSet(false, true)) {
            submit(() -> {
                countPending.set(false);
                int count = turns.active();
                listeners.fire(listener -> listener.activeTurnsChanged(count));
            });
        }
    }

    void channelHealthChanged(ChannelHealth health) {
        deliver(listener -> listener.channelHealthChanged(health));
    }

    void drainBegan(RuntimeStatus.Drain drain) {
        deliver(listener -> listener.drainBegan(drain));
    }

    void turnsEnded(List<Duration> durations) {
        List<Duration> copy = List.copyOf(durations);
        deliver(listener -> listener.turnsEnded(copy));
    }

    void deadlinePassed(RuntimeStatus.DeadlinePassed passed) {
        deliver(listener -> listener.deadlinePassed(passed));
    }

    void drainChanged() {
        deliver(GatewayListener::drainChanged);
    }

    void turnRefused(MessageEvent event, Admission.Refused refusal) {
        deliver(listener -> listener.turnRefused(event, refusal));
    }

    void quiesced(Duration sinceDrainStarted) {
        deliver(listener -> listener.quiesced(sinceDrainStarted));
    }

    /** @return how many listener calls have thrown */
    long failures() {
        return listeners.failures();
    }

    /** Waits until everything queued so far has been delivered. Blocks up to {@code timeout}. */
    void flush(Duration timeout) {
        try {
            thread.submit(() -> { }).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException closed) {
            // Nothing left to deliver.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            LOG.warn("Gateway listeners did not catch up within {}", timeout, e);
        }
    }

    /** Delivers what is queued, then stops; later news is dropped. Blocks up to {@code timeout}. */
    void close(Duration timeout) {
        thread.shutdown();
        try {
            if (!thread.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("Gateway listeners did not finish within {}", timeout);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void deliver(Consumer<GatewayListener> call) {
        submit(() -> listeners.fire(call));
    }

    private void submit(Runnable task) {
        try {
            thread.execute(task);
        } catch (RejectedExecutionException afterClose) {
            LOG.debug("Gateway event dropped after shutdown");
        }
    }
}
