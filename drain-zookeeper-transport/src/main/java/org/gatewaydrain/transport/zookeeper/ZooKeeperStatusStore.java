package org.gatewaydrain.transport.zookeeper;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.recipes.nodes.PersistentNode;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.gatewaydrain.core.DrainControlException;
import org.gatewaydrain.core.FleetReading;
import org.gatewaydrain.core.GatewayState;
import org.gatewaydrain.core.RuntimeStatus;
import org.gatewaydrain.core.StatusReading;
import org.gatewaydrain.core.spi.RuntimeStatusStore;
import org.gatewaydrain.core.spi.WireFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Each gateway's status as an <b>ephemeral</b> node, {@code /gatewaydrain/<cluster>/status/<id>},
 * kept by Curator's {@link PersistentNode}: it is re-created with the latest status after a
 * session expiry, and it vanishes when its gateway's session ends. Liveness is that node's
 * existence. Thread-safe.
 */
final class ZooKeeperStatusStore implements RuntimeStatusStore {

    private static final Logger LOG = LoggerFactory.getLogger(ZooKeeperStatusStore.class);
    private static final long FIRST_CREATE_SECONDS = 5;

    private final CuratorFramework client;
    private final FleetPaths paths;
    private final String instanceId;
    private PersistentNode node;

    ZooKeeperStatusStore(CuratorFramework client, FleetPaths paths, String instanceId) {
        this.client = client;
        this.paths = paths;
        this.instanceId = instanceId;
    }

    @Override
    public synchronized void publish(RuntimeStatus status) {
        byte[] bytes = ZkJson.encode(WireFormat.encodeStatus(status));
        ZooKeeperFailures.requireConnected(client, paths.status(instanceId));
        try {
            if (node == null) {
                node = new PersistentNode(client, CreateMode.EPHEMERAL, false, paths.status(instanceId), bytes);
                node.start();
            }
            if (!node.waitForInitialCreate(FIRST_CREATE_SECONDS, TimeUnit.SECONDS)) {
                throw new DrainControlException("The status node " + paths.status(instanceId)
                        + " is not created yet: ZooKeeper is unreachable; it will be when ZooKeeper answers.");
            }
            node.setData(bytes);
            if (!client.getZookeeperClient().isConnected()) {
                throw new DrainControlException("Not connected to ZooKeeper: the status is published when it reconnects.");
            }
        } catch (DrainControlException e) {
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DrainControlException("Interrupted while publishing the status to ZooKeeper.", e);
        } catch (Exception e) {
            throw ZooKeeperFailures.writing(paths.status(instanceId), e);
        }
    }

    @Override
    public StatusReading read() {
        if (!client.getZookeeperClient().isConnected()) {
            return new StatusReading.Unknown("not connected to ZooKeeper");
        }
        try {
            return readNode(paths.status(instanceId)).<StatusReading>map(s -> s).orElse(StatusReading.ABSENT);
        } catch (Exception e) {
            return new StatusReading.Unknown("ZooKeeper did not answer: " + ZooKeeperFailures.describe(e));
        }
    }

    @Override
    public FleetReading readFleet() {
        if (!client.getZookeeperClient().isConnected()) {
            return new FleetReading.Unknown("not connected to ZooKeeper");
        }
        try {
            List<String> ids;
            try {
                ids = new ArrayList<>(client.getChildren().forPath(paths.statusRoot()));
            } catch (KeeperException.NoNodeException noneYet) {
                return new FleetReading.Instances(List.of());
            }
            ids.sort(null);
            List<StatusReading.Published> instances = new ArrayList<>();
            for (String id : ids) {
                readNode(paths.statusRoot() + "/" + id).ifPresent(instances::add);
            }
            return new FleetReading.Instances(instances);
        } catch (Exception e) {
            return new FleetReading.Unknown("ZooKeeper did not answer: " + ZooKeeperFailures.describe(e));
        }
    }

    /** @return the status at {@code path}, live (the ephemeral node exists) unless it says stopped; empty when gone or not a status */
    private Optional<StatusReading.Published> readNode(String path) throws Exception {
        StringBuilder why = new StringBuilder();
        Optional<Map<String, ?>> fields = ZkJson.read(client, path, why);
        Optional<RuntimeStatus> status = fields.flatMap(WireFormat::decodeStatus);
        if (why.length() > 0) {
            LOG.debug("Ignoring {}: {}", path, why);
        } else if (fields.isPresent() && status.isEmpty()) {
            LOG.debug("Ignoring {}: not a gateway status", path);
        }
        return status.map(s -> new StatusReading.Published(s, s.state() != GatewayState.STOPPED));
    }

    /** Withdraws this gateway's status node: to its peers it is gone. */
    @Override
    public synchronized void close() {
        if (node != null) {
            try {
                node.close();
            } catch (Exception e) {
                LOG.debug("Removing the status node failed; the session's end removes it", e);
            }
            node = null;
        }
    }

    @Override
    public String toString() {
        return "ZooKeeper status " + paths.status(instanceId);
    }
}
