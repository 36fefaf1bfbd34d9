package org.gatewaydrain.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@code gateway} child process started from the real fat jar. Its output is kept (and
 * copied to {@code target/live-logs}); closing it sends SIGTERM, then SIGKILL if it has not
 * exited in time, so no process outlives its test.
 */
final class GatewayProcess implements AutoCloseable {

    static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Pattern LISTENING = Pattern.compile("running on http://([\\d.]+):(\\d+)");

    /** Every child still running: a test JVM that is killed or exits early takes them down with it. */
    private static final Set<Process> RUNNING = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> RUNNING.forEach(Process::destroyForcibly), "kill-live-gateways"));
    }

    private final Process process;
    private final List<String> output = new CopyOnWriteArrayList<>();
    private final CompletableFuture<Integer> port = new CompletableFuture<>();
    private final java.util.concurrent.CountDownLatch pumped = new java.util.concurrent.CountDownLatch(1);
    private final Path log;

    private GatewayProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
        RUNNING.add(process);
        process.onExit().thenRun(() -> RUNNING.remove(process));
        Thread reader = new Thread(this::pump, "output-" + process.pid());
        reader.setDaemon(true);
        reader.start();
    }

    static Path jar() {
        Path jar = Path.of(System.getProperty("gateway.jar", "../gateway-server/target/gateway.jar"));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: build it with ./mvnw package -pl gateway-server -am");
        }
        return jar;
    }

    /**
     * Starts {@code gateway <args>} and, for serving commands, waits until it says where it listens.
     *
     * @param env extra environment (e.g. {@code GATEWAY_DEMO_TURN_DELAY})
     */
    static GatewayProcess start(String name, Map<String, String> env, String... args) throws IOException {
        return start(name, env, List.of(), args);
    }

    /** Starts {@code gateway <args>} in a JVM given {@code jvmOptions} besides the usual ones. */
    static GatewayProcess start(String name, Map<String, String> env, List<String> jvmOptions, String... args)
            throws IOException {
        List<String> command = new ArrayList<>(jvmOptions);
        command.addAll(List.of("-jar", jar().toString()));
        command.addAll(List.of(args));
        return java(name, env, command);
    }

    /** Starts {@code java <arguments>} (a main class of the test classpath, say) as a child this test owns. */
    static GatewayProcess java(String name, Map<String, String> env, List<String> arguments) throws IOException {
        List<String> command = new ArrayList<>(List.of(javaBinary(), "-Xshare:auto", "-XX:TieredStopAtLevel=1"));
        command.addAll(arguments);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        Map<String, String> childEnv = new HashMap<>(env);
        builder.environment().keySet().removeIf(key -> key.startsWith("GATEWAY_"));
        builder.environment().putAll(childEnv);
        Path logs = Path.of(System.getProperty("live.logs", "target/live-logs"));
        Files.createDirectories(logs);
        // The child writes to a file the test tails: a pipe can lose the last lines when the child exits.
        Path log = logs.resolve(name + "-" + System.nanoTime() + ".log");
        builder.redirectOutput(log.toFile());
        return new GatewayProcess(builder.start(), log);
    }

    /**
     * Starts a serving command whose agent is {@link HeldTurns}: turns of {@code held-…} sessions last
     * until {@link HeldTurns#release} names them in {@code releases}. Blocks until it listens.
     */
    static GatewayProcess serveHeld(String name, Map<String, String> env, Path releases, String... args)
            throws IOException {
        Map<String, String> held = new HashMap<>(env);
        held.put("GATEWAY_TURN_HANDLER", HeldTurns.class.getName());
        List<String> command = new ArrayList<>(List.of("-D" + HeldTurns.FOLDER + "=" + releases,
                "-cp", jar() + java.io.File.pathSeparator + HeldTurns.classes(), "org.gatewaydrain.server.Main"));
        command.addAll(List.of(args));
        GatewayProcess started = java(name, held, command);
        try {
            started.port();
        } catch (RuntimeException e) {
            started.close();
            throw e;
        }
        return started;
    }

    /** Starts a serving command and blocks until it listens. */
    static GatewayProcess serve(String name, Map<String, String> env, String... args) throws IOException {
        return serve(name, env, List.of(), args);
    }

    /** Starts a serving command in a JVM given {@code jvmOptions} and blocks until it listens. */
    static GatewayProcess serve(String name, Map<String, String> env, List<String> jvmOptions, String... args)
            throws IOException {
        GatewayProcess started = start(name, env, jvmOptions, args);
        try {
            started.port();
        } catch (RuntimeException e) {
            started.close();
            throw e;
        }
        return started;
    }

    /** @return the port the server listens on; waits for it to say so */
    int port() {
        try {
            return port.get(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("The gateway did not start listening within " + START_TIMEOUT
                    + "; its output:\n" + String.join("\n", output), e);
        }
    }

    String url() {
        return "http://127.0.0.1:" + port();
    }

    long pid() {
        return process.pid();
    }

    boolean alive() {
        return process.isAlive();
    }

    List<String> output() {
        return List.copyOf(output);
    }

    /** Sends SIGTERM. */
    void terminate() {
        process.destroy();
    }

    /** @return whether a line containing {@code text} appeared within {@code timeout} */
    boolean awaitOutput(String text, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (output.stream().anyMatch(line -> line.contains(text))) {
                return true;
            }
            Thread.sleep(20);
        }
        return false;
    }

    /** Sends SIGKILL. */
    void kill() {
        process.destroyForcibly();
    }

    /** @return the exit code, waiting up to {@code timeout}; afterwards {@link #output()} holds every line */
    int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("Process " + pid() + " did not exit within " + timeout);
        }
        pumped.await(10, TimeUnit.SECONDS);
        return process.exitValue();
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(20, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Tails the child's output file until the child has exited and every line is read. */
    private void pump() {
        try (BufferedReader reader = Files.newBufferedReader(log, StandardCharsets.UTF_8)) {
            StringBuilder partial = new StringBuilder();
            while (true) {
                boolean exited = !process.isAlive();
                int c;
                while ((c = reader.read()) >= 0) {
                    if (c == '\n') {
                        line(partial.toString());
                        partial.setLength(0);
                    } else {
                        partial.append((char) c);
                    }
                }
                if (exited) {
                    if (partial.length() > 0) {
                        line(partial.toString());
                    }
                    return;
                }
                Thread.sleep(5);
            }
        } catch (IOException e) {
            output.add("[output ended: " + e + "]");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            pumped.countDown();
            port.completeExceptionally(new IllegalStateException("exited before listening"));
        }
    }

    private void line(String line) {
        output.add(line);
        Matcher listening = LISTENING.matcher(line);
        if (listening.find()) {
            port.complete(Integer.parseInt(listening.group(2)));
        }
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
