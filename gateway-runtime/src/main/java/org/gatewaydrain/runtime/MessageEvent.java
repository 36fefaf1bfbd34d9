package org.gatewaydrain.runtime;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * A message that would start a turn.
 *
 * @param session the conversation it belongs to; one turn runs per session at a time
 * @param text what was said
 * @param internal a system event (scheduler, handoff) rather than a user's message; internal
 *     events bypass the drain gate but not shutdown
 * @param delay how long the demo handler should take, overriding its default (capped at 60 s)
 */
public record MessageEvent(String session, String text, boolean internal, Optional<Duration> delay) {

    public MessageEvent {
        Objects.requireNonNull(session, "session");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(delay, "delay");
        if (session.isBlank()) {
            throw new IllegalArgumentException("session must not be blank");
        }
        if (delay.isPresent() && delay.get().isNegative()) {
            throw new IllegalArgumentException("delay must not be negative, was " + delay.get());
        }
    }

    /** @return an external message with no delay of its own */
    public static MessageEvent external(String session, String text) {
        return new MessageEvent(session, text, false, Optional.empty());
    }

    /** @return an internal/system event with no delay of its own */
    public static MessageEvent internal(String session, String text) {
        return new MessageEvent(session, text, true, Optional.empty());
    }

    /** @return a copy asking the demo handler to take {@code value} */
    public MessageEvent withDelay(Duration value) {
        return new MessageEvent(session, text, internal, Optional.of(value));
    }
}
