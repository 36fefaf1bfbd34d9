package org.gatewaydrain.core.testing;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.gatewaydrain.core.DrainControlException;
import org.gatewaydrain.core.RuntimeStatus;
import org.gatewaydrain.core.spi.RuntimeStatusStore;

/** A status store in memory that remembers every publish, for tests. Thread-safe. */
public final class InMemoryStatusStore implements RuntimeStatusStore {

    private final List<RuntimeStatus> published = new CopyOnWriteArrayList<>();

    @Override
    public synchronized void publish(RuntimeStatus status) {
        published.add(status);
    }

    @Override
    public synchronized void publishActiveAgents(int activeAgents) {
        RuntimeStatus current = read().orElseThrow(() -> new DrainControlException("no status published yet"));
        publish(current.withActiveAgents(activeAgents, current.updatedAt()));
    }

    @Override
    public Optional<RuntimeStatus> read() {
        return published.isEmpty() ? Optional.empty() : Optional.of(published.get(published.size() - 1));
    }

    /** @return every status published so far, oldest first */
    public List<RuntimeStatus> history() {
        return List.copyOf(published);
    }
}
