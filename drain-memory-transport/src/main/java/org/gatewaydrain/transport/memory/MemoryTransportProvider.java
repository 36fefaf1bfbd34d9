package org.gatewaydrain.transport.memory;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.gatewaydrain.core.spi.DrainTransport;
import org.gatewaydrain.core.spi.DrainTransportProvider;
import org.gatewaydrain.core.spi.Staleness;
import org.gatewaydrain.core.spi.TransportSettings;

/**
 * The {@code memory} transport: drain requests and statuses held in this JVM. Handles opened
 * on the same {@code memory.space} share one state, so a gateway and its HTTP control plane
 * in one process talk through it; other processes cannot see it.
 */
public final class MemoryTransportProvider implements DrainTransportProvider {

    /** The key naming the space handles share. */
    public static final String SPACE = "memory.space";

    private static final Pattern SPACE_NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
    private static final Map<String, Space> SPACES = new ConcurrentHashMap<>();

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
        Space space = SPACES.computeIfAbsent(settings.string(SPACE, "default"), name -> new Space());
        return DrainTransport.of(space.channel.handle(Staleness.of(settings.maxAge(), settings.clock())),
                space.statusStore.handle());
    }

    private static final class Space {
        final InMemoryDrainChannel channel = new InMemoryDrainChannel();
        final InMemoryStatusStore statusStore = new InMemoryStatusStore();
    }
}
