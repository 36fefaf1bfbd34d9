package org.gatewaydrain.server;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.lang.reflect.InvocationTargetException;
import java.time.Duration;
import java.util.List;
import org.gatewaydrain.core.GatewayUrl;
import org.gatewaydrain.core.LocalHost;
import org.gatewaydrain.core.spi.DaemonThreads;
import org.gatewaydrain.core.spi.DrainTransport;
import org.gatewaydrain.http.DrainHttpServer;
import org.gatewaydrain.http.TokenAuthenticator;
import org.gatewaydrain.http.gateway.GatewayHttp;
import org.gatewaydrain.runtime.Gateway;
import org.gatewaydrain.runtime.RuntimeSettings;
import org.gatewaydrain.runtime.TurnHandler;
import org.gatewaydrain.server.webhook.GatewayWebhooks;
import org.gatewaydrain.server.webhook.WebhookRoutes;
import org.gatewaydrain.server.webhook.Webhooks;

/**
 * The wiring of {@code gateway run}: the transport, the gateway with the demo agent, and the
 * HTTP plane with the in-process adapter. The only server class that names runtime types, so
 * the JVM loads none of them for the other commands.
 */
final class InProcessGateway {

    /** How long pending webhook deliveries may take once the gateway has stopped. */
    static final Duration WEBHOOK_FLUSH = Duration.ofSeconds(3);

    private InProcessGateway() {
    }

    /** Opens the transport, starts the gateway (it reads the channel before admitting anything), then its HTTP API. */
    static GatewayServer start(ServerConfig config, TokenAuthenticator authenticator) {
        DrainTransport transport = config.openTransport();
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        Webhooks webhooks = Webhooks.start(config.webhooks(), registry);
        Gateway gateway = null;
        try {
            GatewayWebhooks relay = new GatewayWebhooks(webhooks, config.instanceId());
            gateway = Gateway.builder()
                    .transport(transport)
                    .turnHandler(turnHandler(config))
                    .settings(new RuntimeSettings(config.watcherInterval(), config.drainTimeout(), config.statusHeartbeat(),
                            config.turnsShown(), config.graceSessions(), config.graceMax()))
                    .instanceId(config.instanceId())
                    // Users' notices go out as webhook events (notice.session, notice.broadcast) for a chat bridge to relay.
                    .notifier(relay)
                    .build();
            relay.listenTo(gateway);
            gateway.start();
            DrainHttpServer http = DrainHttpServer.start(GatewayHttp.routes(gateway, transport)
                    .meterRegistry(registry).extension(new WebhookRoutes(webhooks))
                    .authenticator(authenticator).limits(config.limits()).build(), config.bind(), config.port());
            // Requesters that reach the gateway through the transport (maintain's GATEWAY_URL) learn where it serves.
            GatewayUrl.of(config.bind(), LocalHost.name(), http.port()).ifPresent(gateway::advertise);
            Gateway started = gateway;
            GatewayServer server = new GatewayServer(http, reason -> {
                started.shutdown(config.drainTimeout(), reason);
                // gateway.stopping, gateway.stopped and the notices get a bounded flush, never more.
                webhooks.close(WEBHOOK_FLUSH);
            }, List.of(transport));
            // A drain's deadline with on_deadline: stop stops the gateway by itself; the process follows, as on SIGTERM.
            started.whenStopped().thenRun(() -> DaemonThreads.start("gateway-stopped", () -> server.stop("gateway stopped")));
            return server;
        } catch (RuntimeException e) {
            if (gateway != null) {
                gateway.shutdown(Duration.ZERO, "start-up failed");
            }
            webhooks.close(Duration.ZERO);
            GatewayServer.closeQuietly(transport);
            throw e;
        }
    }

    /**
     * @return the agent {@code config} names
     * @throws ConfigException naming the key when the class is missing, is no turn handler or cannot be made
     */
    private static TurnHandler turnHandler(ServerConfig config) {
        String name = config.turnHandler();
        if (name.equals(TurnHandlerName.DEMO)) {
            return new DemoTurnHandler(config.demoTurnDelay());
        }
        try {
            Class<?> type = Class.forName(name);
            if (!TurnHandler.class.isAssignableFrom(type)) {
                throw new ConfigException("Bad value for turn_handler: " + name + " does not implement "
                        + TurnHandler.class.getName() + ".");
            }
            return (TurnHandler) type.getConstructor().newInstance();
        } catch (ClassNotFoundException e) {
            throw new ConfigException("Bad value for turn_handler: there is no class " + name
                    + " on the classpath; add its jar with java -cp gateway.jar:your-agent.jar.", e);
        } catch (NoSuchMethodException | InstantiationException | IllegalAccessException e) {
            throw new ConfigException("Bad value for turn_handler: " + name
                    + " needs a public no-argument constructor.", e);
        } catch (InvocationTargetException e) {
            throw new ConfigException("Bad value for turn_handler: " + name + " failed to start: "
                    + e.getCause().getMessage(), e.getCause());
        }
    }
}
