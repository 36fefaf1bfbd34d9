package org.gatewaydrain.http.gateway;

import io.micrometer.core.instrument.Gauge;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.gatewaydrain.client.StatusFeed;
import org.gatewaydrain.core.spi.DaemonThreads;
import org.gatewaydrain.core.spi.DrainTransport;
import org.gatewaydrain.core.spi.RuntimeStatusStore;
import org.gatewaydrain.core.spi.Subscription;
import org.gatewaydrain.http.DrainRoutes;
import org.gatewaydrain.http.HttpExtension;
import org.gatewaydrain.http.Scope;
import org.gatewaydrain.http.Slots;
import org.gatewaydrain.runtime.Gateway;

/**
 * The HTTP plane inside the gateway's process: the gateway's own status (pushed, not polled),
 * its ingress route {@code POST /api/messages} and its metrics.
 *
 * <pre>{@code
 * DrainRoutes routes = GatewayHttp.routes(gateway, transport).authenticator(tokens).build();
 * DrainHttpServer server = DrainHttpServer.start(routes, "127.0.0.1", 8080);
 * }</pre>
 */
public final class GatewayHttp {

    /** The message attribute carrying a message's {@code delay_ms}, for a handler that honours it (the demo one). */
    public static final String DELAY_MS = "delay_ms";

    private GatewayHttp() {
    }

    /**
     * @param store the status store of the transport the gateway runs on, for the fleet
     * @return the status of {@code gateway}, as the HTTP routes read it
     */
    public static StatusFeed status(Gateway gateway, RuntimeStatusStore store) {
        return new GatewayStatusFeed(gateway, store);
    }

    /** @return the ingress route and the gateway's metrics, to add to a {@link DrainRoutes.Builder} */
    public static HttpExtension extension(Gateway gateway) {
        return new HttpExtension() {
            private final ExecutorService responses = Executors.newCachedThreadPool(DaemonThreads.named("http-replies-%d"));
            private Subscription metrics = () -> { };

            @Override
            public void install(Routes routes) {
                metrics = gateway.addListener(new GatewayMetrics(routes.meterRegistry()));
                Slots turns = new Slots("turns", routes.limits().turns(), routes.limits().turnsPerPrincipal(),
                        MessagesRoute::atCapacity);
                Gauge.builder("gateway.http.turns", turns, Slots::used).description("Turns started over HTTP and running")
                        .register(routes.meterRegistry());
                routes.post(MessagesRoute.PATH, Scope.INGRESS, new MessagesRoute(gateway, turns, responses)::handle);
            }

            @Override
            public void close() {
                metrics.close();
                responses.shutdown();
            }
        };
    }

    /**
     * @param transport the transport the gateway runs on: drain requests are written to its
     *     channel, a fleet is read from its status store
     * @return control routes over {@code gateway}'s status, with its ingress and metrics; add an authenticator and build
     */
    public static DrainRoutes.Builder routes(Gateway gateway, DrainTransport transport) {
        return DrainRoutes.builder().channel(transport.channel()).rollouts(transport.rollouts())
                .status(status(gateway, transport.statusStore())).extension(extension(gateway));
    }
}
