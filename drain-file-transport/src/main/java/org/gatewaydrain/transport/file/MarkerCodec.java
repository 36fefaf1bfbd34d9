package org.gatewaydrain.transport.file;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import org.gatewaydrain.core.DrainRequest;
import org.gatewaydrain.core.DrainSignal;
import org.gatewaydrain.core.RuntimeStatus;

/**
 * The marker's JSON, field for field the reference gateway's: {@code action},
 * {@code requested_at}, {@code principal}, {@code epoch}, {@code suppress_notification},
 * plus this product's optional {@code reason} and {@code expires_at}. Unknown fields are
 * ignored; a field of the wrong type is treated as missing. Thread-safe.
 */
final class MarkerCodec {

    /** The principal shown when the marker names none. */
    static final String UNKNOWN_PRINCIPAL = RuntimeStatus.Drain.UNKNOWN_PRINCIPAL;

    static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private MarkerCodec() {
    }

    static byte[] encode(DrainRequest request) {
        ObjectNode node = JSON.createObjectNode();
        node.put("action", request.action());
        node.put("requested_at", IsoTimestamps.format(request.requestedAt()));
        node.put("principal", request.principal());
        request.reason().ifPresent(reason -> node.put("reason", reason));
        request.expiresAt().ifPresent(at -> node.put("expires_at", IsoTimestamps.format(at)));
        request.epoch().ifPresent(epoch -> node.put("epoch", epoch));
        node.put("suppress_notification", request.suppressNotification());
        return (node + "\n").getBytes(StandardCharsets.UTF_8);
    }

    /**
     * @param bytes the whole marker
     * @param modifiedAt shown as the request time when the marker states none
     * @return the request, or why it cannot be one
     */
    static Decoded decode(byte[] bytes, Instant modifiedAt) {
        if (bytes.length == 0) {
            return new Decoded.Unreadable("the marker is empty");
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            return new Decoded.Unreadable("the marker is not UTF-8 text");
        }
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (JacksonException | RuntimeException e) {
            return new Decoded.Unreadable("the marker is not valid JSON");
        }
        if (root == null || !root.isObject()) {
            String kind = root == null || root.isMissingNode() ? "nothing" : "a JSON " + root.getNodeType().name().toLowerCase(Locale.ROOT);
            return new Decoded.Unreadable("the marker holds " + kind + ", not a JSON object");
        }
        return fromObject(root, modifiedAt);
    }

    private static Decoded fromObject(JsonNode root, Instant modifiedAt) {
        JsonNode action = root.path("action");
        if (!action.isMissingNode() && !DrainRequest.ACTION.equals(action.asText(null))) {
            return new Decoded.Unreadable("the marker's action is " + action + ", not \"drain\"");
        }
        Optional<Instant> requestedAt = IsoTimestamps.parse(text(root, "requested_at").orElse(null));
        DrainRequest request = new DrainRequest(
                requestedAt.orElse(modifiedAt),
                text(root, "principal").filter(p -> !p.isBlank()).orElse(UNKNOWN_PRINCIPAL),
                text(root, "reason"),
                text(root, "expires_at").flatMap(IsoTimestamps::parse),
                text(root, "epoch"),
                root.path("suppress_notification").isBoolean() && root.path("suppress_notification").booleanValue());
        return new Decoded.Request(request, requestedAt.isPresent());
    }

    private static Optional<String> text(JsonNode root, String field) {
        JsonNode node = root.path(field);
        return node.isTextual() ? Optional.of(node.textValue()) : Optional.empty();
    }

    /** What the marker bytes turned out to be. */
    sealed interface Decoded {

        /** @return the signal these bytes amount to under {@code staleness} */
        DrainSignal judge(Staleness staleness);

        /**
         * @param request the request read
         * @param requestedAtStated whether the marker stated a parseable {@code requested_at};
         *     without one the request has no age and never goes stale by age
         */
        record Request(DrainRequest request, boolean requestedAtStated) implements Decoded {
            @Override
            public DrainSignal judge(Staleness staleness) {
                return staleness.judge(request, requestedAtStated);
            }
        }

        /** @param why what is wrong with the bytes */
        record Unreadable(String why) implements Decoded {
            @Override
            public DrainSignal judge(Staleness staleness) {
                return new DrainSignal.PresentContentless(why);
            }
        }
    }
}
