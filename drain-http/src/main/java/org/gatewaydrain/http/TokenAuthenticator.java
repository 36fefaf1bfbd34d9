package org.gatewaydrain.http;

import java.security.MessageDigest;
import java.util.List;
import java.util.Optional;
import org.gatewaydrain.core.DrainControlException;

/**
 * Checks bearer tokens against configured grants. The presented token is hashed and compared
 * with every grant's hash in constant time, and every grant is compared whether or not an
 * earlier one matched, so timing tells an attacker nothing. Immutable and thread-safe.
 */
public final class TokenAuthenticator {

    private final List<TokenGrant> grants;

    private TokenAuthenticator(List<TokenGrant> grants) {
        this.grants = List.copyOf(grants);
    }

    /**
     * @param grants the configured tokens
     * @return an authenticator over them
     * @throws DrainControlException if there are none (the server would be unusable) or two
     *     grants share a hash
     */
    public static TokenAuthenticator of(List<TokenGrant> grants) {
        if (grants.isEmpty()) {
            throw new DrainControlException("No API token is configured; configure tokens, set "
                    + Tokens.ENV_SECRET + ", or let `gateway run` generate one.");
        }
        for (int i = 0; i < grants.size(); i++) {
            for (int j = i + 1; j < grants.size(); j++) {
                if (MessageDigest.isEqual(grants.get(i).sha256(), grants.get(j).sha256())) {
                    throw new DrainControlException("Tokens of " + grants.get(i).principal() + " and "
                            + grants.get(j).principal() + " are the same; give each principal its own token.");
                }
            }
        }
        return new TokenAuthenticator(grants);
    }

    /**
     * @param authorization the {@code Authorization} header value, possibly null
     * @return the principal, or empty if the header is missing, not {@code Bearer} or the
     *     token is unknown
     */
    public Optional<ApiPrincipal> authenticate(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.empty();
        }
        byte[] presented = Tokens.sha256(authorization.substring(7).strip());
        TokenGrant match = null;
        for (TokenGrant grant : grants) {
            if (MessageDigest.isEqual(grant.sha256(), presented) && match == null) {
                match = grant;
            }
        }
        return Optional.ofNullable(match).map(g -> new ApiPrincipal(g.principal(), g.scopes()));
    }
}
