package org.gatewaydrain.http.gateway;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.gatewaydrain.client.ControlClient;
import org.gatewaydrain.client.ControlClientContract;
import org.gatewaydrain.client.HttpControlClient;
import org.gatewaydrain.core.GatewayState;
import org.gatewaydrain.core.spi.DrainTransport;
import org.gatewaydrain.http.DrainHttpServer;
import org.gatewaydrain.runtime.Admission;
import org.gatewaydrain.runtime.Gateway;
import org.gatewaydrain.runtime.MessageEvent;
import org.gatewaydrain.runtime.RuntimeSettings;

/**
 * A gateway on {@code transport} serving its HTTP plane on loopback, and the HTTP client on it,
 * for the client contract. Turns are started in the gateway (as ingress would) and last until
 * the test finishes them. Closing stops the client, the server, the gateway and the transport.
 */
final class HttpClientSetup implements ControlClientContract.Setup {

    private final DrainTransport transport;
    private final TestTurns turns = new TestTurns();
    private final Gateway gateway;
    private final DrainHttpServer server;
    private final HttpControlClient client;
    private final Map<String, CompletableFuture<?>> running = new ConcurrentHashMap<>();

    HttpClientSetup(DrainTransport transport, String instanceId) {
        this.transport = transport;
        gateway = Gateway.builder().transport(transport).turnHandler(turns).instanceId(instanceId)
                .settings(RuntimeSettings.DEFAULTS.withDrainTimeout(Duration.ofSeconds(5))).start();
        server = DrainHttpServer.start(GatewayHttp.routes(gateway, transport).authenticator(HttpFixture.authenticator())
                .build(), "127.0.0.1", 0);
        client = new HttpControlClient(URI.create("http://127.0.0.1:" + server.port()), HttpFixture.ADMIN);
    }

    @Override
    public ControlClient client() {
        return client;
    }

    @Override
    public void turn(String session) {
        turns.hold(session);
        int before = gateway.status().activeTurns();
        if (!(gateway.handle(MessageEvent.external(session, "held")) instanceof Admission.Accepted accepted)) {
            throw new AssertionError("the gateway did not start a turn of " + session);
        }
        running.put(session, accepted.reply().toCompletableFuture());
        await().atMost(Duration.ofSeconds(10)).until(() -> gateway.status().activeTurns() == before + 1);
    }

    @Override
    public void finish(String session) {
        turns.release(session);
        CompletableFuture<?> turn = running.remove(session);
        if (turn != null) {
            try {
                turn.get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new AssertionError("the held turn of " + session + " did not end", e);
            }
        }
    }

    @Override
    public GatewayState state() {
        return gateway.status().state();
    }

    /** @return a client on a loopback port that was free a moment ago: nothing listens there */
    @Override
    public ControlClient unreachable() {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return new HttpControlClient(URI.create("http://127.0.0.1:" + port), HttpFixture.ADMIN);
    }

    @Override
    public void close() {
        client.close();
        server.close();
        gateway.shutdown(Duration.ZERO, "test over");
        transport.close();
    }
}
