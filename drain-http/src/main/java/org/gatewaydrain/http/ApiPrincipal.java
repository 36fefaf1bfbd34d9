package org.gatewaydrain.http;

import java.util.Set;

/**
 * Who an authenticated request comes from.
 *
 * @param name the principal's name
 * @param scopes what it may do
 */
public record ApiPrincipal(String name, Set<Scope> scopes) {

    /** @return whether this principal may act in {@code scope} */
    public boolean may(Scope scope) {
        return scopes.contains(scope);
    }
}
