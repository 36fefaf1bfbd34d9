package org.gatewaydrain.transport.file;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * The marker's and the status file's bytes: one JSON object in UTF-8, written from and read
 * into the plain maps of {@link org.gatewaydrain.core.spi.WireFormat}. Strict about what is a
 * whole object (no trailing tokens, valid UTF-8); lenient fields are WireFormat's business.
 * Thread-safe.
 */
final class JsonCodec {

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .build();

    private JsonCodec() {
    }

    /** @return the object as one line of UTF-8 JSON and a newline */
    static byte[] encode(Map<String, ?> fields) {
        try {
            return (JSON.writeValueAsString(fields) + "\n").getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("plain maps always serialise", e);
        }
    }

    /** @return the object in {@code bytes}, or what is wrong with them ({@code what} names the file) */
    @SuppressWarnings("unchecked")
    static Decoded decode(byte[] bytes, String what) {
        if (bytes.length == 0) {
            return new Decoded.Invalid(what + " is empty");
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            return new Decoded.Invalid(what + " is not UTF-8 text");
        }
        Object root;
        try {
            root = JSON.readValue(text, Object.class);
        } catch (JacksonException | RuntimeException e) {
            return new Decoded.Invalid(what + " is not valid JSON");
        }
        if (root instanceof Map<?, ?> object) {
            return new Decoded.Object((Map<String, ?>) object);
        }
        return new Decoded.Invalid(what + " holds " + kind(root) + ", not a JSON object");
    }

    private static String kind(Object root) {
        if (root == null) {
            return "null";
        }
        if (root instanceof List<?>) {
            return "a JSON array";
        }
        if (root instanceof String) {
            return "a JSON string";
        }
        if (root instanceof Boolean) {
            return "a JSON boolean";
        }
        return "a JSON number";
    }

    /** What a file's bytes turned out to be. */
    sealed interface Decoded {
        /** @param fields the object's fields */
        record Object(Map<String, ?> fields) implements Decoded {
        }

        /** @param why what is wrong, as a sentence fragment naming the file */
        record Invalid(String why) implements Decoded {
        }
    }
}
