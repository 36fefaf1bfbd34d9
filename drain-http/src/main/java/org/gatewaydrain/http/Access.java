package org.gatewaydrain.http;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bearer-token checks for routes, and the audit line of every control request. Thread-safe.
 */
final class Access {

    private static final Logger AUDIT = LoggerFactory.getLogger("org.gatewaydrain.audit");
    private static final String PRINCIPAL = "gatewaydrain.principal";
    static final String ACTION = "gatewaydrain.action";

    private final TokenAuthenticator authenticator;

    Access(TokenAuthenticator authenticator) {
        this.authenticator = authenticator;
    }

    /** @return a before-handler that lets only tokens with {@code scope} through (401 / 403 otherwise) */
    Handler requiring(Scope scope) {
        return ctx -> {
            ApiPrincipal principal = authenticator.authenticate(ctx.header("Authorization"))
                    .orElseThrow(() -> new ApiException(401, "unauthorized",
                            "Send a valid token as 'Authorization: Bearer <token>'.",
                            Map.of("WWW-Authenticate", "Bearer realm=\"gateway-drain\""), Map.of()));
            ctx.attribute(PRINCIPAL, principal);
            if (!principal.may(scope)) {
                throw new ApiException(403, "forbidden",
                        "The token of " + principal.name() + " lacks the '" + scope.wireName() + "' scope.");
            }
        };
    }

    /** @return a before-handler for routes open on loopback that need {@code scope} from elsewhere */
    Handler loopbackOrRequiring(Scope scope) {
        Handler requiring = requiring(scope);
        return ctx -> {
            if (!isLoopback(ctx.ip())) {
                requiring.handle(ctx);
            }
        };
    }

    /** @return the principal a before-handler authenticated */
    static ApiPrincipal principal(Context ctx) {
        ApiPrincipal principal = ctx.attribute(PRINCIPAL);
        if (principal == null) {
            throw new IllegalStateException("Route reached without authentication: " + ctx.path());
        }
        return principal;
    }

    /** An after-handler that writes who asked for what from where, and what came of it. */
    static void audit(Context ctx) {
        ApiPrincipal principal = ctx.attribute(PRINCIPAL);
        String action = Optional.ofNullable(ctx.<String>attribute(ACTION)).orElse("-");
        AUDIT.info("control request principal={} remote={} action={} result={}",
                principal == null ? "-" : principal.name(), ctx.ip(), action, ctx.status().getCode());
    }

    static boolean isLoopback(String address) {
        try {
            return InetAddress.getByName(address).isLoopbackAddress();
        } catch (UnknownHostException | RuntimeException e) {
            return false;
        }
    }
}
