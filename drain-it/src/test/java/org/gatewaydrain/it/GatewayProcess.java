package org.gatewaydrain.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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

    private final Process process;
    private final List<String> output = new CopyOnWriteArrayList<>();
    private final CompletableFuture<Integer> port = new CompletableFuture<>();
    private final Path log;

    private GatewayProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
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
        List<String> command = new ArrayList<>(List.of(javaBinary(), "-Xshare:auto", "-XX:TieredStopAtLevel=1"));
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", jar().toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        Map<String, String> childEnv = new HashMap<>(env);
        builder.environment().keySet().removeIf(key -> key.startsWith("GATEWAY_"));
        builder.environment().putAll(childEnv);
        Path logs = Path.of(System.getProperty("live.logs", "target/live-logs"));
        Files.createDirectories(logs);
        return new GatewayProcess(builder.start(), logs.resolve(name + "-" + System.nanoTime() + ".log"));
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

    /** Sends SIGKILL. */
    void kill() {
        process.destroyForcibly();
    }

    /** @return the exit code, waiting up to {@code timeout} */
    int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("Process " + pid() + " did not exit within " + timeout);
        }
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
        try {
            Files.write(log, output, StandardCharsets.UTF_8);
        } catch (IOException e) {
            System.err.println("Could not keep the log of process " + pid() + ": " + e);
        }
    }

    private void pump() {
        try (BufferedReader reader = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                output.add(line);
                Matcher listening = LISTENING.matcher(line);
                if (listening.find()) {
                    port.complete(Integer.parseInt(listening.group(2)));
                }
            }
        } catch (IOException e) {
            output.add("[output ended: " + e + "]");
        } finally {
            port.completeExceptionally(new IllegalStateException("exited before listening"));
        }
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
