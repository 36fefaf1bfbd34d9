package org.gatewaydrain.transport.memory;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.gatewaydrain.core.spi.RolloutLedger;
import org.gatewaydrain.core.spi.DrainControlChannel;
import org.gatewaydrain.core.spi.DrainTransport;
import org.gatewaydrain.core.spi.DrainTransportProvider;
import org.gatewaydrain.core.spi.RuntimeStatusStore;
import org.gatewaydrain.core.spi.Staleness;
import org.gatewaydrain.core.spi.TransportSettings;

/**
 * The {@code memory} transport: a fleet's drain requests, statuses and rollout held in this
 * JVM. Handles opened on the same {@code memory.space} share one state, each as the instance
 * its settings name, so a gateway and its HTTP control plane in one process talk through it;
 * other processes cannot see it. A space lives while a handle on it is open.
 */
public final class MemoryTransportProvider implements DrainTransportProvider {

    /** The key naming the space handles share. */
    public static final String SPACE = "memory.space";

    private static final Pattern SPACE_NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
    private static final Map<String, Space> SPACES = new HashMap<>();

    @Override
    public String name() {
        return "memory";
    }

    @Override
    public Map<String, String> keys() {
        return Map.of(SPACE, "the in-JVM space that handles share (default: default)");
    }

    @Override
    public void validate(TransportSettings settings) {
        String space = settings.string(SPACE, "default");
        if (!SPACE_NAME.matcher(space).matches()) {
            throw settings.invalid(SPACE, "'" + space + "' is not a space name; use lower-case letters, digits, '.', '_' or '-'");
        }
    }

    @Override
    public DrainTransport open(TransportSettings settings) {
        validate(settings);
        String name = settings.string(SPACE, "default");
        Space space;
        synchronized (SPACES) {
            space = SPACES.computeIfAbsent(name, Space::new);
            space.handles++;
        }
        return new Handle(name, space, space.channel.handle(Staleness.of(settings.maxAge(), settings.clock()),
                settings.instanceId()), space.statusStore.handle(settings.instanceId()), space.rollouts.handle());
    }

    /** Forgets a space once its last handle closes, so spaces do not pile up. */
    private static void closed(String name, Space space) {
        synchronized (SPACES) {
            if (--space.handles == 0) {
                SPACES.remove(name, space);
            }
        }
    }

    private static final class Space {
        final InMemoryDrainChannel channel = new InMemoryDrainChannel();
        final InMemoryStatusStore statusStore = new InMemoryStatusStore();
        final InMemoryRolloutLedger rollouts;
        int handles;

        Space(String name) {
            this.rollouts = new InMemoryRolloutLedger(name);
        }
    }

    /** One instance's handles on a space; closing it ends its presence and releases any rollout lock it holds. */
    private static final class Handle implements DrainTransport {
        private final String name;
        private final Space space;
        private final InMemoryDrainChannel channel;
        private final InMemoryStatusStore statusStore;
        private final InMemoryRolloutLedger rollouts;
        private boolean closed;

        Handle(String name, Space space, InMemoryDrainChannel channel, InMemoryStatusStore statusStore,
                InMemoryRolloutLedger rollouts) {
            this.name = name;
            this.space = space;
            this.channel = channel;
            this.statusStore = statusStore;
            this.rollouts = rollouts;
        }

        @Override
        public DrainControlChannel channel() {
            return channel;
        }

        @Override
        public RuntimeStatusStore statusStore() {
            return statusStore;
        }

        @Override
        public Optional<RolloutLedger> rollouts() {
            return Optional.of(rollouts);
        }

        @Override
        public void close() {
            synchronized (this) {
                if (closed) {
                    return;
                }
                closed = true;
            }
            try {
                rollouts.close();
                statusStore.close();
            } finally {
                channel.close();
                closed(name, space);
            }
        }

        @Override
        public String toString() {
            return "memory space " + name + " (instance " + channel.instanceId() + ")";
        }
    }

}
