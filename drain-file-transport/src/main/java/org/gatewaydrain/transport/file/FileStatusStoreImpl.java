package org.gatewaydrain.transport.file;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import org.gatewaydrain.core.DrainControlException;
import org.gatewaydrain.core.RuntimeStatus;
import org.gatewaydrain.core.spi.RuntimeStatusStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The status file, replaced atomically on every publish. Publishes are serialised inside the
 * process so a count-only update never interleaves with a full one. Thread-safe.
 */
final class FileStatusStoreImpl implements RuntimeStatusStore {

    private static final Logger LOG = LoggerFactory.getLogger(FileStatusStoreImpl.class);

    private final Path file;
    private final Clock clock;

    FileStatusStoreImpl(Path file, Clock clock) {
        this.file = file;
        this.clock = clock;
    }

    @Override
    public synchronized void publish(RuntimeStatus status) {
        AtomicFiles.replace(file, StatusCodec.encode(status));
    }

    @Override
    public synchronized void publishActiveAgents(int activeAgents) {
        if (activeAgents < 0) {
            throw new IllegalArgumentException("activeAgents must be >= 0, was " + activeAgents);
        }
        RuntimeStatus current = read().orElseThrow(() -> new DrainControlException(
                "No runtime status is published at " + file + " yet; publish a full status before a count."));
        publish(current.withActiveAgents(activeAgents, clock.instant()));
    }

    @Override
    public Optional<RuntimeStatus> read() {
        try {
            if (Files.isSymbolicLink(file)) {
                return Optional.empty();
            }
            return StatusCodec.decode(Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            LOG.debug("Cannot read {}", file, e);
            return Optional.empty();
        }
    }

    @Override
    public String toString() {
        return "status file " + file;
    }
}
