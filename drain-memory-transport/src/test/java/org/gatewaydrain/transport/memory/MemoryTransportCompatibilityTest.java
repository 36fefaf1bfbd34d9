package org.gatewaydrain.transport.memory;

import java.nio.file.Path;
import java.util.UUID;
import org.gatewaydrain.core.spi.DrainTransport;
import org.gatewaydrain.core.spi.TransportSettings;
import org.gatewaydrain.tck.TransportBackend;
import org.gatewaydrain.tck.TransportCompatibilityKit;

/** The memory transport, opened through its provider, passes the kit like any transport. */
class MemoryTransportCompatibilityTest extends TransportCompatibilityKit {

    private final String space = "kit-" + UUID.randomUUID();
    private final MemoryTransportProvider provider = new MemoryTransportProvider();

    @Override
    protected TransportBackend newBackend() {
        return new TransportBackend() {
            @Override
            public DrainTransport open(TransportSettings.Builder shared) {
                return provider.open(shared.home(Path.of("unused")).put(MemoryTransportProvider.SPACE, space).build());
            }

            @Override
            public boolean makeUnreachable() {
                DrainTransport handle = open(TransportSettings.builder());
                ((InMemoryDrainChannel) handle.channel()).unreachable(true);
                ((InMemoryStatusStore) handle.statusStore()).unreachable(true);
                return true;
            }
        };
    }

    @Override
    protected String providerName() {
        return "memory";
    }
}
