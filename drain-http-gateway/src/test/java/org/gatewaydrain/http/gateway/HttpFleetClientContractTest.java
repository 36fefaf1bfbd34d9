package org.gatewaydrain.http.gateway;

import java.nio.file.Path;
import java.util.UUID;
import org.gatewaydrain.client.ControlClientContract;
import org.gatewaydrain.core.spi.TransportSettings;
import org.gatewaydrain.transport.memory.MemoryTransportProvider;

/** The client over HTTP keeps the client contract on an instance of a fleet (the memory transport's). */
class HttpFleetClientContractTest extends ControlClientContract {

    @Override
    protected Setup setUp() {
        return new HttpClientSetup(new MemoryTransportProvider().open(TransportSettings.builder().home(Path.of("unused"))
                .put(MemoryTransportProvider.SPACE, "http-fleet-" + UUID.randomUUID()).instanceId("gw-1").build()),
                "gw-1");
    }
}
