package org.gatewaydrain.transport.zookeeper;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.DeserializationFeature;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.KeeperException;

/** A node's bytes: one JSON object in UTF-8 of at most 64 KiB, to and from the plain maps of WireFormat. Thread-safe. */
final class ZkJson {

    /** Larger nodes are not parsed: nobody writes a 64 KiB request or status by accident. */
    static final int MAX_BYTES = 64 * 1024;

    private static final ObjectMapper JSON = JsonMapper.builder().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();

    private ZkJson() {
    }

    static byte[] encode(Map<String, ?> fields) {
        try {
            return JSON.writeValueAsBytes(fields);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("plain maps always serialise", e);
        }
    }

    /**
     * @return the object held by the node at {@code path}; empty when there is no such node, or,
     *     with {@code why} set, when it holds no JSON object
     * @throws Exception when ZooKeeper does not answer
     */
    static Optional<Map<String, ?>> read(CuratorFramework client, String path, StringBuilder why) throws Exception {
        byte[] bytes;
        try {
            bytes = ZkReads.data(client, path, null);
        } catch (KeeperException.NoNodeException none) {
            return Optional.empty();
        }
        return decode(bytes, why);
    }

    /** @return the object in {@code bytes}, or empty with {@code why} set when they are not one */
    @SuppressWarnings("unchecked")
    static Optional<Map<String, ?>> decode(byte[] bytes, StringBuilder why) {
        if (bytes == null || bytes.length == 0) {
            why.append("the node is empty");
            return Optional.empty();
        }
        if (bytes.length > MAX_BYTES) {
            why.append("the node is larger than ").append(MAX_BYTES / 1024).append(" KiB");
            return Optional.empty();
        }
        try {
            String text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
            Object root = JSON.readValue(text, Object.class);
            if (root instanceof Map<?, ?> object) {
                return Optional.of((Map<String, ?>) object);
            }
            why.append("the node holds JSON that is not an object");
        } catch (CharacterCodingException e) {
            why.append("the node is not UTF-8 text");
        } catch (JacksonException | RuntimeException e) {
            why.append("the node is not valid JSON");
        }
        return Optional.empty();
    }
}
