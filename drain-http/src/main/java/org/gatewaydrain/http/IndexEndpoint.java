package org.gatewaydrain.http;

import io.javalin.http.Context;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code GET /api}: what this control plane offers, so a client (the dashboard) learns whether
 * there is a fleet before it asks for one instead of provoking a 404: {@code fleet} (the
 * transport keeps one: {@code /api/fleet/status} answers), {@code scopes} (the drain scopes it
 * takes besides the gateway's own) and {@code rollouts} ({@code /api/fleet/rollout} answers).
 * Immutable.
 */
final class IndexEndpoint {

    static final String PATH = "/api";

    private final Set<String> scopes;
    private final boolean rollouts;

    IndexEndpoint(Set<String> scopes, boolean rollouts) {
        this.scopes = new TreeSet<>(scopes);
        this.rollouts = rollouts;
    }

    void get(Context ctx) {
        Json.send(ctx, 200, Json.object(
                "fleet", scopes.contains(org.gatewaydrain.core.DrainTarget.Scopes.FLEET),
                "scopes", scopes,
                "rollouts", rollouts));
    }
}
