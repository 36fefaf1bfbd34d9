package org.gatewaydrain.transport.zookeeper;

import java.nio.file.Path;
import java.util.UUID;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryOneTime;
import org.apache.curator.test.TestingServer;
import org.gatewaydrain.core.DrainTarget;
import org.gatewaydrain.core.spi.DrainTransport;
import org.gatewaydrain.core.spi.TransportSettings;
import org.gatewaydrain.tck.TransportBackend;
import org.gatewaydrain.tck.TransportCompatibilityKit;
import org.junit.jupiter.api.AfterAll;

/**
 * The ZooKeeper transport, opened through its provider against Curator's {@link TestingServer}
 * (a real ZooKeeper in this JVM), passes the kit; each test gets a cluster of its own.
 */
class ZooKeeperTransportCompatibilityTest extends TransportCompatibilityKit {

    private static TestingServer server;

    static synchronized TestingServer server() throws Exception {
        if (server == null) {
            server = new TestingServer(true);
        }
        return server;
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (server != null) {
            server.close();
            server = null;
        }
    }

    @Override
    protected TransportBackend newBackend() throws Exception {
        TestingServer zookeeper = server();
        String cluster = "kit-" + UUID.randomUUID();
        return new TransportBackend() {
            private boolean stopped;

            @Override
            public DrainTransport open(TransportSettings.Builder shared) {
                return new ZooKeeperTransportProvider().open(shared.home(Path.of("unused"))
                        .put(ZooKeeperTransportProvider.CONNECT, zookeeper.getConnectString())
                        .put(ZooKeeperTransportProvider.SESSION_TIMEOUT, "10s")
                        .put(ZooKeeperTransportProvider.CLUSTER, cluster).build());
            }

            @Override
            public void plantRaw(DrainTarget target, byte[] content) throws Exception {
                String path = new FleetPaths(cluster).request(target, KIT_INSTANCE);
                try (CuratorFramework raw = CuratorFrameworkFactory.newClient(zookeeper.getConnectString(),
                        new RetryOneTime(100))) {
                    raw.start();
                    if (raw.checkExists().forPath(path) == null) {
                        raw.create().creatingParentsIfNeeded().forPath(path, content);
                    } else {
                        raw.setData().forPath(path, content);
                    }
                }
            }

            @Override
            public boolean makeUnreachable() {
                try {
                    zookeeper.stop();
                    stopped = true;
                    return true;
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }

            @Override
            public void close() throws Exception {
                if (stopped) {
                    zookeeper.restart();
                }
            }
        };
    }

    @Override
    protected String providerName() {
        return "zookeeper";
    }
}
