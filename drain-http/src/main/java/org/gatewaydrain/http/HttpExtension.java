package org.gatewaydrain.http;

import io.javalin.http.Handler;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * More routes served beside the control routes, e.g. the gateway's ingress when the server runs
 * inside the gateway (the in-process adapter). An extension's handlers use {@link JsonBody},
 * {@link Json}, {@link ApiException} and {@link ApiPrincipal} to answer like every other route.
 */
public interface HttpExtension {

    /** Adds the extension's routes and meters; called once while the server is configured. */
    void install(Routes routes);

    /** Stops whatever the extension started; called when the routes are closed. */
    default void close() {
    }

    /** Where an extension adds its routes. */
    interface Routes {

        /**
         * Adds a POST route that only tokens with {@code scope} reach (401/403 otherwise); an
         * {@link ApiException} the handler throws becomes its error answer, anything else a
         * 500 without details.
         */
        void post(String path, Scope scope, Handler handler);

        /** Adds a GET route, guarded and answered like {@link #post}. */
        void get(String path, Scope scope, Handler handler);

        /**
         * Adds a field to what {@code GET /api/gateway/status} answers (not to its events): what the
         * extension's own process knows beside the gateway's published status, as {@code value}
         * gives it at each answer (something the JSON writer writes: maps, lists, strings, numbers).
         */
        void statusField(String name, java.util.function.Supplier<?> value);

        /** @return the registry {@code /metrics} scrapes */
        MeterRegistry meterRegistry();

        /** @return the server's caps, for an extension's own ({@link HttpLimits#turns()}) */
        HttpLimits limits();
    }
}
