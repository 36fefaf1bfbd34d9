package org.gatewaydrain.http;

import io.javalin.http.Context;
import java.util.Set;

/**
 * Who an authenticated request comes from.
 *
 * @param name the principal's name
 * @param scopes what it may do
 */
public record ApiPrincipal(String name, Set<Scope> scopes) {

    static final String ATTRIBUTE = "gatewaydrain.principal";

    public ApiPrincipal {
        scopes = Set.copyOf(scopes);
    }

    /** @return whether this principal may act in {@code scope} */
    public boolean may(Scope scope) {
        return scopes.contains(scope);
    }

    /**
     * @param ctx a request on a route that requires a scope
     * @return who sent it
     * @throws IllegalStateException if the route was reached without authentication (a wiring bug)
     */
    public static ApiPrincipal of(Context ctx) {
        ApiPrincipal principal = ctx.attribute(ATTRIBUTE);
        if (principal == null) {
            throw new IllegalStateException("Route reached without authentication: " + ctx.path());
        }
        return principal;
    }
}
