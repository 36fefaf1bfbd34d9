package org.gatewaydrain.http;

import io.javalin.http.Context;
import org.gatewaydrain.client.StatusFeed;
import org.gatewaydrain.core.GatewayState;

/**
 * {@code GET /health/live} (200 while this process serves) and {@code GET /health/ready}
 * (200 only while the gateway is running, 503 while starting, draining or stopping, or when
 * its status cannot be read, so a load balancer sends traffic elsewhere). Thread-safe.
 */
final class HealthEndpoint {

    static final String LIVE_PATH = "/health/live";
    static final String READY_PATH = "/health/ready";

    /** What a 503 of this API asks clients to wait before retrying, in seconds. */
    static final String RETRY_AFTER_SECONDS = "5";

    private final StatusFeed source;

    HealthEndpoint(StatusFeed source) {
        this.source = source;
    }

    void live(Context ctx) {
        Json.send(ctx, 200, Json.object("status", "live"));
    }

    void ready(Context ctx) {
        String state = source.status().published().map(p -> p.status().state().wireName()).orElse("unknown");
        boolean ready = state.equals(GatewayState.RUNNING.wireName());
        if (!ready) {
            ctx.header("Retry-After", RETRY_AFTER_SECONDS);
        }
        Json.send(ctx, ready ? 200 : 503, Json.object("status", ready ? "ready" : "not_ready", "gateway_state", state));
    }
}
