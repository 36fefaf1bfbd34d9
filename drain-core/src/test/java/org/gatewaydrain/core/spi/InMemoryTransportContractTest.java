package org.gatewaydrain.core.spi;

import org.gatewaydrain.core.testing.InMemoryDrainChannel;
import org.gatewaydrain.core.testing.InMemoryStatusStore;

/** Keeps the test doubles honest: they pass the same kit as real transports. */
class InMemoryTransportContractTest extends TransportContractKit {

    @Override
    protected DrainControlChannel openChannel() {
        return new InMemoryDrainChannel();
    }

    @Override
    protected RuntimeStatusStore openStatusStore() {
        return new InMemoryStatusStore();
    }
}
