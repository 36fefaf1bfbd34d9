package org.gatewaydrain.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code ./gateway run} as an operator starts it, on loopback with its own home, optionally
 * under {@code /usr/bin/time -v}. Its output goes to a log file. Closing it sends SIGTERM to
 * the gateway and SIGKILL if it has not exited in time; a shutdown hook kills any left when
 * the bench itself is stopped.
 */
final class LaunchedGateway implements AutoCloseable {

    static final String TOKEN = "bench-token-0123456789abcdefghijklmnopqrstuv";
    private static final Path TIME = Path.of("/usr/bin/time");
    private static final Pattern MAX_RSS = Pattern.compile("Maximum resident set size \\(kbytes\\): (\\d+)");
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);
    private static final Set<Process> RUNNING = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> RUNNING.forEach(p -> {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }), "kill-bench-gateways"));
    }

    private final Process process;
    private final Path log;
    private final int port;
    private final long readyNanos;

    private LaunchedGateway(Process process, Path log, int port, long readyNanos) {
        this.process = process;
        this.log = log;
        this.port = port;
        this.readyNanos = readyNanos;
    }

    /** @return whether {@code /usr/bin/time} is there to report a peak resident set */
    static boolean canTime() {
        return Files.isExecutable(TIME);
    }

    /**
     * Runs {@code launcher --version} once, so a launcher that finds the jar older than the sources
     * builds it now, bounded on its own, and never inside a start measured or bounded for readiness.
     *
     * @throws IllegalStateException if it fails or does not finish within {@code bound} (it is then killed)
     */
    static void ensureBuilt(Path launcher, Path log, Duration bound) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(launcher.toString(), "--version").redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        RUNNING.add(process);
        try {
            if (!process.waitFor(bound.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException(launcher + " --version (building the jar) did not finish within "
                        + bound + "; see " + log);
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException(launcher + " --version exited with " + process.exitValue() + "; see " + log);
            }
        } finally {
            stop(process);
        }
    }

    /**
     * Starts {@code launcher run} and waits until {@code /health/ready} answers 200.
     *
     * @param home the gateway's home (created by the gateway)
     * @param timed whether to run it under {@code /usr/bin/time -v}, for its peak resident set
     */
    static LaunchedGateway start(Path launcher, Path home, Path log, boolean timed) throws IOException, InterruptedException {
        int port = freePort();
        List<String> command = new ArrayList<>();
        if (timed) {
            command.addAll(List.of(TIME.toString(), "-v"));
        }
        command.addAll(List.of(launcher.toString(), "run", "--port", Integer.toString(port)));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        Map<String, String> env = builder.environment();
        env.put("GATEWAY_HOME", home.toString());
        env.put("GATEWAY_DRAIN_TOKEN", TOKEN);
        long started = System.nanoTime();
        Process process = builder.start();
        RUNNING.add(process);
        try {
            long ready = awaitReady(process, port, log) - started;
            return new LaunchedGateway(process, log, port, ready);
        } catch (IOException | InterruptedException | RuntimeException e) {
            stop(process);
            throw e;
        }
    }

    /**
     * Starts {@code launcher args…} as an operator would on the gateway's host (its home, the
     * bench token), its output (and errors) on a pipe; stopped with {@link #end} or at exit.
     */
    static Process command(Path launcher, Path home, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(launcher.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("GATEWAY_HOME", home.toString());
        builder.environment().put("GATEWAY_DRAIN_TOKEN", TOKEN);
        Process process = builder.start();
        RUNNING.add(process);
        return process;
    }

    /** Ends a process {@link #command} started, if it still runs, and forgets it. */
    static void end(Process process) {
        stop(process);
    }

    private static long awaitReady(Process process, int port, Path log) throws IOException, InterruptedException {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        HttpRequest ready = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health/ready"))
                .timeout(Duration.ofSeconds(5)).build();
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("The gateway exited with " + process.exitValue() + " before it was ready;"
                        + " see " + log);
            }
            try {
                if (client.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return System.nanoTime();
                }
            } catch (IOException notYet) {
                // Not listening yet.
            }
            Thread.sleep(2);
        }
        throw new IllegalStateException("The gateway was not ready within " + READY_TIMEOUT + "; see " + log);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** @return from starting the process to the first 200 from {@code /health/ready} */
    Duration startToReady() {
        return Duration.ofNanos(readyNanos);
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    /** @return the gateway's JVM: the launcher execs it, and {@code time} runs it as its child */
    ProcessHandle jvm() {
        return process.descendants().filter(p -> p.info().command().map(c -> c.endsWith("java")).orElse(false))
                .findFirst().orElse(process.toHandle());
    }

    /** @return the JVM's resident set now, from {@code /proc/<pid>/status}, in kB */
    OptionalLong residentKb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(jvm().pid()), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return OptionalLong.of(Long.parseLong(line.replaceAll("\\D", "")));
                }
            }
            return OptionalLong.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Stops the gateway (SIGTERM to its JVM) and waits for it.
     *
     * @return the peak resident set {@code time -v} reported, in kB, when it was timed
     */
    Optional<Long> stop() throws IOException {
        stop(process);
        Matcher rss = MAX_RSS.matcher(Files.readString(log, StandardCharsets.UTF_8));
        return rss.find() ? Optional.of(Long.parseLong(rss.group(1))) : Optional.empty();
    }

    private static void stop(Process process) {
        try {
            // Under time, signal only the gateway: time then reports and exits by itself.
            List<ProcessHandle> children = process.descendants().toList();
            if (children.isEmpty()) {
                process.destroy();
            } else {
                children.forEach(ProcessHandle::destroy);
            }
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        } finally {
            RUNNING.remove(process);
        }
    }

    @Override
    public void close() throws IOException {
        stop();
    }
}
