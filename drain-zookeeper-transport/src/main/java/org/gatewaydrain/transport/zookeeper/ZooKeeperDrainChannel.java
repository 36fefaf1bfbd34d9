package org.gatewaydrain.transport.zookeeper;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executor;
import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.data.Stat;
import org.gatewaydrain.core.DrainControlException;
import org.gatewaydrain.core.DrainRequest;
import org.gatewaydrain.core.DrainSignal;
import org.gatewaydrain.core.DrainTarget;
import org.gatewaydrain.core.spi.ChangeFanout;
import org.gatewaydrain.core.spi.ChannelListener;
import org.gatewaydrain.core.spi.DrainControlChannel;
import org.gatewaydrain.core.spi.FleetRequests;
import org.gatewaydrain.core.spi.StaleRequestLog;
import org.gatewaydrain.core.spi.Staleness;
import org.gatewaydrain.core.spi.Subscription;
import org.gatewaydrain.core.spi.WireFormat;

/**
 * One instance's view of a cluster's drain requests: the fleet node and its own instance
 * node. It drains if either holds a request (its own node's is shown first). Reads go to
 * ZooKeeper (read-your-writes); changes are heard through one persistent watch ({@link ZkWatch}) on the drain
 * subtree and through the connection's state: suspended or lost reads {@code Unknown}, and a
 * reconnection tells subscribers so the gateway reconciles at once. Thread-safe.
 */
final class ZooKeeperDrainChannel implements DrainControlChannel {

    private final CuratorFramework client;
    private final FleetPaths paths;
    private final String instanceId;
    private final Staleness staleness;
    private final StaleRequestLog staleLog;
    private final ChangeFanout<ChannelListener> fanout = new ChangeFanout<>();
    private final Object lifecycle = new Object();
    private ZkWatch watch;
    private boolean closed;

    ZooKeeperDrainChannel(CuratorFramework client, FleetPaths paths, String instanceId, Staleness staleness) {
        this.client = client;
        this.paths = paths;
        this.instanceId = instanceId;
        this.staleness = staleness;
        this.staleLog = new StaleRequestLog("ZooKeeper " + paths.drainRoot() + " (instance " + instanceId + ")");
    }

    /** @return where the cluster's nodes are */
    FleetPaths paths() {
        return paths;
    }

    @Override
    public Set<String> scopes() {
        return Set.of(DrainTarget.Scopes.FLEET, DrainTarget.Scopes.INSTANCE);
    }

    @Override
    public void request(DrainRequest request) {
        request(request, DrainTarget.OWN);
    }

    @Override
    public void request(DrainRequest request, DrainTarget target) {
        Objects.requireNonNull(request, "request");
        String path = path(target);
        byte[] bytes = ZkJson.encode(WireFormat.encodeRequest(request));
        ZooKeeperFailures.requireConnected(client, path);
        try {
            // Create, or replace; a cancel racing in between removes the node, so create again.
            for (int attempt = 0; ; attempt++) {
                try {
                    client.create().creatingParentsIfNeeded().forPath(path, bytes);
                    return;
                } catch (KeeperException.NodeExistsException exists) {
                    try {
                        client.setData().forPath(path, bytes);
                        return;
                    } catch (KeeperException.NoNodeException cancelledMeanwhile) {
                        if (attempt >= 10) {
                            throw cancelledMeanwhile;
                        }
                    }
                }
            }
        } catch (Exception e) {
            throw ZooKeeperFailures.writing(path, e);
        }
    }

    @Override
    public boolean cancel() {
        return cancel(DrainTarget.OWN);
    }

    @Override
    public boolean cancel(DrainTarget target) {
        String path = path(target);
        ZooKeeperFailures.requireConnected(client, path);
        try {
            client.delete().forPath(path);
            return true;
        } catch (KeeperException.NoNodeException nothingThere) {
            return false;
        } catch (Exception e) {
            throw ZooKeeperFailures.writing(path, e);
        }
    }

    @Override
    public DrainSignal read() {
        if (!client.getZookeeperClient().isConnected()) {
            return new DrainSignal.Unknown("not connected to ZooKeeper");
        }
        DrainSignal own = readNode(paths.instance(instanceId), DrainTarget.Scopes.INSTANCE);
        DrainSignal fleet = readNode(paths.fleet(), DrainTarget.Scopes.FLEET);
        return staleLog.note(FleetRequests.combine(own, fleet));
    }

    private DrainSignal readNode(String path, String scope) {
        Stat stat = new Stat();
        byte[] bytes;
        try {
            bytes = ZkReads.data(client, path, stat);
        } catch (KeeperException.NoNodeException absent) {
            return DrainSignal.ABSENT;
        } catch (Exception e) {
            return new DrainSignal.Unknown("ZooKeeper did not answer for " + path + ": " + ZooKeeperFailures.describe(e));
        }
        StringBuilder why = new StringBuilder();
        Optional<Map<String, ?>> fields = ZkJson.decode(bytes, why);
        if (fields.isEmpty()) {
            return new DrainSignal.Unreadable("the " + scope + " request " + why);
        }
        DrainSignal signal = WireFormat.decodeRequest(fields.get(), Instant.ofEpochMilli(stat.getMtime())).judge(staleness);
        return signal instanceof DrainSignal.Present present ? new DrainSignal.Present(present.request(), Optional.of(scope))
                : signal;
    }

    @Override
    public Subscription subscribe(ChannelListener listener, Executor executor) {
        Subscription subscription = fanout.add(Objects.requireNonNull(listener, "listener"),
                Objects.requireNonNull(executor, "executor"));
        ensureWatching();
        return subscription;
    }

    private void ensureWatching() {
        synchronized (lifecycle) {
            if (watch != null || closed) {
                return;
            }
            String own = paths.instance(instanceId);
            // Suspended and lost read Unknown; on reconnecting the gateway must reconcile at once: the watch says so too.
            watch = new ZkWatch(client, paths.drainRoot(), path -> path.equals(own) || path.equals(paths.fleet()),
                    true, this::fire);
        }
    }

    private void fire() {
        fanout.fire(ChannelListener::channelChanged);
    }

    private String path(DrainTarget target) {
        try {
            return paths.request(target, instanceId);
        } catch (IllegalArgumentException e) {
            throw new DrainControlException("Cannot target that instance: " + e.getMessage() + ".", e);
        }
    }

    @Override
    public void close() {
        synchronized (lifecycle) {
            closed = true;
            fanout.clear();
            if (watch != null) {
                watch.close();
            }
        }
    }

    @Override
    public String toString() {
        return "ZooKeeper channel " + paths.drainRoot() + " (instance " + instanceId + ")";
    }
}
