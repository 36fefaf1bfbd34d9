package org.gatewaydrain.http.gateway;

import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Supplier;
import org.gatewaydrain.client.TransportFeed;
import org.gatewaydrain.core.FleetReading;
import org.gatewaydrain.core.RuntimeStatus;
import org.gatewaydrain.core.StatusReading;
import org.gatewaydrain.core.spi.RolloutLedger;
import org.gatewaydrain.core.spi.DrainTransport;
import org.gatewaydrain.core.spi.RuntimeStatusStore;
import org.gatewaydrain.core.spi.TransportSettings;
import org.gatewaydrain.http.DrainHttpServer;
import org.gatewaydrain.http.DrainRoutes;
import org.gatewaydrain.transport.file.FileTransportProvider;

/**
 * A control plane of its own, as {@code gateway control-plane} serves one: the file transport in
 * {@code home} (where no gateway need run), its published status read, the fixture's tokens,
 * and, when given, a fleet store and a rollout ledger whose readings the test controls. Closing stops it all.
 */
final class ControlPlaneFixture implements AutoCloseable {

    private final DrainTransport transport;
    private final TransportFeed status;
    private final DrainHttpServer server;

    ControlPlaneFixture(Path home) {
        this(home, Optional.empty());
    }

    ControlPlaneFixture(Path home, Optional<Supplier<FleetReading>> fleet) {
        this(home, fleet, Optional.empty());
    }

    ControlPlaneFixture(Path home, Optional<Supplier<FleetReading>> fleet, Optional<RolloutLedger> rollouts) {
        transport = new FileTransportProvider().open(TransportSettings.builder().home(home).build());
        RuntimeStatusStore published = transport.statusStore();
        status = new TransportFeed(fleet.<RuntimeStatusStore>map(reading -> new RuntimeStatusStore() {
            @Override
            public void publish(RuntimeStatus ignored) {
                throw new UnsupportedOperationException("a control plane publishes nothing");
            }

            @Override
            public StatusReading read() {
                return published.read();
            }

            @Override
            public FleetReading readFleet() {
                return reading.get();
            }
        }).orElse(published));
        DrainRoutes.Builder routes = DrainRoutes.builder().channel(transport.channel()).status(status)
                .authenticator(HttpFixture.authenticator()).rollouts(rollouts);
        server = DrainHttpServer.start(routes.build(), "127.0.0.1", 0);
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }

    @Override
    public void close() {
        server.close();
        status.close();
        transport.close();
    }
}
