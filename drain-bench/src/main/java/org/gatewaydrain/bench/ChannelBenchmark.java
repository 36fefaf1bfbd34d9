package org.gatewaydrain.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.gatewaydrain.core.ChannelHealth;
import org.gatewaydrain.core.DrainRequest;
import org.gatewaydrain.core.DrainSignal;
import org.gatewaydrain.core.GatewayState;
import org.gatewaydrain.core.RuntimeStatus;
import org.gatewaydrain.core.spi.DrainControlChannel;
import org.gatewaydrain.core.spi.RuntimeStatusStore;
import org.gatewaydrain.transport.file.FileDrainChannel;
import org.gatewaydrain.transport.file.FileStatusStore;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The file transport's operations as the gateway and a requester use them, in a home on the
 * working directory's file system: reading the marker, writing it (temporary file, fsync,
 * rename, folder fsync) and publishing the status.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ChannelBenchmark {

    private Path home;
    private DrainControlChannel channel;
    private RuntimeStatusStore store;
    private DrainRequest request;
    private RuntimeStatus status;

    @Setup(Level.Trial)
    public void open() throws IOException {
        Path base = Path.of(System.getProperty("bench.work", "target"));
        Files.createDirectories(base);
        home = Files.createTempDirectory(base.toAbsolutePath(), "channel-bench-");
        channel = FileDrainChannel.builder().home(home).build();
        store = FileStatusStore.open(home);
        request = DrainRequest.of("bench", Instant.now()).withReason("channel benchmark");
        channel.request(request);
        Instant now = Instant.now();
        status = new RuntimeStatus(ProcessHandle.current().pid(), RuntimeStatus.KIND_GATEWAY, "bench", "bench-host", now,
                GatewayState.DRAINING, 3, Optional.of(RuntimeStatus.Drain.of(request, now)), Optional.empty(),
                ChannelHealth.OK, Optional.empty(), now);
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
        channel.close();
        store.close();
        try (Stream<Path> files = Files.walk(home)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        }
    }

    @Benchmark
    public DrainSignal markerRead() {
        return channel.read();
    }

    @Benchmark
    public void markerWrite() {
        channel.request(request);
    }

    @Benchmark
    public void statusPublish() {
        store.publish(status);
    }
}
