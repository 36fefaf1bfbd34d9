package org.gatewaydrain.server;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * The build's training run for the class-data-sharing archive that {@code ./gateway} starts
 * with: run under {@code -XX:ArchiveClassesAtExit}, it starts {@code gateway run} in this JVM
 * on loopback, uses it as operators do (status, a drain that waits, a cancel, over HTTP and on
 * the transport), then exits, and the JVM writes every class it loaded into the archive. It
 * runs in a throwaway home with none of the operator's {@code GATEWAY_*} settings. Not part of
 * the CLI.
 */
public final class StartupTraining {

    private static final String TOKEN = "startup-training-token-0123456789abcdef";
    private static final String GATEWAY_PREFIX = "GATEWAY_";
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

    private StartupTraining() {
    }

    /** @param args the home to train in (created; left behind in the build folder) */
    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: StartupTraining <home>");
        }
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Map<String, String> env = environment(System.getenv(), Path.of(args[0]));
        PrintWriter quiet = new PrintWriter(OutputStream.nullOutputStream(), true);
        Thread server = new Thread(() -> Main.run(new String[] {"run", "--port", Integer.toString(port)}, env,
                new PrintWriter(System.out, true), new PrintWriter(System.err, true)), "training-server");
        server.setDaemon(true);
        server.start();
        String url = "http://127.0.0.1:" + port;
        awaitReady(URI.create(url + "/health/ready"));
        int failures = 0;
        for (String[] command : new String[][] {
                {"status"},
                {"status", "--url", url},
                {"drain", "--reason", "training", "--wait", "--timeout", "20s"},
                {"cancel"},
                {"drain", "--url", url, "--reason", "training", "--wait", "--timeout", "20s"},
                {"cancel", "--url", url},
                {"token"},
                {"--help"}}) {
            if (Main.run(command, env, quiet, quiet) != ExitCodes.OK) {
                System.err.println("training: gateway " + String.join(" ", command) + " failed");
                failures++;
            }
        }
        HttpClient client = HttpClient.newHttpClient();
        for (String path : new String[] {"/api/gateway/status", "/metrics", "/health/live"}) {
            client.send(HttpRequest.newBuilder(URI.create(url + path)).header("Authorization", "Bearer " + TOKEN).build(),
                    HttpResponse.BodyHandlers.discarding());
        }
        // The shutdown hook gateway run registered stops the server, then the archive is written.
        System.exit(failures == 0 ? 0 : 1);
    }

    /**
     * What the training run sees: the inherited environment without any {@code GATEWAY_*}
     * variable (a build on a fleet host must never start a gateway as the host's instance, read
     * its configuration or reach its ZooKeeper), then the file transport in the throwaway home,
     * a training instance id and a training token.
     */
    static Map<String, String> environment(Map<String, String> inherited, Path home) {
        Map<String, String> env = new HashMap<>();
        inherited.forEach((name, value) -> {
            if (!name.startsWith(GATEWAY_PREFIX)) {
                env.put(name, value);
            }
        });
        env.put("GATEWAY_HOME", home.toAbsolutePath().toString());
        env.put("GATEWAY_TRANSPORT", "file");
        env.put("GATEWAY_INSTANCE_ID", "startup-training");
        env.put("GATEWAY_DRAIN_TOKEN", TOKEN);
        return env;
    }

    private static void awaitReady(URI ready) throws IOException, InterruptedException {
        HttpClient client = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (client.send(HttpRequest.newBuilder(ready).build(), HttpResponse.BodyHandlers.discarding())
                        .statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // Not listening yet.
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException("gateway run was not ready within " + READY_TIMEOUT);
    }
}
