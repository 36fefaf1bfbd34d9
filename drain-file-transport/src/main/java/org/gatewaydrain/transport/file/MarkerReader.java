package org.gatewaydrain.transport.file;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import org.gatewaydrain.core.DrainSignal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Classifies whatever is at the marker path. Fail-safe toward quiescing: anything there that
 * is not a readable request (corrupt, empty, oversized, a folder, a link, unreadable) reads as
 * {@link DrainSignal.PresentContentless}. Never throws; thread-safe.
 */
final class MarkerReader {

    private static final Logger LOG = LoggerFactory.getLogger(MarkerReader.class);

    /** Larger markers are not parsed: nobody writes a 64 KiB drain request by accident. */
    static final int MAX_BYTES = 64 * 1024;

    private final Path marker;
    private final Staleness staleness;

    MarkerReader(Path marker, Staleness staleness) {
        this.marker = marker;
        this.staleness = staleness;
    }

    DrainSignal read() {
        try {
            return classify();
        } catch (NoSuchFileException e) {
            return DrainSignal.ABSENT;
        } catch (IOException | RuntimeException e) {
            LOG.debug("Cannot read {}", marker, e);
            return new DrainSignal.PresentContentless("the marker cannot be read: " + describe(e));
        }
    }

    private DrainSignal classify() throws IOException {
        BasicFileAttributes attributes = Files.readAttributes(marker, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (attributes.isSymbolicLink()) {
            return new DrainSignal.PresentContentless("the marker is a symbolic link");
        }
        if (attributes.isDirectory()) {
            return new DrainSignal.PresentContentless("the marker is a folder");
        }
        if (!attributes.isRegularFile()) {
            return new DrainSignal.PresentContentless("the marker is not a regular file");
        }
        if (attributes.size() > MAX_BYTES) {
            return tooLarge();
        }
        byte[] bytes;
        try (InputStream in = Files.newInputStream(marker, LinkOption.NOFOLLOW_LINKS)) {
            bytes = in.readNBytes(MAX_BYTES + 1);
        }
        if (bytes.length > MAX_BYTES) {
            return tooLarge();
        }
        return MarkerCodec.decode(bytes, attributes.lastModifiedTime().toInstant()).judge(staleness);
    }

    private static DrainSignal tooLarge() {
        return new DrainSignal.PresentContentless("the marker is larger than " + MAX_BYTES / 1024 + " KiB");
    }

    private static String describe(Exception e) {
        return e instanceof IOException io ? IoFailures.describe(io) : e.toString();
    }
}
