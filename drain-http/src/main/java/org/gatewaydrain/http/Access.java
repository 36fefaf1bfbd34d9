package org.gatewaydrain.http;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Map;
import org.gatewaydrain.core.SafeText;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bearer-token checks for routes, and the audit line of every control request. Every client
 * value in the audit line is escaped, so a client cannot forge a line. Thread-safe.
 */
final class Access {

    private static final Logger AUDIT = LoggerFactory.getLogger("org.gatewaydrain.audit");
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
            ctx.attribute(ApiPrincipal.ATTRIBUTE, principal);
            if (!principal.may(scope)) {
                throw forbidden(principal, scope);
            }
        };
    }

    /**
     * @return a before-handler for routes open to loopback that need {@code scope} otherwise:
     *     open only when the peer is loopback <em>and</em> the {@code Host} header names loopback,
     *     so a page in a local browser cannot read the route through DNS rebinding (its requests
     *     carry the attacker's host name), and a proxy on this host forwarding others' requests
     *     still needs the token
     */
    Handler loopbackOrRequiring(Scope scope) {
        Handler requiring = requiring(scope);
        return ctx -> {
            if (!isLoopback(ctx.ip()) || !namesLoopback(ctx.header("Host"))) {
                requiring.handle(ctx);
            }
        };
    }

    /** @return whether a {@code Host} header value is {@code localhost} or a loopback address literal (no name is looked up) */
    static boolean namesLoopback(String host) {
        if (host == null || host.isBlank()) {
            return false;
        }
        String name = host.strip().toLowerCase(java.util.Locale.ROOT);
        if (name.startsWith("[")) {
            int end = name.indexOf(']');
            if (end < 0 || !(end == name.length() - 1 || name.charAt(end + 1) == ':')) {
                return false;
            }
            name = name.substring(1, end);
            return name.indexOf(':') >= 0 && isLoopback(name);
        }
        int colon = name.indexOf(':');
        if (colon >= 0) {
            name = name.substring(0, colon);
        }
        if (name.equals("localhost") || name.equals("localhost.")) {
            return true;
        }
        return name.matches("[0-9]{1,3}(\\.[0-9]{1,3}){3}") && isLoopback(name);
    }

    /** @return the 403 for a principal that lacks {@code scope} */
    static ApiException forbidden(ApiPrincipal principal, Scope scope) {
        return new ApiException(403, "forbidden", "This token lacks the '" + scope.wireName() + "' scope.");
    }

    /** An after-handler that writes who asked for what from where, and what came of it; the action only once it is known. */
    static void audit(Context ctx) {
        ApiPrincipal principal = ctx.attribute(ApiPrincipal.ATTRIBUTE);
        AUDIT.info("control request principal={} remote={} action={} result={}",
                SafeText.escape(principal == null ? null : principal.name()), SafeText.escape(ctx.ip()),
                SafeText.escape(ctx.attribute(ACTION)), ctx.status().getCode());
    }

    static boolean isLoopback(String address) {
        try {
            return InetAddress.getByName(address).isLoopbackAddress();
        } catch (UnknownHostException | RuntimeException e) {
            return false;
        }
    }
}
