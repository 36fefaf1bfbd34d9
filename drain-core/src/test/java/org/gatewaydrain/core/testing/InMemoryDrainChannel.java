package org.gatewaydrain.core.testing;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import org.gatewaydrain.core.DrainControlException;
import org.gatewaydrain.core.DrainRequest;
import org.gatewaydrain.core.DrainSignal;
import org.gatewaydrain.core.spi.ChannelListener;
import org.gatewaydrain.core.spi.DrainControlChannel;
import org.gatewaydrain.core.spi.Subscription;

/**
 * A control channel held in memory, for tests of whatever sits above the SPI. Besides the
 * SPI it can pretend to be unreachable ({@link #unreachable(boolean)}), hold an arbitrary
 * signal ({@link #hold(DrainSignal)}) and fail writes ({@link #failWrites(boolean)}).
 * Thread-safe; listeners are told synchronously on the given executor.
 */
public final class InMemoryDrainChannel implements DrainControlChannel {

    private final List<Registration> listeners = new CopyOnWriteArrayList<>();
    private final AtomicInteger reads = new AtomicInteger();
    private volatile DrainSignal signal = DrainSignal.ABSENT;
    private volatile boolean unreachable;
    private volatile boolean failWrites;

    @Override
    public synchronized void request(DrainRequest request) {
        Objects.requireNonNull(request, "request");
        if (failWrites) {
            throw new DrainControlException("In-memory channel refuses writes (test)");
        }
        signal = new DrainSignal.Present(request);
        fire();
    }

    @Override
    public synchronized boolean cancel() {
        if (failWrites) {
            throw new DrainControlException("In-memory channel refuses writes (test)");
        }
        boolean wasThere = !(signal instanceof DrainSignal.Absent);
        signal = DrainSignal.ABSENT;
        if (wasThere) {
            fire();
        }
        return wasThere;
    }

    @Override
    public DrainSignal read() {
        reads.incrementAndGet();
        return unreachable ? new DrainSignal.Unknown("in-memory channel set unreachable") : signal;
    }

    @Override
    public Subscription subscribe(ChannelListener listener, Executor executor) {
        Registration registration = new Registration(listener, executor);
        listeners.add(registration);
        return () -> listeners.remove(registration);
    }

    @Override
    public void close() {
        listeners.clear();
    }

    /** Makes reads answer {@link DrainSignal.Unknown} (or stop doing so), and tells listeners. */
    public void unreachable(boolean value) {
        unreachable = value;
        fire();
    }

    /** Puts any signal in the channel, e.g. contentless or stale, and tells listeners. */
    public synchronized void hold(DrainSignal value) {
        signal = Objects.requireNonNull(value, "signal");
        fire();
    }

    /** Makes request and cancel throw {@link DrainControlException}. */
    public void failWrites(boolean value) {
        failWrites = value;
    }

    /** @return how many times the channel was read */
    public int reads() {
        return reads.get();
    }

    private void fire() {
        for (Registration registration : listeners) {
            registration.executor().execute(() -> {
                try {
                    registration.listener().channelChanged();
                } catch (RuntimeException e) {
                    // A listener failure must not reach the writer, as with real transports.
                }
            });
        }
    }

    private record Registration(ChannelListener listener, Executor executor) {
    }
}
