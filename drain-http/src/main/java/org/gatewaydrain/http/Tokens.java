package org.gatewaydrain.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import org.gatewaydrain.core.DrainControlException;

/** Generating, hashing and vetting bearer tokens. Stateless and thread-safe. */
public final class Tokens {

    /** The environment variable holding a shared secret with every scope. */
    public static final String ENV_SECRET = "GATEWAY_DRAIN_TOKEN";

    /** The principal the shared secret acts as. */
    public static final String SECRET_PRINCIPAL = "drain-control";

    static final int MIN_LENGTH = 32;
    static final int MIN_DISTINCT = 16;

    private static final SecureRandom RANDOM = new SecureRandom();

    private Tokens() {
    }

    /** @return a new random token: 32 bytes, URL-safe Base64 (43 characters) */
    public static String generate() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** @return the SHA-256 of the token's UTF-8 bytes */
    public static byte[] sha256(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** @return the SHA-256 of the token as 64 lower-case hex digits, as configuration takes it */
    public static String sha256Hex(String token) {
        return HexFormat.of().formatHex(sha256(token));
    }

    /**
     * Refuses a secret too weak to guard the drain switch.
     *
     * @param source where the secret came from, for the message (e.g. the variable name)
     * @param secret the secret
     * @throws DrainControlException saying what is missing and how to make a good one
     */
    public static void requireStrong(String source, String secret) {
        long distinct = secret.chars().distinct().count();
        if (secret.length() < MIN_LENGTH || distinct < MIN_DISTINCT) {
            throw new DrainControlException(source + " is too weak: it has " + secret.length() + " characters ("
                    + distinct + " distinct) but needs at least " + MIN_LENGTH + " characters with " + MIN_DISTINCT
                    + " distinct. Generate one with `gateway token`.");
        }
    }
}
