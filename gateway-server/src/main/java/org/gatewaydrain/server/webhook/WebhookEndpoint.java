package org.gatewaydrain.server.webhook;

import java.net.URI;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * One configured receiver: a name for metrics and the status, where it is, its secret and the
 * events it wants. The secret never leaves this record: {@link #toString} and {@link #shownUrl}
 * leave it (and any credentials or query in the URL) out. Immutable.
 *
 * @param name how metrics, logs and the status call it
 * @param url where events are posted, http or https
 * @param events the events it receives
 */
public record WebhookEndpoint(String name, URI url, byte[] key, Set<EventType> events) {

    public WebhookEndpoint {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(url, "url");
        key = key.clone();
        events = Set.copyOf(EnumSet.copyOf(events.isEmpty() ? EnumSet.noneOf(EventType.class) : events));
    }

    /** @return whether it receives {@code type}; every endpoint receives {@code webhook.test} */
    public boolean wants(EventType type) {
        return type == EventType.WEBHOOK_TEST || events.contains(type);
    }

    /** @return the URL without user info, query or fragment, safe to show */
    public String shownUrl() {
        return url.getScheme() + "://" + url.getHost() + (url.getPort() > 0 ? ":" + url.getPort() : "")
                + (url.getRawPath() == null ? "" : url.getRawPath());
    }

    @Override
    public byte[] key() {
        return key.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof WebhookEndpoint that && name.equals(that.name) && url.equals(that.url)
                && Arrays.equals(key, that.key) && events.equals(that.events);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, url, Arrays.hashCode(key), events);
    }

    @Override
    public String toString() {
        return "webhook " + name + " (" + shownUrl() + ")";
    }
}
