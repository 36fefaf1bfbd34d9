package org.gatewaydrain.transport.memory;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import org.gatewaydrain.core.DrainControlException;
import org.gatewaydrain.core.FleetReading;
import org.gatewaydrain.core.InstanceId;
import org.gatewaydrain.core.GatewayState;
import org.gatewaydrain.core.RuntimeStatus;
import org.gatewaydrain.core.StatusReading;
import org.gatewaydrain.core.spi.ChangeFanout;
import org.gatewaydrain.core.spi.RuntimeStatusStore;
import org.gatewaydrain.core.spi.Subscription;

/**
 * A status store in memory, one status per instance, as a fleet transport keeps them. A
 * handle is one instance and publishes as it only (a store of its own, made with
 * {@link #InMemoryStatusStore()}, is the instance its first status names); its publisher's
 * presence is the handle itself: a
 * status is live while the handle that published it is open and it does not say
 * {@code stopped}, so a publisher that goes away without saying so reads not live.
 * {@link #handle()} opens another handle on the same state; {@link #unreachable(boolean)} makes
 * reads {@code Unknown} and publishes fail. Only the last status of each instance is kept, and
 * for tests a bounded history of the last {@value #HISTORY} publishes. Thread-safe.
 */
public final class InMemoryStatusStore implements RuntimeStatusStore {

    /** How many publishes {@link #history()} remembers. */
    public static final int HISTORY = 1_000;

    private final Space space;
    private final ChangeFanout<Runnable> listeners = new ChangeFanout<>();
    private volatile String instanceId;
    /** Whether the handle takes the instance of the first status it publishes (a store of its own). */
    private volatile boolean adopting;
    private volatile boolean closed;

    /**
     * A store of its own, for one gateway: it is the instance its first published status names
     * ({@value InMemoryDrainChannel#DEFAULT_INSTANCE} until then).
     */
    public InMemoryStatusStore() {
        this(new Space(), InMemoryDrainChannel.DEFAULT_INSTANCE);
        adopting = true;
    }

    private InMemoryStatusStore(Space space, String instanceId) {
        this.space = space;
        this.instanceId = InstanceId.require(instanceId);
        space.handles.add(this);
    }

    /** @return another handle on this store's state, as the same instance */
    public InMemoryStatusStore handle() {
        return handle(instanceId);
    }

    /** @return another handle on this store's state, as instance {@code id} */
    public InMemoryStatusStore handle(String id) {
        return new InMemoryStatusStore(space, id);
    }

    @Override
    public void publish(RuntimeStatus status) {
        Objects.requireNonNull(status, "status");
        if (space.unreachable) {
            throw new DrainControlException("The in-memory status store refuses writes (set by the test).");
        }
        if (closed) {
            throw new DrainControlException("This in-memory status store handle is closed.");
        }
        synchronized (this) {
            if (adopting) {
                instanceId = InstanceId.require(status.instanceId());
                adopting = false;
            }
        }
        if (!status.instanceId().equals(instanceId)) {
            throw new IllegalArgumentException("This handle publishes instance " + instanceId + ", not "
                    + status.instanceId() + ": a status is the instance it is kept under.");
        }
        space.publish(instanceId, new Entry(status, this));
        space.fire();
    }

    /** Told of every publish through any handle on this state, and of a publisher's handle closing. */
    @Override
    public Optional<Subscription> subscribe(Runnable listener, Executor executor) {
        return Optional.of(listeners.add(Objects.requireNonNull(listener, "listener"),
                Objects.requireNonNull(executor, "executor")));
    }

    @Override
    public StatusReading read() {
        if (space.unreachable) {
            return new StatusReading.Unknown("the in-memory status store is set unreachable");
        }
        return space.entry(instanceId).<StatusReading>map(Entry::reading).orElse(StatusReading.ABSENT);
    }

    @Override
    public FleetReading readFleet() {
        if (space.unreachable) {
            return new FleetReading.Unknown("the in-memory status store is set unreachable");
        }
        Map<String, StatusReading.Published> byName = new TreeMap<>();
        space.byInstance().forEach((name, entry) -> byName.put(name, entry.reading()));
        return FleetReading.Instances.byNode(byName, List.of());
    }

    /** Ends this handle: the statuses it published read not live from now on; its subscribers hear nothing more. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        listeners.clear();
        space.handles.remove(this);
        space.fire();
    }

    /** @return the last publishes of every instance, oldest first, at most {@value #HISTORY} */
    public List<RuntimeStatus> history() {
        return space.history();
    }

    /** @return how many publishes every handle made in all */
    public long publishes() {
        return space.publishes();
    }

    /** Makes reads answer {@link StatusReading.Unknown} and publishes fail, or stops doing so. */
    public void unreachable(boolean value) {
        space.unreachable = value;
    }

    @Override
    public String toString() {
        return "in-memory status store (instance " + instanceId + ")";
    }

    /** A published status and the handle that published it. */
    private record Entry(RuntimeStatus status, InMemoryStatusStore publisher) {
        StatusReading.Published reading() {
            return new StatusReading.Published(status, !publisher.closed && status.state() != GatewayState.STOPPED);
        }
    }

    private static final class Space {
        final List<InMemoryStatusStore> handles = new CopyOnWriteArrayList<>();
        private final Map<String, Entry> byInstance = new TreeMap<>();
        private final Deque<RuntimeStatus> history = new ArrayDeque<>();
        private long publishes;
        volatile boolean unreachable;

        synchronized void publish(String instanceId, Entry entry) {
            byInstance.put(instanceId, entry);
            if (history.size() == HISTORY) {
                history.removeFirst();
            }
            history.addLast(entry.status());
            publishes++;
        }

        void fire() {
            handles.forEach(handle -> handle.listeners.fire(Runnable::run));
        }

        synchronized Optional<Entry> entry(String instanceId) {
            return Optional.ofNullable(byInstance.get(instanceId));
        }

        synchronized Map<String, Entry> byInstance() {
            return new TreeMap<>(byInstance);
        }

        synchronized List<RuntimeStatus> history() {
            return List.copyOf(history);
        }

        synchronized long publishes() {
            return publishes;
        }
    }
}
