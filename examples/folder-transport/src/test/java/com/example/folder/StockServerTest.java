package com.example.folder;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The stock server, unchanged, with this module on its class path: {@code gateway run} serves a
 * gateway on the folder transport and the {@code gateway} CLI in another process drains it
 * through the folder, selected by configuration alone. Every process is stopped by the test.
 */
class StockServerTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path home;

    /** A {@code gateway} command in its own JVM, on this test's class path (the server and this transport). */
    private Process gateway(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "org.gatewaydrain.server.Main"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(Map.of("GATEWAY_HOME", home.toString(), "GATEWAY_TRANSPORT", "folder",
                "GATEWAY_FOLDER_PATH", home.resolve("shared").toString(), "GATEWAY_SHUTDOWN_DRAIN_TIMEOUT", "100ms"));
        return builder.start();
    }

    /** @return every line the process printed, once it exited */
    private static String finish(Process process) throws Exception {
        try {
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)).as("exited: " + output).isTrue();
            return "exit " + process.exitValue() + "\n" + output;
        } finally {
            process.destroyForcibly();
        }
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void theStockServer_servesAGatewayOnThisTransport_andItsCliDrainsItThroughTheFolder() throws Exception {
        Process server = gateway("run", "--port", "0");
        try {
            List<String> lines = new CopyOnWriteArrayList<>();
            CompletableFuture<Void> running = new CompletableFuture<>();
            // Read everything the server prints until it ends, so it never blocks on a full pipe.
            Thread reader = new Thread(() -> {
                try (BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(),
                        StandardCharsets.UTF_8))) {
                    for (String line = out.readLine(); line != null; line = out.readLine()) {
                        lines.add(line);
                        if (line.startsWith("Gateway running on ")) {
                            running.complete(null);
                        }
                    }
                } catch (IOException e) {
                    running.completeExceptionally(e);
                }
                running.completeExceptionally(new IllegalStateException("the server ended before it ran: " + lines));
            }, "server-output");
            reader.setDaemon(true);
            reader.start();
            running.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertThat(String.join("\n", lines)).contains("transport folder");

            assertThat(finish(gateway("drain", "--reason", "from outside", "--principal", "ops")))
                    .startsWith("exit 0").contains("via the folder transport", "the gateway is draining");
            assertThat(finish(gateway("status", "--json")))
                    .startsWith("exit 0").contains("\"gateway_state\" : \"draining\"", "\"reason\" : \"from outside\"");
            assertThat(finish(gateway("cancel"))).startsWith("exit 0").contains("cancelled");
            assertThat(finish(gateway("status"))).startsWith("exit 0").contains("state:           running");
        } finally {
            server.destroy();
            if (!server.waitFor(30, TimeUnit.SECONDS)) {
                server.destroyForcibly();
            }
        }
    }
}
