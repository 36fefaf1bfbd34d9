package org.gatewaydrain.server.webhook;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.gatewaydrain.core.RuntimeStatus;
import org.gatewaydrain.core.spi.WireFormat;

/** The {@code data} of each event, typed until it is written ({@link #fields}). */
public sealed interface EventData {

    /** @return the fields as they are sent, in order */
    Map<String, Object> fields();

    /** {@code gateway.draining}: the request the gateway drains on. */
    record Draining(String instanceId, RuntimeStatus.Drain drain) implements EventData {
        @Override
        public Map<String, Object> fields() {
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("instance_id", instanceId);
            fields.put("principal", drain.principal());
            fields.put("reason", drain.reason().orElse(null));
            fields.put("deadline_at", drain.policy().deadlineAt().map(WireFormat::formatInstant).orElse(null));
            fields.put("on_deadline", drain.policy().deadlineAt().map(at -> drain.policy().onDeadline().wireName()).orElse(null));
            fields.put("session_grace_seconds", drain.policy().sessionGrace().toSeconds());
            fields.put("suppress_notification", drain.suppressNotification());
            return fields;
        }
    }

    /** {@code gateway.quiesced}, {@code gateway.resumed}, {@code gateway.stopping}, {@code gateway.stopped}. */
    record State(String instanceId, String state, int activeTurns, Optional<String> exitReason) implements EventData {
        @Override
        public Map<String, Object> fields() {
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("instance_id", instanceId);
            fields.put("gateway_state", state);
            fields.put("active_agents", activeTurns);
            fields.put("exit_reason", exitReason.orElse(null));
            return fields;
        }
    }

    /** {@code gateway.deadline_passed}. */
    record DeadlinePassed(String instanceId, RuntimeStatus.DeadlinePassed passed) implements EventData {
        @Override
        public Map<String, Object> fields() {
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("instance_id", instanceId);
            fields.put("action", passed.action().wireName());
            fields.put("interrupted", passed.interrupted());
            fields.put("at", WireFormat.formatInstant(passed.at()));
            return fields;
        }
    }

    /** {@code notice.session}: tell this session's user. */
    record SessionNotice(String instanceId, String session, String cause, String text) implements EventData {
        @Override
        public Map<String, Object> fields() {
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("instance_id", instanceId);
            fields.put("session", session);
            fields.put("cause", cause);
            fields.put("text", text);
            return fields;
        }
    }

    /** {@code notice.broadcast}: tell the gateway's home channel. */
    record Broadcast(String instanceId, int turnsInFlight, String text) implements EventData {
        @Override
        public Map<String, Object> fields() {
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("instance_id", instanceId);
            fields.put("turns_in_flight", turnsInFlight);
            fields.put("text", text);
            return fields;
        }
    }

    /** {@code rollout.instance_done}: one instance's window ended. */
    record RolloutInstance(String rolloutId, String instanceId, String outcome) implements EventData {
        @Override
        public Map<String, Object> fields() {
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("rollout_id", rolloutId);
            fields.put("instance_id", instanceId);
            fields.put("outcome", outcome);
            return fields;
        }
    }

    /** {@code rollout.finished}. */
    record RolloutFinished(String rolloutId, String state, List<String> done, List<String> failed) implements EventData {
        @Override
        public Map<String, Object> fields() {
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("rollout_id", rolloutId);
            fields.put("state", state);
            fields.put("done", done);
            fields.put("failed", failed);
            return fields;
        }
    }

    /** {@code webhook.test}. */
    record Test(String endpoint, Instant sentAt) implements EventData {
        @Override
        public Map<String, Object> fields() {
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("endpoint", endpoint);
            fields.put("sent_at", WireFormat.formatInstant(sentAt));
            return fields;
        }
    }
}
