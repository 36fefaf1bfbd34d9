package org.gatewaydrain.server.webhook;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the {@code webhooks:} list of the configuration file: each entry a {@code url} (http or
 * https), a {@code secret} ({@code whsec_…}) or a {@code secret_file} holding one, the
 * {@code events} it wants ({@code "*"} for all) and an optional {@code name}. Every mistake is
 * reported with the key it is about ({@code webhooks[1].url}); a secret is never repeated in a
 * message. Stateless.
 */
public final class WebhookConfig {

    private static final Logger LOG = LoggerFactory.getLogger(WebhookConfig.class);

    /** The file key. */
    public static final String KEY = "webhooks";
    private static final Set<String> FIELDS = Set.of("name", "url", "secret", "secret_file", "events");

    private WebhookConfig() {
    }

    /**
     * @param value what the file holds under {@value #KEY}
     * @param problem turns a sentence about the configuration into the exception to throw
     * @return the endpoints
     */
    public static List<WebhookEndpoint> endpoints(Object value, Function<String, RuntimeException> problem) {
        if (!(value instanceof List<?> entries)) {
            throw problem.apply("Key 'webhooks' must be a list of {url, secret or secret_file, events}.");
        }
        List<WebhookEndpoint> endpoints = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < entries.size(); i++) {
            String at = KEY + "[" + i + "]";
            if (!(entries.get(i) instanceof Map<?, ?> entry)) {
                throw problem.apply("Key '" + at + "' must be a mapping with url, secret (or secret_file) and events.");
            }
            for (Object field : entry.keySet()) {
                if (!FIELDS.contains(String.valueOf(field))) {
                    throw problem.apply("Key '" + at + "." + field + "' is not known; use " + new java.util.TreeSet<>(FIELDS) + ".");
                }
            }
            String name = entry.get("name") instanceof String given && !given.isBlank() ? given.strip() : "webhook-" + (i + 1);
            if (!name.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}") || !names.add(name)) {
                throw problem.apply("Key '" + at + ".name' must be letters, digits, '.', '_' or '-' and unique.");
            }
            endpoints.add(new WebhookEndpoint(name, url(entry.get("url"), at, problem), key(entry, at, problem),
                    events(entry.get("events"), at, problem)));
        }
        return endpoints;
    }

    private static URI url(Object value, String at, Function<String, RuntimeException> problem) {
        String text = value instanceof String given ? given.strip() : "";
        try {
            URI url = new URI(text);
            if (("http".equals(url.getScheme()) || "https".equals(url.getScheme())) && url.getHost() != null
                    && url.getRawUserInfo() == null) {
                return url;
            }
        } catch (URISyntaxException e) {
            // Said below.
        }
        throw problem.apply("Key '" + at + ".url' must be an http:// or https:// URL with a host and no user info.");
    }

    private static byte[] key(Map<?, ?> entry, String at, Function<String, RuntimeException> problem) {
        Object secret = entry.get("secret");
        Object file = entry.get("secret_file");
        if ((secret == null) == (file == null)) {
            throw problem.apply("Key '" + at + "' needs exactly one of secret and secret_file.");
        }
        String key = at + (secret != null ? ".secret" : ".secret_file");
        String text;
        if (secret != null) {
            text = String.valueOf(secret);
        } else {
            Path path = Path.of(String.valueOf(file));
            try {
                text = Files.readString(path);
                warnIfOthersMayRead(path, key);
            } catch (IOException | RuntimeException e) {
                throw problem.apply("Key '" + key + "': the file cannot be read.");
            }
        }
        try {
            return Signature.key(text);
        } catch (IllegalArgumentException e) {
            throw problem.apply("Key '" + key + "': " + e.getMessage() + ".");
        }
    }

    private static void warnIfOthersMayRead(Path path, String key) throws IOException {
        try {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(path);
            if (permissions.contains(PosixFilePermission.GROUP_READ) || permissions.contains(PosixFilePermission.OTHERS_READ)) {
                LOG.warn("{} ({}) may be read by other users: chmod 600 it", key, path);
            }
        } catch (UnsupportedOperationException notPosix) {
            LOG.debug("Cannot check who may read {}", path);
        }
    }

    private static Set<EventType> events(Object value, String at, Function<String, RuntimeException> problem) {
        if ("*".equals(value)) {
            return EnumSet.complementOf(EnumSet.of(EventType.WEBHOOK_TEST));
        }
        if (!(value instanceof List<?> named) || named.isEmpty()) {
            throw problem.apply("Key '" + at + ".events' must be \"*\" or a list of " + known() + ".");
        }
        Set<EventType> events = EnumSet.noneOf(EventType.class);
        for (Object name : named) {
            events.add(EventType.parse(String.valueOf(name)).filter(type -> type != EventType.WEBHOOK_TEST)
                    .orElseThrow(() -> problem.apply("Key '" + at + ".events': '" + name + "' is not one of " + known() + ".")));
        }
        return events;
    }

    private static List<String> known() {
        return Arrays.stream(EventType.values()).filter(type -> type != EventType.WEBHOOK_TEST).map(EventType::wireName).toList();
    }
}
