package org.gatewaydrain.transport.memory;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import org.gatewaydrain.core.DrainControlException;
import org.gatewaydrain.core.DrainRequest;
import org.gatewaydrain.core.DrainSignal;
import org.gatewaydrain.core.DrainTarget;
import org.gatewaydrain.core.InstanceId;
import org.gatewaydrain.core.spi.ChangeFanout;
import org.gatewaydrain.core.spi.ChannelListener;
import org.gatewaydrain.core.spi.DrainControlChannel;
import org.gatewaydrain.core.spi.FleetRequests;
import org.gatewaydrain.core.spi.StaleRequestLog;
import org.gatewaydrain.core.spi.Staleness;
import org.gatewaydrain.core.spi.Subscription;

/**
 * A control channel held in memory, for tests of whatever sits above the SPI and for the
 * {@code memory} transport. It keeps a fleet's requests as the ZooKeeper transport does: one
 * for the whole fleet and one per instance; each handle is one instance and drains when either
 * its own request or the fleet's is there ({@link FleetRequests#combine}). Besides the SPI it
 * can pretend to be unreachable ({@link #unreachable(boolean)}), hold an arbitrary signal
 * ({@link #hold(DrainSignal)}) and fail writes ({@link #failWrites(boolean)}); {@link #handle}
 * opens another handle on the same state, as a second process would. Listeners are told on the
 * executor they gave, synchronously with the write. Requests are typed values, never bytes, so
 * nothing here can hold a corrupt request. Thread-safe.
 */
public final class InMemoryDrainChannel implements DrainControlChannel {

    /** The instance a channel made with a constructor is. */
    public static final String DEFAULT_INSTANCE = "memory";

    private static final String FLEET_KEY = "fleet";

    private final Space space;
    private final String instanceId;
    private final Staleness staleness;
    private final StaleRequestLog staleLog;
    private final ChangeFanout<ChannelListener> fanout = new ChangeFanout<>();
    private volatile boolean closed;

    /**
     * A channel of its own whose requests never go stale by age. Expiry is judged by the
     * system clock: a test that writes {@code expires_at} hands a clock instead ({@link #InMemoryDrainChannel(Staleness)}).
     */
    public InMemoryDrainChannel() {
        this(Staleness.of(Duration.ZERO, Clock.systemUTC()));
    }

    /** @param staleness the rules a read applies to the requests it holds */
    public InMemoryDrainChannel(Staleness staleness) {
        this(new Space(), DEFAULT_INSTANCE, staleness);
    }

    private InMemoryDrainChannel(Space space, String instanceId, Staleness staleness) {
        this.space = space;
        this.instanceId = InstanceId.require(instanceId);
        this.staleness = Objects.requireNonNull(staleness, "staleness");
        this.staleLog = new StaleRequestLog("the in-memory channel (instance " + instanceId + ")");
        space.handles.add(this);
    }

    /** @return another handle on this channel's state, as the same instance, reading with {@code rules} */
    public InMemoryDrainChannel handle(Staleness rules) {
        return new InMemoryDrainChannel(space, instanceId, rules);
    }

    /** @return another handle on this channel's state, as instance {@code id}, reading with {@code rules} */
    public InMemoryDrainChannel handle(Staleness rules, String id) {
        return new InMemoryDrainChannel(space, id, rules);
    }

    /** @return the instance this handle is */
    public String instanceId() {
        return instanceId;
    }

    @Override
    public Set<String> scopes() {
        return Set.of(DrainTarget.Scopes.FLEET, DrainTarget.Scopes.INSTANCE);
    }

    @Override
    public void request(DrainRequest request) {
        request(request, DrainTarget.OWN);
    }

    @Override
    public void request(DrainRequest request, DrainTarget target) {
        Objects.requireNonNull(request, "request");
        space.write(this, key(target), request);
    }

    @Override
    public boolean cancel() {
        return cancel(DrainTarget.OWN);
    }

    @Override
    public boolean cancel(DrainTarget target) {
        return space.write(this, key(target), null);
    }

    @Override
    public DrainSignal read() {
        space.reads.incrementAndGet();
        if (space.unreachable) {
            return new DrainSignal.Unknown("the in-memory channel is set unreachable");
        }
        DrainSignal own = signal(key(DrainTarget.OWN), DrainTarget.Scopes.INSTANCE);
        DrainSignal fleet = signal(FLEET_KEY, DrainTarget.Scopes.FLEET);
        return staleLog.note(FleetRequests.combine(own, fleet));
    }

    private DrainSignal signal(String key, String scope) {
        Object content = space.content.get(key);
        if (content instanceof DrainSignal held) {
            return held;
        }
        if (!(content instanceof DrainRequest request)) {
            return DrainSignal.ABSENT;
        }
        DrainSignal judged = staleness.judge(request, true);
        return judged instanceof DrainSignal.Present present
                ? new DrainSignal.Present(present.request(), Optional.of(scope)) : judged;
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

    /** Puts any signal where this instance's own request lives, e.g. unreadable or stale, and tells listeners. */
    public void hold(DrainSignal value) {
        hold(DrainTarget.OWN, value);
    }

    /** Puts any signal where the request for {@code target} lives, and tells listeners. */
    public void hold(DrainTarget target, DrainSignal value) {
        space.content.put(key(target), Objects.requireNonNull(value, "signal"));
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

    private String key(DrainTarget target) {
        if (target instanceof DrainTarget.Fleet) {
            return FLEET_KEY;
        }
        return "instance/" + (target instanceof DrainTarget.Instance instance ? instance.id() : instanceId);
    }

    @Override
    public String toString() {
        return "in-memory channel (instance " + instanceId + ")";
    }

    /** The state every handle shares: the fleet's request and each instance's, by key. */
    private static final class Space {
        final List<InMemoryDrainChannel> handles = new CopyOnWriteArrayList<>();
        final Map<String, Object> content = new ConcurrentHashMap<>();
        final AtomicInteger reads = new AtomicInteger();
        volatile boolean unreachable;
        volatile boolean failWrites;

        /** Writes a request at {@code key}, or removes what is there ({@code null}); @return whether something was there */
        boolean write(InMemoryDrainChannel by, String key, DrainRequest request) {
            if (by.closed) {
                throw new DrainControlException("This in-memory channel handle is closed.");
            }
            if (failWrites || unreachable) {
                throw new DrainControlException("The in-memory channel refuses writes (set by the test).");
            }
            Object before = request == null ? content.remove(key) : content.put(key, request);
            if (request != null || before != null) {
                fire();
            }
            return before != null;
        }

        void fire() {
            for (InMemoryDrainChannel handle : handles) {
                handle.fanout.fire(ChannelListener::channelChanged);
            }
        }
    }
}
