package org.gatewaydrain.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.gatewaydrain.core.SafeText;

/**
 * A request's JSON object body, read defensively: at most 16 KiB (413), JSON content type
 * when there is a body (415), well-formed UTF-8 JSON (400), an object (400), only known
 * fields (400). Typed getters answer 400 naming the field on a wrong type, and JSON
 * {@code null} is a wrong type: null never means "default". Not thread-safe; one per request.
 */
public final class JsonBody {

    /** The largest body read. */
    public static final int MAX_BYTES = 16 * 1024;

    /** How much of a body over the limit is read and dropped before the 413. */
    static final long DISCARD_AT_MOST = 1024 * 1024;

    private final ObjectNode object;

    private JsonBody(ObjectNode object) {
        this.object = object;
    }

    /**
     * @param known the fields this endpoint takes
     * @return the body; an empty body is an empty object
     * @throws ApiException 400, 413 or 415 as above
     */
    public static JsonBody read(Context ctx, Set<String> known) {
        byte[] bytes = readBounded(ctx);
        if (isBlank(bytes)) {
            return new JsonBody(Json.MAPPER.createObjectNode());
        }
        requireJsonContentType(ctx.contentType());
        JsonNode root;
        try {
            String text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
            root = Json.MAPPER.readTree(text);
        } catch (CharacterCodingException e) {
            throw new ApiException(400, "malformed_json", "The body is not UTF-8 text.");
        } catch (IOException | RuntimeException e) {
            throw new ApiException(400, "malformed_json", "The body is not valid JSON.");
        }
        if (root == null || !root.isObject()) {
            String kind = root == null ? "nothing" : root.getNodeType().name().toLowerCase(Locale.ROOT);
            throw new ApiException(400, "not_an_object", "The body must be a JSON object, not " + kind + ".");
        }
        for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!known.contains(name)) {
                throw ApiException.badRequest("Unknown field '" + SafeText.escape(name) + "'; this endpoint takes " + new java.util.TreeSet<>(known) + ".");
            }
        }
        return new JsonBody((ObjectNode) root);
    }

    /** @return the string field, empty when absent */
    public Optional<String> string(String field) {
        JsonNode node = object.get(field);
        if (node == null) {
            return Optional.empty();
        }
        if (!node.isTextual()) {
            throw wrongType(field, "a string", node);
        }
        return Optional.of(node.textValue());
    }

    /** @return the boolean field, empty when absent */
    public Optional<Boolean> bool(String field) {
        JsonNode node = object.get(field);
        if (node == null) {
            return Optional.empty();
        }
        if (!node.isBoolean()) {
            throw wrongType(field, "true or false", node);
        }
        return Optional.of(node.booleanValue());
    }

    /** @return a whole number within [min, max], empty when absent */
    public Optional<Long> integer(String field, long min, long max) {
        JsonNode node = object.get(field);
        if (node == null) {
            return Optional.empty();
        }
        if (!node.isIntegralNumber() || !node.canConvertToLong()) {
            throw wrongType(field, "a whole number", node);
        }
        long value = node.longValue();
        if (value < min || value > max) {
            throw ApiException.badRequest("Field '" + field + "' must be between " + min + " and " + max + ".");
        }
        return Optional.of(value);
    }

    private static byte[] readBounded(Context ctx) {
        try (InputStream in = ctx.bodyInputStream()) {
            if (ctx.contentLength() > MAX_BYTES) {
                throw tooLarge(in);
            }
            byte[] bytes = in.readNBytes(MAX_BYTES + 1);
            if (bytes.length > MAX_BYTES) {
                throw tooLarge(in);
            }
            return bytes;
        } catch (IOException e) {
            throw ApiException.badRequest("The body could not be read completely.");
        }
    }

    /**
     * The 413, once up to {@value #DISCARD_AT_MOST} bytes more of the body are read and dropped:
     * a server that answers while the client is still sending, and then closes, resets the
     * connection, and the client may lose the answer to the reset.
     */
    private static ApiException tooLarge(InputStream in) throws IOException {
        byte[] sink = new byte[8192];
        long left = DISCARD_AT_MOST;
        for (int read = 0; left > 0 && read >= 0; left -= Math.max(read, 0)) {
            read = in.read(sink, 0, (int) Math.min(sink.length, left));
        }
        return tooLarge();
    }

    private static ApiException wrongType(String field, String expected, JsonNode node) {
        return ApiException.badRequest("Field '" + field + "' must be " + expected
                + (node.isNull() ? ", not null." : "."));
    }

    private static void requireJsonContentType(String contentType) {
        String mediaType = contentType == null ? "" : contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        if (!mediaType.equals("application/json") && !mediaType.endsWith("+json")) {
            throw new ApiException(415, "unsupported_media_type",
                    "Send the body as application/json" + (mediaType.isEmpty() ? "" : ", not " + SafeText.escape(mediaType)) + ".");
        }
    }

    private static boolean isBlank(byte[] bytes) {
        for (byte b : bytes) {
            if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
                return false;
            }
        }
        return true;
    }

    private static ApiException tooLarge() {
        return new ApiException(413, "payload_too_large", "The body is larger than " + MAX_BYTES / 1024 + " KiB.");
    }
}
