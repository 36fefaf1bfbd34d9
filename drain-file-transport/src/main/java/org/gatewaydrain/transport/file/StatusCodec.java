package org.gatewaydrain.transport.file;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import org.gatewaydrain.core.ChannelHealth;
import org.gatewaydrain.core.GatewayState;
import org.gatewaydrain.core.RuntimeStatus;

/**
 * The JSON of {@code gateway_state.json}: {@code pid}, {@code kind}, {@code start_time},
 * {@code gateway_state}, {@code active_agents}, {@code drain} (principal, requested_at, reason
 * or null), {@code control_channel}, {@code exit_reason}, {@code updated_at}. Reads are
 * lenient about missing optional fields and ignore unknown ones. Thread-safe.
 */
final class StatusCodec {

    private StatusCodec() {
    }

    static byte[] encode(RuntimeStatus status) {
        ObjectNode node = MarkerCodec.JSON.createObjectNode();
        node.put("pid", status.pid());
        node.put("kind", status.kind());
        node.put("start_time", IsoTimestamps.format(status.startTime()));
        node.put("gateway_state", status.state().wireName());
        node.put("active_agents", status.activeAgents());
        status.drain().ifPresentOrElse(drain -> {
            ObjectNode drainNode = node.putObject("drain");
            drainNode.put("principal", drain.principal());
            drainNode.put("requested_at", IsoTimestamps.format(drain.requestedAt()));
            drainNode.put("reason", drain.reason().orElse(null));
        }, () -> node.putNull("drain"));
        node.put("control_channel", status.controlChannel().wireName());
        node.put("exit_reason", status.exitReason().orElse(null));
        node.put("updated_at", IsoTimestamps.format(status.updatedAt()));
        return (node.toPrettyString() + "\n").getBytes(StandardCharsets.UTF_8);
    }

    /**
     * @return the status, or empty when the bytes are not a status (no valid
     *     {@code gateway_state} or a negative count)
     */
    static Optional<RuntimeStatus> decode(byte[] bytes) {
        try {
            JsonNode root = MarkerCodec.JSON.readTree(new String(bytes, StandardCharsets.UTF_8));
            if (root == null || !root.isObject() || !root.path("gateway_state").isTextual()) {
                return Optional.empty();
            }
            Instant updatedAt = instant(root, "updated_at").orElse(Instant.EPOCH);
            return Optional.of(new RuntimeStatus(
                    root.path("pid").asLong(0),
                    text(root, "kind").orElse(RuntimeStatus.KIND_GATEWAY),
                    instant(root, "start_time").orElse(updatedAt),
                    GatewayState.fromWireName(root.path("gateway_state").textValue()),
                    root.path("active_agents").asInt(0),
                    drain(root.path("drain")),
                    text(root, "control_channel").map(ChannelHealth::fromWireName).orElse(ChannelHealth.OK),
                    text(root, "exit_reason"),
                    updatedAt));
        } catch (IOException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static Optional<RuntimeStatus.Drain> drain(JsonNode node) {
        if (!node.isObject()) {
            return Optional.empty();
        }
        return Optional.of(new RuntimeStatus.Drain(
                text(node, "principal").orElse(MarkerCodec.UNKNOWN_PRINCIPAL),
                instant(node, "requested_at").orElse(Instant.EPOCH),
                text(node, "reason")));
    }

    private static Optional<Instant> instant(JsonNode node, String field) {
        return text(node, field).flatMap(IsoTimestamps::parse);
    }

    private static Optional<String> text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isTextual() ? Optional.of(value.textValue()) : Optional.empty();
    }
}
