package org.gatewaydrain.transport.memory;

import java.nio.file.Path;
import java.util.UUID;
import org.gatewaydrain.core.DrainTarget;
import org.gatewaydrain.core.spi.DrainTransport;
import org.gatewaydrain.core.spi.TransportSettings;
import org.gatewaydrain.tck.TransportBackend;
import org.gatewaydrain.tck.TransportCompatibilityKit;

/** The memory transport, opened through its provider, passes the kit like any transport. */
class MemoryTransportCompatibilityTest extends TransportCompatibilityKit {

    @Override
    protected TransportBackend newBackend() {
        return new MemoryBackend();
    }

    @Override
    protected String providerName() {
        return "memory";
    }

    /** A fresh space per test, opened through the provider. */
    static class MemoryBackend implements TransportBackend {
        private final String space = "kit-" + UUID.randomUUID();
        private final MemoryTransportProvider provider = new MemoryTransportProvider();
        private DrainTransport cutOff;

        @Override
        public DrainTransport open(TransportSettings.Builder shared) {
            return openFaithful(shared);
        }

        /** @return a handle as the provider opens it, whatever a subclass does to {@link #open} */
        final DrainTransport openFaithful(TransportSettings.Builder shared) {
            return provider.open(shared.home(Path.of("unused")).put(MemoryTransportProvider.SPACE, space).build());
        }

        @Override
        public void plantRaw(DrainTarget target, byte[] content) throws CannotHoldRawContent {
            throw new CannotHoldRawContent("it keeps typed requests in this JVM and never bytes, so no writer can leave"
                    + " a corrupt one");
        }

        @Override
        public boolean makeUnreachable() {
            cutOff = openFaithful(TransportSettings.builder());
            ((InMemoryDrainChannel) cutOff.channel()).unreachable(true);
            ((InMemoryStatusStore) cutOff.statusStore()).unreachable(true);
            return true;
        }

        @Override
        public void close() {
            if (cutOff != null) {
                cutOff.close();
            }
        }
    }
}
