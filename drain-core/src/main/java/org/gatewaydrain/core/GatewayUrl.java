package org.gatewaydrain.core;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where a gateway serves its HTTP API, as it publishes it ({@code url} in its status) and as a
 * maintenance command gets it ({@code GATEWAY_URL}): {@code http} or {@code https}, a host name
 * (RFC 1123) or an IP literal, a port, nothing else — no user, path, query or fragment — and at
 * most 300 characters. What a status claims is read only when it has that shape: the value is
 * handed to commands. The one rule; stateless.
 */
public final class GatewayUrl {

    /** The longest a URL may be. */
    public static final int MAX_LENGTH = 300;

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(?:\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("\\[[0-9A-Fa-f:.]{2,45}]");

    private GatewayUrl() {
    }

    /** @return {@code text} as a URL of that shape, or empty */
    public static Optional<URI> parse(String text) {
        if (text == null || text.isEmpty() || text.length() > MAX_LENGTH || !text.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            return Optional.empty();
        }
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
        return isValid(uri) ? Optional.of(uri) : Optional.empty();
    }

    /** @return whether {@code uri} has the shape above */
    public static boolean isValid(URI uri) {
        if (uri == null || !uri.isAbsolute() || uri.isOpaque() || uri.toString().length() > MAX_LENGTH) {
            return false;
        }
        String scheme = uri.getScheme();
        String host = uri.getHost();
        String path = uri.getRawPath();
        return ("http".equals(scheme) || "https".equals(scheme)) && host != null
                && (HostName.isValid(host) || IPV4.matcher(host).matches() || IPV6.matcher(host).matches())
                && uri.getPort() > 0 && uri.getPort() <= 65535 && uri.getRawUserInfo() == null
                && (path == null || path.isEmpty()) && uri.getRawQuery() == null && uri.getRawFragment() == null;
    }

    /**
     * @param bind the address a server listens on ({@code 0.0.0.0} or {@code ::} for every one)
     * @param host this host's name, said where the server listens on every address
     * @return the URL a requester reaches the server at; empty when no valid one comes of it (a
     *     host name with characters a URL may not hold)
     */
    public static Optional<URI> of(String bind, String host, int port) {
        String name = bind.equals("0.0.0.0") || bind.equals("::") || bind.equals("[::]") ? host : bind;
        String literal = name.contains(":") && !name.startsWith("[") ? "[" + name + "]" : name;
        return parse("http://" + literal + ":" + port);
    }
}
