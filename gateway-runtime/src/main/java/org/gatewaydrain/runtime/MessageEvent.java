package org.gatewaydrain.runtime;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A message that would start a turn.
 *
 * @param session the conversation it belongs to; one turn runs per session at a time
 * @param text what was said
 * @param internal a system event (a restart replay, a background completion) rather than a
 *     user's message; internal events bypass the drain gate but not shutdown
 * @param attributes anything else the ingress passes to the {@link TurnHandler}, e.g. the
 *     demo handler's {@code delay_ms}
 */
public record MessageEvent(String session, String text, boolean internal, Map<String, String> attributes) {

    public MessageEvent {
        Objects.requireNonNull(session, "session");
        Objects.requireNonNull(text, "text");
        attributes = Map.copyOf(attributes);
        if (session.isBlank()) {
            throw new IllegalArgumentException("session must not be blank");
        }
    }

    /** @return a user's message with no attributes */
    public static MessageEvent external(String session, String text) {
        return new MessageEvent(session, text, false, Map.of());
    }

    /** @return an internal/system event with no attributes */
    public static MessageEvent internal(String session, String text) {
        return new MessageEvent(session, text, true, Map.of());
    }

    /** @return the attribute's value, if the ingress passed it */
    public Optional<String> attribute(String name) {
        return Optional.ofNullable(attributes.get(name));
    }

    /** @return a copy with one more attribute */
    public MessageEvent withAttribute(String name, String value) {
        Map<String, String> more = new java.util.HashMap<>(attributes);
        more.put(name, value);
        return new MessageEvent(session, text, internal, more);
    }
}
