package org.gatewaydrain.transport.memory;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import org.gatewaydrain.core.DrainControlException;
import org.gatewaydrain.core.GatewayState;
import org.gatewaydrain.core.RuntimeStatus;
import org.gatewaydrain.core.StatusReading;
import org.gatewaydrain.core.spi.RuntimeStatusStore;

/**
 * A status store in memory that remembers every publish, for tests. Its publisher lives in
 * this JVM, so a status is live until it says {@code stopped}. {@link #handle()} opens another
 * handle on the same state; {@link #unreachable(boolean)} makes reads {@code Unknown} and
 * publishes fail. Thread-safe.
 */
public final class InMemoryStatusStore implements RuntimeStatusStore {

    private final Space space;

    public InMemoryStatusStore() {
        this(new Space());
    }

    private InMemoryStatusStore(Space space) {
        this.space = space;
    }

    /** @return another handle on this store's state */
    public InMemoryStatusStore handle() {
        return new InMemoryStatusStore(space);
    }

    @Override
    public void publish(RuntimeStatus status) {
        Objects.requireNonNull(status, "status");
        if (space.unreachable) {
            throw new DrainControlException("The in-memory status store refuses writes (set by the test).");
        }
        space.published.add(status);
    }

    @Override
    public StatusReading read() {
        if (space.unreachable) {
            return new StatusReading.Unknown("the in-memory status store is set unreachable");
        }
        List<RuntimeStatus> all = space.published;
        if (all.isEmpty()) {
            return StatusReading.ABSENT;
        }
        RuntimeStatus last = all.get(all.size() - 1);
        return new StatusReading.Published(last, last.state() != GatewayState.STOPPED);
    }

    /** @return every status published so far, oldest first */
    public List<RuntimeStatus> history() {
        return List.copyOf(space.published);
    }

    /** Makes reads answer {@link StatusReading.Unknown} and publishes fail, or stops doing so. */
    public void unreachable(boolean value) {
        space.unreachable = value;
    }

    private static final class Space {
        final List<RuntimeStatus> published = new CopyOnWriteArrayList<>();
        volatile boolean unreachable;
    }
}
