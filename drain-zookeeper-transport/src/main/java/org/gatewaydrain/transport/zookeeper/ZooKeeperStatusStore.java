package org.gatewaydrain.transport.zookeeper;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.recipes.cache.CuratorCache;
import org.apache.curator.framework.recipes.cache.CuratorCacheListener;
import org.apache.curator.framework.recipes.nodes.PersistentNode;
import org.apache.curator.framework.state.ConnectionStateListener;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.gatewaydrain.core.DrainControlException;
import org.gatewaydrain.core.FleetReading;
import org.gatewaydrain.core.GatewayState;
import org.gatewaydrain.core.RuntimeStatus;
import org.gatewaydrain.core.StatusReading;
import org.gatewaydrain.core.spi.ChangeFanout;
import org.gatewaydrain.core.spi.RuntimeStatusStore;
import org.gatewaydrain.core.spi.Subscription;
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
    private final ChangeFanout<Runnable> listeners = new ChangeFanout<>();
    private PersistentNode node;
    private CuratorCache cache;
    private ConnectionStateListener connectionListener;
    private boolean closed;

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

    /**
     * Told of every change under the cluster's status nodes (a publish, a node that came or went
     * with its session) through a {@link CuratorCache}, and of the connection's changes; started on
     * the first subscription.
     */
    @Override
    public synchronized Optional<Subscription> subscribe(Runnable listener, Executor executor) {
        Subscription subscription = listeners.add(Objects.requireNonNull(listener, "listener"),
                Objects.requireNonNull(executor, "executor"));
        if (cache == null && !closed) {
            cache = CuratorCache.build(client, paths.statusRoot());
            cache.listenable().addListener(CuratorCacheListener.builder()
                    .forAll((type, before, after) -> fire()).build());
            connectionListener = (source, state) -> fire();
            client.getConnectionStateListenable().addListener(connectionListener);
            cache.start();
        }
        return Optional.of(subscription);
    }

    private void fire() {
        listeners.fire(Runnable::run);
    }

    /** Withdraws this gateway's status node: to its peers it is gone. */
    @Override
    public synchronized void close() {
        closed = true;
        listeners.clear();
        if (cache != null) {
            cache.close();
            client.getConnectionStateListenable().removeListener(connectionListener);
            cache = null;
        }
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
