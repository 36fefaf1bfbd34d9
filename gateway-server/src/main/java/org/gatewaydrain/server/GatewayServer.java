package org.gatewaydrain.server;

import com.google.inject.Guice;
import com.google.inject.Injector;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.gatewaydrain.core.spi.DrainControlChannel;
import org.gatewaydrain.core.spi.RuntimeStatusStore;
import org.gatewaydrain.http.DrainHttpServer;
import org.gatewaydrain.http.StatusSource;
import org.gatewaydrain.http.TokenAuthenticator;
import org.gatewaydrain.runtime.FileTransportModule;
import org.gatewaydrain.runtime.Gateway;
import org.gatewaydrain.runtime.GatewayRuntimeModule;
import org.gatewaydrain.transport.file.FileDrainChannel;
import org.gatewaydrain.transport.file.FileStatusStore;
import org.gatewaydrain.transport.file.GatewayHome;

/**
 * A running server process: the gateway with every route ({@code run}), or the control routes
 * alone over a home another process serves ({@code control-plane}). {@link #stop} is
 * idempotent: the gateway drains its in-flight turns (up to the drain timeout) while the API
 * still answers, then the API stops.
 */
final class GatewayServer {

    private static final Duration CONTROL_PLANE_POLL = Duration.ofMillis(100);

    private final Optional<Gateway> gateway;
    private final DrainControlChannel channel;
    private final StatusSource status;
    private final DrainHttpServer http;
    private final Duration drainTimeout;
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final CountDownLatch stopped = new CountDownLatch(1);

    private GatewayServer(Optional<Gateway> gateway, DrainControlChannel channel, StatusSource status,
            DrainHttpServer http, Duration drainTimeout) {
        this.gateway = gateway;
        this.channel = channel;
        this.status = status;
        this.http = http;
        this.drainTimeout = drainTimeout;
    }

    /** Starts the gateway (reading the channel first), then its HTTP API. */
    static GatewayServer gateway(ServerConfig config, TokenAuthenticator authenticator) {
        GatewayHome.prepare(config.home());
        Injector injector = Guice.createInjector(new GatewayRuntimeModule(config.runtime()),
                new FileTransportModule(config.home(), config.drainMaxAge()));
        Gateway gateway = injector.getInstance(Gateway.class);
        DrainControlChannel channel = injector.getInstance(DrainControlChannel.class);
        gateway.start();
        try {
            StatusSource status = StatusSource.of(gateway);
            DrainHttpServer http = DrainHttpServer.builder().channel(channel).status(status).gateway(gateway)
                    .authenticator(authenticator).host(config.bind()).port(config.port()).start();
            return new GatewayServer(Optional.of(gateway), channel, status, http, config.runtime().drainTimeout());
        } catch (RuntimeException e) {
            gateway.shutdown(Duration.ZERO, "start-up failed");
            injector.getInstance(RuntimeStatusStore.class).close();
            channel.close();
            throw e;
        }
    }

    /** Starts the control routes over the home's channel and published status. */
    static GatewayServer controlPlane(ServerConfig config, TokenAuthenticator authenticator) {
        DrainControlChannel channel = FileDrainChannel.builder().home(config.home()).maxAge(config.drainMaxAge()).build();
        StatusSource status = StatusSource.polling(FileStatusStore.open(config.home()), CONTROL_PLANE_POLL);
        try {
            DrainHttpServer http = DrainHttpServer.builder().channel(channel).status(status)
                    .authenticator(authenticator).host(config.bind()).port(config.port()).start();
            return new GatewayServer(Optional.empty(), channel, status, http, Duration.ZERO);
        } catch (RuntimeException e) {
            status.close();
            channel.close();
            throw e;
        }
    }

    int port() {
        return http.port();
    }

    /** Stops once; later calls wait for the first to finish. Blocks up to the drain timeout and a little more. */
    void stop(String reason) {
        if (!stopping.compareAndSet(false, true)) {
            awaitStopped();
            return;
        }
        try {
            gateway.ifPresent(g -> g.shutdown(drainTimeout, reason));
            http.close();
            status.close();
            channel.close();
        } finally {
            stopped.countDown();
        }
    }

    /** Blocks until {@link #stop} has finished. */
    void awaitStopped() {
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
