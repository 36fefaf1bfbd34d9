package org.gatewaydrain.transport.memory;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import org.gatewaydrain.core.DrainControlException;
import org.gatewaydrain.core.DrainRequest;
import org.gatewaydrain.core.DrainSignal;
import org.gatewaydrain.core.spi.ChangeFanout;
import org.gatewaydrain.core.spi.ChannelListener;
import org.gatewaydrain.core.spi.DrainControlChannel;
import org.gatewaydrain.core.spi.StaleRequestLog;
import org.gatewaydrain.core.spi.Staleness;
import org.gatewaydrain.core.spi.Subscription;

/**
 * A control channel held in memory, for tests of whatever sits above the SPI. Besides the SPI
 * it can pretend to be unreachable ({@link #unreachable(boolean)}), hold an arbitrary signal
 * ({@link #hold(DrainSignal)}) and fail writes ({@link #failWrites(boolean)}); {@link #handle}
 * opens another handle on the same state, as a second process would. Listeners are told on
 * the executor they gave, synchronously with the write. Thread-safe.
 */
public final class InMemoryDrainChannel implements DrainControlChannel {

    private final Space space;
    private final Staleness staleness;
    private final StaleRequestLog staleLog = new StaleRequestLog("the in-memory channel");
    private final ChangeFanout<ChannelListener> fanout = new ChangeFanout<>();
    private volatile boolean closed;

    /** A channel whose requests never go stale by age. */
    public InMemoryDrainChannel() {
        this(Staleness.of(Duration.ZERO, Clock.systemUTC()));
    }

    /** @param staleness the rules a read applies to the request it holds */
    public InMemoryDrainChannel(Staleness staleness) {
        this(new Space(), staleness);
    }

    private InMemoryDrainChannel(Space space, Staleness staleness) {
        this.space = space;
        this.staleness = Objects.requireNonNull(staleness, "staleness");
        space.handles.add(this);
    }

    /** @return another handle on this channel's state, reading with {@code rules} */
    public InMemoryDrainChannel handle(Staleness rules) {
        return new InMemoryDrainChannel(space, rules);
    }

    @Override
    public void request(DrainRequest request) {
        Objects.requireNonNull(request, "request");
        space.write(this, request);
    }

    @Override
    public boolean cancel() {
        return space.write(this, null);
    }

    @Override
    public DrainSignal read() {
        space.reads.incrementAndGet();
        if (space.unreachable) {
            return new DrainSignal.Unknown("the in-memory channel is set unreachable");
        }
        Object content = space.content;
        if (content instanceof DrainSignal held) {
            return held;
        }
        return content instanceof DrainRequest request ? staleLog.note(staleness.judge(request, true)) : DrainSignal.ABSENT;
    }

    @Override
    public Subscription subscribe(ChannelListener listener, Executor executor) {
        return fanout.add(Objects.requireNonNull(listener, "listener"), Objects.requireNonNull(executor, "executor"));
    }

    @Override
    public void close() {
        closed = true;
        fanout.clear();
        space.handles.remove(this);
    }

    /** Makes reads answer {@link DrainSignal.Unknown} and writes fail (or stops doing so), and tells listeners. */
    public void unreachable(boolean value) {
        space.unreachable = value;
        space.fire();
    }

    /** Puts any signal in the channel, e.g. unreadable or stale, and tells listeners. */
    public void hold(DrainSignal value) {
        synchronized (space) {
            space.content = Objects.requireNonNull(value, "signal");
        }
        space.fire();
    }

    /** Makes request and cancel throw {@link DrainControlException}. */
    public void failWrites(boolean value) {
        space.failWrites = value;
    }

    /** @return how many times any handle read the channel */
    public int reads() {
        return space.reads.get();
    }

    @Override
    public String toString() {
        return "in-memory channel";
    }

    /** The state every handle shares. */
    private static final class Space {
        final List<InMemoryDrainChannel> handles = new CopyOnWriteArrayList<>();
        final AtomicInteger reads = new AtomicInteger();
        volatile Object content;
        volatile boolean unreachable;
        volatile boolean failWrites;

        /** Writes a request, or removes what is there ({@code null}); @return whether something was there */
        boolean write(InMemoryDrainChannel by, DrainRequest request) {
            if (by.closed) {
                throw new DrainControlException("This in-memory channel handle is closed.");
            }
            if (failWrites || unreachable) {
                throw new DrainControlException("The in-memory channel refuses writes (set by the test).");
            }
            boolean wasThere;
            synchronized (this) {
                wasThere = content != null;
                content = request;
            }
            if (request != null || wasThere) {
                fire();
            }
            return wasThere;
        }

        void fire() {
            for (InMemoryDrainChannel handle : handles) {
                handle.fanout.fire(ChannelListener::channelChanged);
            }
        }
    }
}
