package org.gatewaydrain.client;

import java.nio.file.Path;
import java.util.UUID;
import org.gatewaydrain.core.GatewayState;
import org.gatewaydrain.core.spi.DrainTransport;
import org.gatewaydrain.core.spi.TransportSettings;
import org.gatewaydrain.transport.memory.InMemoryDrainChannel;
import org.gatewaydrain.transport.memory.InMemoryStatusStore;
import org.gatewaydrain.transport.memory.MemoryTransportProvider;

/** The client on a transport (the memory transport's fleet) keeps the client contract. */
class TransportClientContractTest extends ControlClientContract {

    @Override
    protected Setup setUp() {
        FleetFixture fleet = new FleetFixture("gw-1");
        TransportClient client = fleet.client("gw-1");
        return new Setup() {
            @Override
            public ControlClient client() {
                return client;
            }

            @Override
            public void turn(String session) {
                fleet.turn("gw-1", session);
            }

            @Override
            public void finish(String session) {
                fleet.finish("gw-1", session);
            }

            @Override
            public GatewayState state() {
                return fleet.gateway("gw-1").status().state();
            }

            @Override
            public ControlClient unreachable() {
                DrainTransport away = new MemoryTransportProvider().open(TransportSettings.builder().home(Path.of("unused"))
                        .put(MemoryTransportProvider.SPACE, "away-" + UUID.randomUUID()).build());
                ((InMemoryDrainChannel) away.channel()).unreachable(true);
                ((InMemoryStatusStore) away.statusStore()).unreachable(true);
                return TransportClient.builder(away).where("an unreachable memory space").build();
            }

            @Override
            public void close() {
                fleet.close();
            }
        };
    }
}
