package org.gatewaydrain.transport.file;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;
import org.gatewaydrain.core.GatewayHome;
import org.gatewaydrain.core.GatewayState;
import org.gatewaydrain.core.RuntimeStatus;
import org.gatewaydrain.core.StatusReading;
import org.gatewaydrain.core.spi.RuntimeStatusStore;
import org.gatewaydrain.core.spi.Subscription;
import org.gatewaydrain.core.spi.WireFormat;

/**
 * The status file, replaced atomically on every publish and read with the same bounds as the
 * marker; see {@link FileStatusStore} for how liveness is judged. Thread-safe.
 */
final class FileStatusStoreImpl implements RuntimeStatusStore {

    /** Process start times come from the OS in clock ticks; a publisher's own report may differ by that much. */
    private static final Duration START_TIME_TOLERANCE = Duration.ofSeconds(1);

    private final Path file;
    private final Clock clock;
    private final Duration freshFor;
    private final BoundedRead reads;
    private final FileWatch watch;

    FileStatusStoreImpl(Path file, Clock clock, Duration freshFor, BoundedRead reads, FileWatch watch) {
        this.file = file;
        this.clock = clock;
        this.freshFor = freshFor;
        this.reads = reads;
        this.watch = watch;
    }

    /** Pushed by the OS watching the status file (polled where it cannot); started on the first subscription. */
    @Override
    public Optional<Subscription> subscribe(Runnable listener, Executor executor) {
        Objects.requireNonNull(listener, "listener");
        return Optional.of(watch.subscribe(listener::run, Objects.requireNonNull(executor, "executor")));
    }

    @Override
    public void close() {
        watch.close();
    }

    @Override
    public synchronized void publish(RuntimeStatus status) {
        AtomicFiles.replace(file, JsonCodec.encode(WireFormat.encodeStatus(status)));
    }

    @Override
    public StatusReading read() {
        BoundedRead.Outcome outcome = reads.read(file);
        if (outcome instanceof BoundedRead.Outcome.Missing) {
            return StatusReading.ABSENT;
        }
        if (outcome instanceof BoundedRead.Outcome.FolderGone gone) {
            return new StatusReading.Unknown("the home folder " + file.getParent() + " cannot be reached: " + gone.why());
        }
        if (!(outcome instanceof BoundedRead.Outcome.Bytes bytes)) {
            return new StatusReading.Unknown("the status file " + file + " cannot be read: " + describe(outcome));
        }
        JsonCodec.Decoded decoded = JsonCodec.decode(bytes.bytes(), "the status file");
        Optional<RuntimeStatus> status = decoded instanceof JsonCodec.Decoded.Object object
                ? WireFormat.decodeStatus(object.fields()) : Optional.empty();
        return status.<StatusReading>map(s -> new StatusReading.Published(s, live(s)))
                .orElseGet(() -> new StatusReading.Unknown(file + " does not hold a gateway status"));
    }

    /** Visible here: the process itself says; not visible: the heartbeat does. */
    private boolean live(RuntimeStatus status) {
        if (status.state() == GatewayState.STOPPED) {
            return false;
        }
        Optional<Instant> started = ProcessHandle.of(status.pid()).filter(ProcessHandle::isAlive)
                .flatMap(process -> process.info().startInstant());
        if (started.isPresent() && Duration.between(started.get(), status.startTime()).abs().compareTo(START_TIME_TOLERANCE) <= 0) {
            return true;
        }
        return status.updatedAt().plus(freshFor).isAfter(clock.instant());
    }

    private static String describe(BoundedRead.Outcome outcome) {
        if (outcome instanceof BoundedRead.Outcome.NotAFile other) {
            return "it is " + other.what();
        }
        if (outcome instanceof BoundedRead.Outcome.TooLarge) {
            return "it is larger than " + FileStatusStore.MAX_BYTES / 1024 + " KiB";
        }
        if (outcome instanceof BoundedRead.Outcome.Failed failed) {
            return GatewayHome.describe(failed.cause());
        }
        return "the read did not finish in time";
    }

    @Override
    public String toString() {
        return "status file " + file;
    }
}
