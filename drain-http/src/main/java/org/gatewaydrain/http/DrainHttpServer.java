package org.gatewaydrain.http;

import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.http.HttpResponseException;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.gatewaydrain.core.DrainControlException;
import org.gatewaydrain.core.spi.DrainControlChannel;
import org.gatewaydrain.core.spi.Subscription;
import org.gatewaydrain.runtime.Gateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP control plane. With a {@link Gateway} it serves every route (the {@code run}
 * command); without one it serves the control routes over a channel and a published status
 * (the {@code control-plane} command), for a gateway in another process.
 *
 * <pre>{@code
 * DrainHttpServer server = DrainHttpServer.builder()
 *         .channel(channel).status(StatusSource.of(gateway)).gateway(gateway)
 *         .authenticator(authenticator).port(8080).start();
 * }</pre>
 *
 * Thread-safe once started; {@link #close()} stops it.
 */
public final class DrainHttpServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DrainHttpServer.class);

    /** Where the server listens unless told otherwise: loopback only. */
    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 8080;

    private final Javalin app;
    private final StatusEndpoint statusEndpoint;
    private final Optional<Subscription> metricsListener;

    private DrainHttpServer(Javalin app, StatusEndpoint statusEndpoint, Optional<Subscription> metricsListener) {
        this.app = app;
        this.statusEndpoint = statusEndpoint;
        this.metricsListener = metricsListener;
    }

    /** @return a builder; channel, status and authenticator are required */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the port the server listens on (the real one when started on port 0) */
    public int port() {
        return app.port();
    }

    /** Stops serving; open event streams end. Blocks until Jetty has stopped. */
    @Override
    public void close() {
        metricsListener.ifPresent(Subscription::close);
        statusEndpoint.closeStreams();
        app.stop();
    }

    /** Collects the server's parts; not thread-safe. */
    public static final class Builder {
        private DrainControlChannel channel;
        private StatusSource status;
        private Gateway gateway;
        private TokenAuthenticator authenticator;
        private String host = DEFAULT_HOST;
        private int port = DEFAULT_PORT;
        private Duration confirmWait = Duration.ofSeconds(2);
        private Clock clock = Clock.systemUTC();

        private Builder() {
        }

        /** @param value where drain requests are written */
        public Builder channel(DrainControlChannel value) {
            this.channel = Objects.requireNonNull(value, "channel");
            return this;
        }

        /** @param value where the gateway's status is read */
        public Builder status(StatusSource value) {
            this.status = Objects.requireNonNull(value, "status");
            return this;
        }

        /** @param value the gateway in this process: adds {@code /api/messages} and turn metrics */
        public Builder gateway(Gateway value) {
            this.gateway = Objects.requireNonNull(value, "gateway");
            return this;
        }

        /** @param value checks bearer tokens */
        public Builder authenticator(TokenAuthenticator value) {
            this.authenticator = Objects.requireNonNull(value, "authenticator");
            return this;
        }

        /** @param value the address to bind, {@value DrainHttpServer#DEFAULT_HOST} by default */
        public Builder host(String value) {
            this.host = Objects.requireNonNull(value, "host");
            return this;
        }

        /** @param value the port, 0 for any free one */
        public Builder port(int value) {
            if (value < 0 || value > 65_535) {
                throw new DrainControlException("port must be between 0 and 65535, was " + value);
            }
            this.port = value;
            return this;
        }

        /** @param value how long a drain answer waits to report the gateway as draining (2 s by default) */
        public Builder confirmWait(Duration value) {
            this.confirmWait = Objects.requireNonNull(value, "confirmWait");
            return this;
        }

        /** @param value stamps drain requests */
        public Builder clock(Clock value) {
            this.clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        /**
         * Binds and starts serving.
         *
         * @return the running server
         * @throws DrainControlException if a required part is missing or the address cannot be bound
         */
        public DrainHttpServer start() {
            Objects.requireNonNull(channel, "channel");
            Objects.requireNonNull(status, "status");
            Objects.requireNonNull(authenticator, "authenticator");
            DrainMetrics metrics = new DrainMetrics(status);
            Optional<Subscription> listener = Optional.ofNullable(gateway).map(g -> g.addListener(metrics));
            StatusEndpoint statusEndpoint = new StatusEndpoint(status);
            Javalin app = Javalin.create(config -> configure(config, metrics, statusEndpoint));
            try {
                app.start(host, port);
            } catch (RuntimeException e) {
                listener.ifPresent(Subscription::close);
                throw new DrainControlException("Cannot serve HTTP on " + host + ":" + port + ": "
                        + rootMessage(e) + ". Is another process using the port? Try --port.", e);
            }
            LOG.info("Serving the drain API on http://{}:{}", host, app.port());
            return new DrainHttpServer(app, statusEndpoint, listener);
        }

        private void configure(JavalinConfig config, DrainMetrics metrics, StatusEndpoint statusEndpoint) {
            config.startup.showJavalinBanner = false;
            config.startup.showOldJavalinVersionWarning = false;
            Access access = new Access(authenticator);
            DrainEndpoint drain = new DrainEndpoint(channel, status, metrics, confirmWait, clock);
            HealthEndpoint health = new HealthEndpoint(status);
            var routes = config.routes;

            routes.before(DrainEndpoint.PATH, access.requiring(Scope.DRAIN));
            routes.before(StatusEndpoint.STATUS_PATH, access.requiring(Scope.STATUS));
            routes.before(StatusEndpoint.EVENTS_PATH, access.requiring(Scope.STATUS));
            routes.before("/metrics", access.loopbackOrRequiring(Scope.STATUS));
            routes.after(DrainEndpoint.PATH, Access::audit);

            routes.post(DrainEndpoint.PATH, drain::handle);
            routes.get(StatusEndpoint.STATUS_PATH, statusEndpoint::status);
            routes.sse(StatusEndpoint.EVENTS_PATH, statusEndpoint::events);
            routes.get(HealthEndpoint.LIVE_PATH, health::live);
            routes.get(HealthEndpoint.READY_PATH, health::ready);
            routes.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8")
                    .result(metrics.scrape()));
            if (gateway != null) {
                MessagesEndpoint messages = new MessagesEndpoint(gateway);
                routes.before(MessagesEndpoint.PATH, access.requiring(Scope.INGRESS));
                routes.post(MessagesEndpoint.PATH, messages::handle);
            }

            routes.exception(ApiException.class, (e, ctx) -> Json.error(ctx, e));
            routes.exception(HttpResponseException.class, (e, ctx) -> Json.error(ctx,
                    new ApiException(e.getStatus(), httpErrorCode(e.getStatus()), e.getMessage() + ".")));
            routes.exception(Exception.class, (e, ctx) -> {
                LOG.error("Unexpected failure serving {} {}", ctx.method(), ctx.path(), e);
                Json.error(ctx, new ApiException(500, "internal", "The server failed; see its log."));
            });
        }

        private static String httpErrorCode(int status) {
            return switch (status) {
                case 404 -> "not_found";
                case 405 -> "method_not_allowed";
                case 413 -> "payload_too_large";
                default -> "http_" + status;
            };
        }

        private static String rootMessage(Throwable e) {
            Throwable root = e;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            return root.getMessage();
        }
    }
}
