package org.gatewaydrain.http;

import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Set;
import org.gatewaydrain.core.DrainControlException;

/**
 * A configured token: who holds it, the SHA-256 of the token (never the token itself) and
 * what it may do. Immutable.
 *
 * @param principal the holder's name, shown in audit lines and drain requests
 * @param sha256 the 32-byte SHA-256 of the token
 * @param scopes what the token may do
 */
public record TokenGrant(String principal, byte[] sha256, Set<Scope> scopes) {

    public TokenGrant {
        Objects.requireNonNull(principal, "principal");
        Objects.requireNonNull(sha256, "sha256");
        if (principal.isBlank()) {
            throw new DrainControlException("A token's principal must not be blank");
        }
        if (sha256.length != 32) {
            throw new DrainControlException("The token hash of " + principal + " must be 64 hex digits (SHA-256)");
        }
        sha256 = sha256.clone();
        scopes = scopes.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(scopes));
    }

    /**
     * @param principal the holder's name
     * @param sha256Hex the token's SHA-256 as 64 hex digits
     * @param scopes what the token may do
     * @throws DrainControlException if the hash is not 64 hex digits
     */
    public static TokenGrant ofHex(String principal, String sha256Hex, Set<Scope> scopes) {
        try {
            return new TokenGrant(principal, HexFormat.of().parseHex(sha256Hex.trim()), scopes);
        } catch (IllegalArgumentException e) {
            throw new DrainControlException("The token hash of " + principal + " must be 64 hex digits (SHA-256)", e);
        }
    }

    /**
     * @return the grant of a shared secret ({@code GATEWAY_DRAIN_TOKEN}, the generated token):
     *     drain, status and ingress; never internal, which only a configured token can carry
     */
    public static TokenGrant sharedSecret(String principal, String secret) {
        return new TokenGrant(principal, Tokens.sha256(secret.strip()), EnumSet.of(Scope.DRAIN, Scope.STATUS, Scope.INGRESS));
    }

    @Override
    public byte[] sha256() {
        return sha256.clone();
    }
}
