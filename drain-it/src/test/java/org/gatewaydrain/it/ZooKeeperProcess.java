package org.gatewaydrain.it;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A ZooKeeper server in its own process, run from the ZooKeeper artifact on the test
 * classpath ({@code ZooKeeperServerMain}), on loopback. It can be killed and restarted on the
 * same port and data folder, as an ensemble member comes back after a crash.
 */
final class ZooKeeperProcess implements AutoCloseable {

    private final int port;
    private final Path data;
    private GatewayProcess process;

    private ZooKeeperProcess(int port, Path data) {
        this.port = port;
        this.data = data;
    }

    /** Starts a server keeping its data in {@code data} and waits until it accepts connections. */
    static ZooKeeperProcess start(Path data) throws Exception {
        // The port must stay the same across a restart (the gateways' connect string names it), so it is chosen
        // here, not by the server: a free loopback port, taken back at once; another process could only take it
        // in the moment between, on this machine's loopback.
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        ZooKeeperProcess zookeeper = new ZooKeeperProcess(port, data);
        zookeeper.launch();
        return zookeeper;
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
        launch();
    }

    private void launch() throws Exception {
        process = GatewayProcess.java("zookeeper", Map.of(), List.of("-Dzookeeper.admin.enableServer=false",
                "-Dzookeeper.clientPortAddress=127.0.0.1", "-cp", System.getProperty("java.class.path"),
                "org.apache.zookeeper.server.ZooKeeperServerMain", String.valueOf(port), data.toString(), "500"));
        Latency.until(System.nanoTime(), Duration.ofSeconds(60), "ZooKeeper accepting connections on " + port, this::accepts);
    }

    private boolean accepts() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
            return true;
        } catch (IOException notYet) {
            return false;
        }
    }

    @Override
    public void close() {
        if (process != null) {
            process.close();
        }
    }
}
