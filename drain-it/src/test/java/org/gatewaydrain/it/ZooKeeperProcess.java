package org.gatewaydrain.it;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A ZooKeeper server in its own process, run from the ZooKeeper artifact on the test
 * classpath ({@code ZooKeeperServerMain}), on loopback. It can be killed and restarted on the
 * same port and data folder, as an ensemble member comes back after a crash.
 *
 * <p>The port is chosen here, since a restart must reuse it (the gateways' connect string names
 * it), so another process could take it between the choice and the bind. The server counts as
 * up only once the socket listening on that port is its own (Linux tells, in {@code /proc}); a
 * first start whose port was taken meanwhile tries another. A start that fails stops the child.
 */
final class ZooKeeperProcess implements AutoCloseable {

    private static final Duration READY = Duration.ofSeconds(60);
    private static final int STARTS = 3;

    private final Path data;
    private int port;
    private GatewayProcess process;

    private ZooKeeperProcess(Path data) {
        this.data = data;
    }

    /** Starts a server keeping its data in {@code data} and waits until it listens, itself, on its port. */
    static ZooKeeperProcess start(Path data) throws Exception {
        ZooKeeperProcess zookeeper = new ZooKeeperProcess(data);
        for (int attempt = 1; ; attempt++) {
            zookeeper.port = freeLoopbackPort();
            if (zookeeper.launch()) {
                return zookeeper;
            }
            if (attempt == STARTS) {
                throw new IllegalStateException("ZooKeeper did not start in " + STARTS + " attempts; its output:\n"
                        + String.join("\n", zookeeper.process.output()));
            }
        }
    }

    String connect() {
        return "127.0.0.1:" + port;
    }

    /**
     * @param base the process's environment so far (its home, a token)
     * @param sessionTimeout how soon a killed process's ephemeral nodes go, e.g. {@code 3s}
     * @return {@code base} plus what puts a gateway or the CLI on this server as {@code instance} of {@code cluster}
     */
    Map<String, String> fleetEnv(Map<String, String> base, String cluster, String instance, String sessionTimeout) {
        Map<String, String> env = new java.util.HashMap<>(base);
        env.put("GATEWAY_TRANSPORT", "zookeeper");
        env.put("GATEWAY_ZOOKEEPER_CONNECT", connect());
        env.put("GATEWAY_ZOOKEEPER_SESSION_TIMEOUT", sessionTimeout);
        env.put("GATEWAY_CLUSTER", cluster);
        env.put("GATEWAY_INSTANCE_ID", instance);
        return env;
    }

    /** SIGKILL: the server is gone at once, as in a crash. */
    void kill() throws InterruptedException {
        process.kill();
        process.awaitExit(Duration.ofSeconds(30));
    }

    /** Starts it again on the same port and data. */
    void restart() throws Exception {
        if (!launch()) {
            throw new IllegalStateException("ZooKeeper could not listen on its port " + port
                    + " again (another process took it?); its output:\n" + String.join("\n", process.output()));
        }
    }

    /** @return whether the server came up on the port; false when it exited first (the port was taken) */
    private boolean launch() throws Exception {
        // A configuration file, not the port-and-folder arguments: only the file binds the client port to
        // loopback (with the arguments the server listens on every interface).
        Files.createDirectories(data);
        Path config = data.resolveSibling(data.getFileName() + ".cfg");
        Files.writeString(config, "tickTime=500\ndataDir=" + data + "\nclientPort=" + port
                + "\nclientPortAddress=127.0.0.1\nadmin.enableServer=false\n");
        process = GatewayProcess.java("zookeeper", Map.of(), List.of("-cp", System.getProperty("java.class.path"),
                "org.apache.zookeeper.server.ZooKeeperServerMain", config.toString()));
        try {
            Latency.until(System.nanoTime(), READY, "ZooKeeper listening on " + port,
                    () -> !process.alive() || listensItself());
        } catch (RuntimeException | AssertionError e) {
            process.close();
            throw e;
        }
        if (!process.alive()) {
            process.close();
            return false;
        }
        return true;
    }

    /** @return whether the socket listening on the port belongs to this server's process (where the OS can tell) */
    private boolean listensItself() {
        Optional<String> inode = listeningSocketInode();
        if (inode.isEmpty()) {
            return false;
        }
        Path fds = Path.of("/proc", String.valueOf(process.pid()), "fd");
        try (Stream<Path> open = Files.list(fds)) {
            String socket = "socket:[" + inode.get() + "]";
            return open.anyMatch(fd -> {
                try {
                    return Files.readSymbolicLink(fd).toString().equals(socket);
                } catch (IOException gone) {
                    return false;
                }
            });
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * @return the inode of the socket listening on 127.0.0.1:port, from {@code /proc/net/tcp}, or from
     *     {@code /proc/net/tcp6} where Java's dual-stack socket shows it as {@code ::ffff:127.0.0.1}
     */
    private Optional<String> listeningSocketInode() {
        String portHex = String.format(Locale.ROOT, ":%04X", port);
        List<String> addresses = List.of("0100007F" + portHex, "0000000000000000FFFF00000100007F" + portHex);
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            try (Stream<String> lines = Files.lines(Path.of(table))) {
                Optional<String> inode = lines.skip(1).map(String::trim).map(line -> line.split("\\s+"))
                        .filter(f -> f.length > 9 && addresses.contains(f[1]) && f[3].equals("0A")).map(f -> f[9])
                        .findFirst();
                if (inode.isPresent()) {
                    return inode;
                }
            } catch (IOException e) {
                // No such table here.
            }
        }
        return Optional.empty();
    }

    private static int freeLoopbackPort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        }
    }

    @Override
    public void close() {
        if (process != null) {
            process.close();
        }
    }
}
