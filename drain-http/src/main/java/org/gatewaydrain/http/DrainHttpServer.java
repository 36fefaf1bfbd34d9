package org.gatewaydrain.http;

import io.javalin.Javalin;
import io.javalin.http.HttpResponseException;
import java.util.List;
import java.util.Objects;
import org.gatewaydrain.core.DrainControlException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP control plane as a server of its own: {@link DrainRoutes} in a Javalin app bound to
 * one address, answering every unknown route and unexpected failure in the contract's error
 * shape. With the in-process adapter's extension it also takes messages for the gateway in
 * this process; without, it serves a gateway in another process.
 *
 * <pre>{@code
 * DrainHttpServer server = DrainHttpServer.start(
 *         DrainRoutes.builder().channel(channel).status(status).authenticator(tokens).build(), "127.0.0.1", 8080);
 * }</pre>
 *
 * Thread-safe once started; {@link #close()} stops it and closes its routes.
 */
public final class DrainHttpServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DrainHttpServer.class);

    /** Where the server listens unless told otherwise: loopback only. */
    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 8080;

    private final Javalin app;
    private final DrainRoutes routes;

    private DrainHttpServer(Javalin app, DrainRoutes routes) {
        this.app = app;
        this.routes = routes;
    }

    /**
     * Binds and starts serving {@code routes}.
     *
     * @param host the address to bind
     * @param port the port, 0 for any free one
     * @return the running server
     * @throws DrainControlException if the port is out of range or the address cannot be bound
     */
    public static DrainHttpServer start(DrainRoutes routes, String host, int port) {
        Objects.requireNonNull(routes, "routes");
        if (port < 0 || port > 65_535) {
            throw new DrainControlException("port must be between 0 and 65535, was " + port);
        }
        Javalin app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.startup.showOldJavalinVersionWarning = false;
            // A listed route asked with another method is the client's mistake: 405 naming the methods, not 404.
            config.http.prefer405over404 = true;
            routes.install(config);
            config.routes.exception(HttpResponseException.class, (e, ctx) -> Json.error(ctx, standardError(e)));
            config.routes.exception(Exception.class, (e, ctx) -> {
                LOG.error("Unexpected failure serving {} {}", ctx.method(), ctx.path(), e);
                Json.error(ctx, new ApiException(500, "internal", "The server failed; see its log."));
            });
        });
        try {
            app.start(host, port);
        } catch (RuntimeException e) {
            routes.close();
            LOG.debug("Binding failed", e);
            throw new DrainControlException("Cannot serve HTTP on " + host + ":" + port
                    + ". Is another process using the port? Try --port.", e);
        }
        LOG.info("Serving the drain API on http://{}:{}", host, app.port());
        return new DrainHttpServer(app, routes);
    }

    /** @return the port the server listens on (the real one when started on port 0) */
    public int port() {
        return app.port();
    }

    /**
     * @return every endpoint served, as {@code "GET /health/ready"}, in the order they were
     *     added; before- and after-handlers are not endpoints (for API descriptions and their tests)
     */
    public List<String> endpoints() {
        return app.unsafe.internalRouter.allHttpHandlers().stream().map(parsed -> parsed.endpoint)
                .filter(endpoint -> endpoint.method.isHttpMethod())
                .map(endpoint -> endpoint.method.name() + " " + endpoint.path).toList();
    }

    /** Stops serving; open event streams end. Blocks until Jetty has stopped. */
    @Override
    public void close() {
        routes.close();
        app.stop();
    }

    private static ApiException standardError(HttpResponseException e) {
        int status = e.getStatus();
        return switch (status) {
            case 404 -> new ApiException(404, "not_found", "There is no such route; see /openapi.json.");
            case 405 -> {
                // Javalin names the route's methods in its details ("GET, POST"); the client reads them in Allow.
                String allowed = e.getDetails().entrySet().stream().filter(d -> d.getKey().toLowerCase(java.util.Locale.ROOT)
                        .contains("methods")).map(java.util.Map.Entry::getValue).findFirst().orElse("");
                yield new ApiException(405, "method_not_allowed", "This route does not take that method"
                        + (allowed.isEmpty() ? "." : "; it takes " + allowed + "."),
                        allowed.isEmpty() ? java.util.Map.of() : java.util.Map.of("Allow", allowed), java.util.Map.of());
            }
            case 413 -> new ApiException(413, "payload_too_large", "The body is larger than "
                    + JsonBody.MAX_BYTES / 1024 + " KiB.");
            default -> new ApiException(status, "http_" + status, "The request could not be served.");
        };
    }
}
