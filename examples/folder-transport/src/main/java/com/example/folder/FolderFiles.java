package com.example.folder;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import org.gatewaydrain.core.DrainControlException;

/**
 * The folder and the two files in it: whole-file reads bounded in size that never follow a
 * link, and writes that replace a file at once (a temporary file renamed over it), so a reader
 * sees the old content or the new, never part of either. Thread-safe.
 */
final class FolderFiles {

    /** The most a file may hold; more is not a request or a status of this transport. */
    static final int MAX_BYTES = 64 * 1024;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path folder;

    private FolderFiles(Path folder) {
        this.folder = folder;
    }

    /** @return the files in {@code folder}, created (with its parents) if missing */
    static FolderFiles open(Path folder) {
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new DrainControlException("Cannot create the folder " + folder + ": " + e.getMessage(), e);
        }
        return new FolderFiles(folder);
    }

    Path folder() {
        return folder;
    }

    /** What is in a file, as read once. */
    sealed interface Content {
        /** The folder itself is not there or cannot be read: nothing can be said about the file. */
        record FolderGone(String why) implements Content {
        }

        /** No such file. */
        record Missing() implements Content {
        }

        /** @param why something is there that is no JSON object */
        record Corrupt(String why) implements Content {
        }

        /** @param fields the JSON object's fields; {@code bytes} as read, for telling changes apart */
        record Fields(Map<String, Object> fields, byte[] bytes) implements Content {
        }
    }

    /** Reads {@code name} whole, without following a link and never more than {@link #MAX_BYTES}. */
    Content read(String name) {
        if (!Files.isDirectory(folder)) {
            return new Content.FolderGone("the folder " + folder + " is not there");
        }
        Path file = folder.resolve(name);
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return new Content.Missing();
        } catch (IOException e) {
            return e instanceof AccessDeniedException ? new Content.Corrupt("it cannot be read")
                    : new Content.FolderGone(e.getMessage());
        }
        if (!attributes.isRegularFile()) {
            return new Content.Corrupt("it is not a regular file");
        }
        byte[] bytes;
        try (InputStream in = Channels.newInputStream(Files.newByteChannel(file,
                Set.of(StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)))) {
            bytes = in.readNBytes(MAX_BYTES + 1);
        } catch (NoSuchFileException e) {
            return new Content.Missing();
        } catch (IOException e) {
            return new Content.Corrupt("it cannot be read (" + e.getMessage() + ")");
        }
        if (bytes.length > MAX_BYTES) {
            return new Content.Corrupt("it is larger than " + MAX_BYTES / 1024 + " KiB");
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return new Content.Corrupt("it is not UTF-8");
        }
        Object value;
        try {
            value = text.isBlank() ? null : JSON.readValue(text, Object.class);
        } catch (JsonProcessingException e) {
            return new Content.Corrupt("it is not JSON");
        }
        if (!(value instanceof Map<?, ?> map)) {
            return new Content.Corrupt("it is not a JSON object");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> fields = (Map<String, Object>) map;
        return new Content.Fields(fields, bytes);
    }

    /** @return the raw bytes of {@code name} as far as a change is concerned: equal bytes, no change */
    byte[] fingerprint(String name) {
        Content content = read(name);
        if (content instanceof Content.Fields fields) {
            return fields.bytes();
        }
        return content.getClass().getSimpleName().getBytes(StandardCharsets.UTF_8);
    }

    /** Replaces {@code name} with {@code fields} as JSON, at once. */
    void write(String name, Map<String, Object> fields) {
        Path temp = null;
        try {
            temp = Files.createTempFile(folder, "." + name + ".", ".tmp");
            Files.write(temp, JSON.writeValueAsBytes(fields));
            Files.move(temp, folder.resolve(name), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            deleteQuietly(temp);
            throw new DrainControlException("Cannot write " + name + " in " + folder + ": " + e.getMessage(), e);
        }
    }

    /** @return whether {@code name} was there (whatever it held) */
    boolean delete(String name) {
        try {
            return Files.deleteIfExists(folder.resolve(name));
        } catch (IOException e) {
            throw new DrainControlException("Cannot remove " + name + " in " + folder + ": " + e.getMessage(), e);
        }
    }

    static boolean sameBytes(byte[] a, byte[] b) {
        return Arrays.equals(a, b);
    }

    private static void deleteQuietly(Path temp) {
        if (temp != null) {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException ignored) {
                // Left for nobody: a temporary name no reader looks at.
            }
        }
    }
}
