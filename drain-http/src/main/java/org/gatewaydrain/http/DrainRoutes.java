package org.gatewaydrain.http;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Handler;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import org.gatewaydrain.client.DrainControl;
import org.gatewaydrain.client.StatusFeed;
import org.gatewaydrain.core.spi.DaemonThreads;
import org.gatewaydrain.core.spi.DrainControlChannel;
import org.gatewaydrain.core.spi.RolloutLedger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The control routes (drain, status, events, fleet, rollout, health, metrics, the dashboard and the API
 * description) over a channel and a status
 * source, ready to be installed into any Javalin app: the {@link DrainHttpServer} installs
 * them into its own, an embedder into theirs.
 *
 * <pre>{@code
 * DrainRoutes drain = DrainRoutes.builder().channel(channel).status(feed).authenticator(tokens).build();
 * Javalin app = Javalin.create(config -> {
 *     drain.install(config);
 *     config.routes.get("/my/own", ctx -> ctx.result("hello"));
 * }).start(8080);
 * }</pre>
 *
 * Besides its routes it registers one exception handler, for its own {@link ApiException}.
 * Thread-safe once built; {@link #close()} ends open event streams and stops its threads.
 */
public final class DrainRoutes implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DrainRoutes.class);

    private final Access access;
    private final DrainMetrics metrics;
    private final StatusEndpoint statusEndpoint;
    private final DrainEndpoint drainEndpoint;
    private final HealthEndpoint health;
    private final FleetEndpoint fleet;
    private final RolloutEndpoint rollouts;
    private final IndexEndpoint index;
    private final StaticPages pages = new StaticPages();
    private final List<HttpExtension> extensions;
    private final HttpLimits limits;
    private final ExecutorService responses = Executors.newCachedThreadPool(DaemonThreads.named("http-responses-%d"));
    private final AtomicBoolean installed = new AtomicBoolean();

    private DrainRoutes(Builder builder) {
        this.access = new Access(builder.authenticator);
        this.metrics = new DrainMetrics(builder.status, builder.registry);
        this.rollouts = new RolloutEndpoint(builder.rollouts);
        this.statusEndpoint = new StatusEndpoint(builder.status, builder.limits, builder.heartbeat, metrics.registry(),
                responses, rollouts);
        this.drainEndpoint = new DrainEndpoint(new DrainControl(builder.channel, builder.status, builder.confirmWait,
                builder.clock), builder.channel.scopes(), metrics, responses);
        this.health = new HealthEndpoint(builder.status);
        this.fleet = new FleetEndpoint(builder.status::fleet);
        this.index = new IndexEndpoint(builder.channel.scopes(), builder.rollouts.isPresent());
        this.extensions = List.copyOf(builder.extensions);
        this.limits = builder.limits;
    }

    /** @return a builder; channel, status and authenticator are required */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Adds the routes to {@code config}; once only.
     *
     * @throws IllegalStateException if they were installed already
     */
    public void install(JavalinConfig config) {
        if (!installed.compareAndSet(false, true)) {
            throw new IllegalStateException("These routes are installed already");
        }
        var routes = config.routes;
        routes.exception(ApiException.class, (e, ctx) -> Json.error(ctx, e));
        // Streams end while the server can still answer them: an app stopped before these routes are closed would
        // otherwise leave Javalin finishing a stream's request on a server that is gone (it does not return then).
        config.events.serverStopping(statusEndpoint::closeStreams);

        routes.before(IndexEndpoint.PATH, access.requiring(Scope.STATUS));
        routes.get(IndexEndpoint.PATH, guard(index::get));
        routes.before(DrainEndpoint.PATH, access.requiring(Scope.DRAIN));
        routes.after(DrainEndpoint.PATH, Access::audit);
        routes.post(DrainEndpoint.PATH, guard(drainEndpoint::handle));

        routes.before(StatusEndpoint.STATUS_PATH, access.requiring(Scope.STATUS));
        routes.get(StatusEndpoint.STATUS_PATH, guard(statusEndpoint::status));
        routes.before(StatusEndpoint.EVENTS_PATH, access.requiring(Scope.STATUS));
        routes.before(StatusEndpoint.EVENTS_PATH, statusEndpoint.streamAdmission());
        routes.sse(StatusEndpoint.EVENTS_PATH, statusEndpoint::events);

        routes.before(FleetEndpoint.PATH, access.requiring(Scope.STATUS));
        routes.get(FleetEndpoint.PATH, guard(fleet::status));
        routes.before(RolloutEndpoint.PATH, access.requiring(Scope.STATUS));
        routes.get(RolloutEndpoint.PATH, guard(rollouts::get));

        routes.get(HealthEndpoint.LIVE_PATH, guard(health::live));
        routes.get(HealthEndpoint.READY_PATH, guard(health::ready));
        metrics.scraper().ifPresent(scrape -> {
            routes.before("/metrics", access.loopbackOrRequiring(Scope.STATUS));
            routes.get("/metrics", guard(ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8")
                    .result(scrape.get())));
        });
        pages.install(routes);

        for (HttpExtension extension : extensions) {
            extension.install(new HttpExtension.Routes() {
                @Override
                public void post(String path, Scope scope, Handler handler) {
                    routes.before(path, access.requiring(scope));
                    routes.post(path, guard(handler));
                }

                @Override
                public void get(String path, Scope scope, Handler handler) {
                    routes.before(path, access.requiring(scope));
                    routes.get(path, guard(handler));
                }

                @Override
                public void statusField(String name, java.util.function.Supplier<?> value) {
                    statusEndpoint.addField(name, value);
                }

                @Override
                public MeterRegistry meterRegistry() {
                    return metrics.registry();
                }

                @Override
                public HttpLimits limits() {
                    return limits;
                }
            });
        }
    }

    /** @return how many event streams are open now */
    int openStreams() {
        return statusEndpoint.openStreams();
    }

    /** Ends open event streams, stops the routes' threads and closes the extensions. */
    @Override
    public void close() {
        statusEndpoint.close();
        extensions.forEach(HttpExtension::close);
        responses.shutdown();
    }

    /** Answers an {@link ApiException} with its error and anything else with a 500 that says no more than that. */
    static Handler guard(Handler handler) {
        return ctx -> {
            try {
                handler.handle(ctx);
            } catch (ApiException e) {
                Json.error(ctx, e);
            } catch (Exception e) {
                LOG.error("Unexpected failure serving {} {}", ctx.method(), ctx.path(), e);
                Json.error(ctx, new ApiException(500, "internal", "The server failed; see its log."));
            }
        };
    }

    /** Collects the routes' parts; not thread-safe. */
    public static final class Builder {
        private DrainControlChannel channel;
        private StatusFeed status;
        private Optional<MeterRegistry> registry = Optional.empty();
        private Optional<RolloutLedger> rollouts = Optional.empty();
        private TokenAuthenticator authenticator;
        private Duration confirmWait = DrainControl.DEFAULT_CONFIRM_WAIT;
        private Clock clock = Clock.systemUTC();
        private HttpLimits limits = HttpLimits.DEFAULTS;
        private Duration heartbeat = Duration.ofSeconds(StatusEndpoint.HEARTBEAT_SECONDS);
        private final List<HttpExtension> extensions = new ArrayList<>();

        private Builder() {
        }

        /** @param value where drain requests are written */
        public Builder channel(DrainControlChannel value) {
            this.channel = Objects.requireNonNull(value, "channel");
            return this;
        }

        /**
         * @param value where the gateway's status and, on a fleet transport, every instance's are
         *     read, and their changes heard (the events, the long-poll and the drain confirmation
         *     wait on it)
         */
        public Builder status(StatusFeed value) {
            this.status = Objects.requireNonNull(value, "status");
            return this;
        }

        /**
         * @param value where the routes' meters go, the embedder's own; {@code GET /metrics} is
         *     served when it is, or holds, a Prometheus registry (by default the routes make one)
         */
        public Builder meterRegistry(MeterRegistry value) {
            this.registry = Optional.of(Objects.requireNonNull(value, "meterRegistry"));
            return this;
        }

        /** @param value the cluster's rollout record, on a fleet transport (its {@code rollouts()}) */
        public Builder rollouts(Optional<RolloutLedger> value) {
            this.rollouts = Objects.requireNonNull(value, "rollouts");
            return this;
        }

        /** @param value checks bearer tokens */
        public Builder authenticator(TokenAuthenticator value) {
            this.authenticator = Objects.requireNonNull(value, "authenticator");
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

        /** @param value caps on open event streams, long-polls and an extension's turns */
        public Builder limits(HttpLimits value) {
            this.limits = Objects.requireNonNull(value, "limits");
            return this;
        }

        /** @param value adds routes beside the control routes */
        public Builder extension(HttpExtension value) {
            extensions.add(Objects.requireNonNull(value, "extension"));
            return this;
        }

        /** @param value how often every event stream gets a comment line, so dead clients are found (15 s by default) */
        public Builder eventHeartbeat(Duration value) {
            if (value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException("the event heartbeat must be positive, was " + value);
            }
            this.heartbeat = value;
            return this;
        }

        /** @return the routes, not yet installed */
        public DrainRoutes build() {
            Objects.requireNonNull(channel, "channel");
            Objects.requireNonNull(status, "status");
            Objects.requireNonNull(authenticator, "authenticator");
            return new DrainRoutes(this);
        }
    }
}
