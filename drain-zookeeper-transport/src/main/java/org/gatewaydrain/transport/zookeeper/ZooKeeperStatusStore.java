package org.gatewaydrain.transport.zookeeper;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.recipes.nodes.PersistentNode;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.data.Stat;
import org.gatewaydrain.core.DrainControlException;
import org.gatewaydrain.core.FleetReading;
import org.gatewaydrain.core.GatewayState;
import org.gatewaydrain.core.RuntimeStatus;
import org.gatewaydrain.core.SafeText;
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
 * existence. What is read is trusted no further than ZooKeeper vouches for it: a status is the
 * instance its node is named after, and only an ephemeral node (a live session holds it) counts;
 * a node whose status names another instance or none, a persistent node, a node that is no status,
 * reads as invalid, never as an instance. A status root with more children than the limit reads
 * as unknown, without reading them. Thread-safe.
 */
final class ZooKeeperStatusStore implements RuntimeStatusStore {

    private static final Logger LOG = LoggerFactory.getLogger(ZooKeeperStatusStore.class);
    private static final long FIRST_CREATE_SECONDS = 5;

    private final CuratorFramework client;
    private final FleetPaths paths;
    private final String instanceId;
    private final int maxChildren;
    private final ChangeFanout<Runnable> listeners = new ChangeFanout<>();
    private PersistentNode node;
    private ZkWatch watch;
    private boolean closed;

    /** @param maxChildren the most status nodes the fleet's reading reads */
    ZooKeeperStatusStore(CuratorFramework client, FleetPaths paths, String instanceId, int maxChildren) {
        this.client = client;
        this.paths = paths;
        this.instanceId = instanceId;
        this.maxChildren = maxChildren;
    }

    /** @throws IllegalArgumentException if {@code status} names another instance than this store's: its node is its name */
    @Override
    public synchronized void publish(RuntimeStatus status) {
        if (!status.instanceId().equals(instanceId)) {
            throw new IllegalArgumentException("This store publishes instance " + instanceId + ", not "
                    + status.instanceId() + ": a status is the instance its node is named after.");
        }
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
            Node read = readNode(instanceId);
            if (read instanceof Node.Invalid invalid) {
                return new StatusReading.Unknown("the status node " + paths.status(instanceId) + " is invalid: "
                        + invalid.why());
            }
            return read instanceof Node.Status status ? status.published() : StatusReading.ABSENT;
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
            Stat root = ZkReads.exists(client, paths.statusRoot());
            if (root == null) {
                return new FleetReading.Instances(List.of());
            }
            if (root.getNumChildren() > maxChildren) {
                return new FleetReading.Unknown(paths.statusRoot() + " holds " + root.getNumChildren()
                        + " nodes, more than zookeeper.max_children (" + maxChildren + "); they are not read");
            }
            Map<String, StatusReading.Published> byName = new TreeMap<>();
            List<FleetReading.Invalid> invalid = new ArrayList<>();
            for (String name : ZkReads.children(client, paths.statusRoot())) {
                if (byName.size() + invalid.size() >= maxChildren) {
                    return new FleetReading.Unknown(paths.statusRoot() + " holds more than zookeeper.max_children ("
                            + maxChildren + ") nodes");
                }
                Node read = readNode(name);
                if (read instanceof Node.Status status) {
                    byName.put(name, status.published());
                } else if (read instanceof Node.Invalid bad) {
                    invalid.add(new FleetReading.Invalid(name, bad.why()));
                }
            }
            return FleetReading.Instances.byNode(byName, invalid);
        } catch (Exception e) {
            return new FleetReading.Unknown("ZooKeeper did not answer: " + ZooKeeperFailures.describe(e));
        }
    }

    /** What a status node holds, as far as it can be trusted. */
    private sealed interface Node {
        /** No such node (any more). */
        record Gone() implements Node {
        }

        /** @param why why it does not count */
        record Invalid(String why) implements Node {
        }

        /** @param published its status, live unless it says stopped (the ephemeral node is its session's) */
        record Status(StatusReading.Published published) implements Node {
        }
    }

    /** Reads the status node named {@code name}: valid only as an ephemeral node whose status names {@code name}. */
    private Node readNode(String name) throws Exception {
        if (!FleetPaths.NAME.matcher(name).matches()) {
            return new Node.Invalid("the node's name is not an instance id");
        }
        String path = paths.statusRoot() + "/" + name;
        Stat stat = new Stat();
        byte[] bytes;
        try {
            bytes = ZkReads.data(client, path, stat);
        } catch (KeeperException.NoNodeException gone) {
            return new Node.Gone();
        }
        if (stat.getEphemeralOwner() == 0) {
            return new Node.Invalid("it is a persistent node: no gateway's session holds it");
        }
        StringBuilder why = new StringBuilder();
        Optional<RuntimeStatus> status = ZkJson.decode(bytes, why).flatMap(WireFormat::decodeStatus);
        if (status.isEmpty()) {
            String reason = why.length() > 0 ? why.toString() : "it holds no gateway status";
            LOG.debug("Not counting {}: {}", path, reason);
            return new Node.Invalid(reason);
        }
        if (!status.get().instanceId().equals(name)) {
            return new Node.Invalid(status.get().instanceId().isEmpty() ? "its status names no instance"
                    : "its status names another instance (" + SafeText.escape(status.get().instanceId()) + ")");
        }
        return new Node.Status(new StatusReading.Published(status.get(), status.get().state() != GatewayState.STOPPED));
    }

    /**
     * Told of every change under the cluster's status nodes (a publish, a node that came or went
     * with its session) through one persistent watch that keeps no copy of them, and of the
     * connection's changes; started on the first subscription.
     */
    @Override
    public synchronized Optional<Subscription> subscribe(Runnable listener, Executor executor) {
        Subscription subscription = listeners.add(Objects.requireNonNull(listener, "listener"),
                Objects.requireNonNull(executor, "executor"));
        if (watch == null && !closed) {
            watch = new ZkWatch(client, paths.statusRoot(), path -> true, true, this::fire);
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
        if (watch != null) {
            watch.close();
            watch = null;
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
