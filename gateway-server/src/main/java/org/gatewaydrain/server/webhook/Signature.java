package org.gatewaydrain.server.webhook;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The Standard Webhooks signature: {@code v1,} and the base64 HMAC-SHA256, under the
 * endpoint's secret, of {@code <webhook-id>.<webhook-timestamp>.<body>}. Stateless.
 */
final class Signature {

    /** How a Standard Webhooks secret is written: this prefix, then the key in base64. */
    static final String SECRET_PREFIX = "whsec_";

    private Signature() {
    }

    /**
     * @param key the endpoint's secret key (the bytes after {@value #SECRET_PREFIX}, decoded)
     * @param id the message id, the same on every attempt
     * @param timestampSeconds the attempt's time, seconds since the epoch
     * @param body the exact bytes sent
     * @return the {@code webhook-signature} header's value
     */
    static String sign(byte[] key, String id, long timestampSeconds, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            byte[] digest = mac.doFinal((id + "." + timestampSeconds + "." + body).getBytes(StandardCharsets.UTF_8));
            return "v1," + Base64.getEncoder().encodeToString(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available in this JVM", e);
        }
    }

    /**
     * @param secret {@code whsec_<base64>} (the prefix may be left out)
     * @return the key
     * @throws IllegalArgumentException when it is not base64 of 24 to 64 bytes; the message never repeats the secret
     */
    static byte[] key(String secret) {
        String encoded = secret.strip();
        if (encoded.startsWith(SECRET_PREFIX)) {
            encoded = encoded.substring(SECRET_PREFIX.length());
        }
        byte[] key;
        try {
            key = Base64.getDecoder().decode(encoded);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("it is not whsec_ followed by base64 (e.g. whsec_$(openssl rand -base64 32))");
        }
        if (key.length < 24 || key.length > 64) {
            throw new IllegalArgumentException("its key must be 24 to 64 bytes, was " + key.length
                    + " (make one with: echo whsec_$(openssl rand -base64 32))");
        }
        return key;
    }
}
