package org.gatewaydrain.server.webhook;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.gatewaydrain.client.ApiObjects;
import org.gatewaydrain.core.spi.WireFormat;

/**
 * One event as every endpoint that wants it receives it: the body
 * {@code {"type", "timestamp", "data"}}, and an id that stays the same on every attempt, so a
 * receiver can tell a retry from a new event. Immutable.
 *
 * @param id the {@code webhook-id}, {@code msg_…}
 * @param type what happened
 * @param timestamp when it happened
 * @param data the event's fields, as {@link EventData} writes them
 */
public record WebhookEvent(String id, EventType type, Instant timestamp, EventData data) {

    public WebhookEvent {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(data, "data");
    }

    /** @return the body sent, the same bytes on every attempt */
    public String body() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", type.wireName());
        body.put("timestamp", WireFormat.formatInstant(timestamp));
        body.put("data", data.fields());
        return ApiObjects.json(body);
    }
}
