package org.gatewaydrain.transport.zookeeper;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.recipes.locks.InterProcessMutex;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.gatewaydrain.core.DrainControlException;
import org.gatewaydrain.core.rollout.Rollout;
import org.gatewaydrain.core.rollout.RolloutBusyException;
import org.gatewaydrain.core.rollout.RolloutHolder;
import org.gatewaydrain.core.spi.RolloutLedger;
import org.gatewaydrain.core.rollout.RolloutReading;
import org.gatewaydrain.core.spi.RolloutWire;
import org.gatewaydrain.core.spi.Subscription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A cluster's rollout in ZooKeeper: the lock is Curator's {@link InterProcessMutex} at
 * {@code /gatewaydrain/<cluster>/rollout/lock}; its holder is shown in the ephemeral
 * {@code …/rollout/holder}; the record is the persistent {@code …/rollout/progress}. Both
 * the lock and the holder end with the holder's session, so a rolling process that dies frees
 * the cluster once ZooKeeper expires its session. Thread-safe.
 */
final class ZooKeeperRolloutLedger implements RolloutLedger {

    private static final Logger LOG = LoggerFactory.getLogger(ZooKeeperRolloutLedger.class);

    private final CuratorFramework client;
    private final FleetPaths paths;
    private final Duration sessionTimeout;

    ZooKeeperRolloutLedger(CuratorFramework client, FleetPaths paths, Duration sessionTimeout) {
        this.client = client;
        this.paths = paths;
        this.sessionTimeout = sessionTimeout;
    }

    /** @return the session timeout and a few seconds for the server to notice */
    @Override
    public Duration deadHolderRelease() {
        return sessionTimeout.plusSeconds(5);
    }

    @Override
    public RolloutReading read() {
        if (!client.getZookeeperClient().isConnected()) {
            return new RolloutReading.Unknown("not connected to ZooKeeper");
        }
        try {
            return new RolloutReading.Recorded(readNode(paths.rolloutRecord()).flatMap(RolloutWire::decode),
                    readHolder());
        } catch (Exception e) {
            return new RolloutReading.Unknown("ZooKeeper did not answer: " + ZooKeeperFailures.describe(e));
        }
    }

    private Optional<RolloutHolder> readHolder() throws Exception {
        return readNode(paths.rolloutHolder()).flatMap(RolloutWire::decodeHolder);
    }

    private Optional<Map<String, ?>> readNode(String path) throws Exception {
        StringBuilder why = new StringBuilder();
        Optional<Map<String, ?>> fields = ZkJson.read(client, path, why);
        if (why.length() > 0) {
            LOG.warn("Ignoring {}: {}", path, why);
        }
        return fields;
    }

    @Override
    public Lease acquire(RolloutHolder holder, Duration wait) {
        ZooKeeperFailures.requireConnected(client, paths.rolloutLock());
        InterProcessMutex mutex = new InterProcessMutex(client, paths.rolloutLock());
        boolean held;
        try {
            held = mutex.acquire(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw ZooKeeperFailures.writing(paths.rolloutLock(), e);
        }
        if (!held) {
            Optional<RolloutHolder> shown;
            try {
                shown = readHolder();
            } catch (Exception e) {
                shown = Optional.empty();
            }
            throw new RolloutBusyException(paths.cluster(), shown);
        }
        try {
            byte[] bytes = ZkJson.encode(RolloutWire.encode(holder));
            try {
                client.create().creatingParentsIfNeeded().withMode(CreateMode.EPHEMERAL).forPath(paths.rolloutHolder(), bytes);
            } catch (KeeperException.NodeExistsException leftByThisSession) {
                client.setData().forPath(paths.rolloutHolder(), bytes);
            }
        } catch (Exception e) {
            release(mutex);
            throw ZooKeeperFailures.writing(paths.rolloutHolder(), e);
        }
        return new ZooKeeperLease(mutex);
    }

    private void release(InterProcessMutex mutex) {
        try {
            mutex.release();
        } catch (Exception e) {
            // Another thread (a shutdown hook) or a lost session: the lock node goes with the session.
            LOG.debug("Releasing the rollout lock failed; it ends with the ZooKeeper session", e);
        }
    }

    /**
     * Told of changes to the record and the holder only (not the lock's own nodes), and only of
     * changes after this returns: it blocks until the watch is registered (up to the session
     * timeout), so nothing written after is missed. It keeps no copy of the nodes.
     */
    @Override
    public Subscription watch(Runnable onChange) {
        ZkWatch watch = new ZkWatch(client, paths.rolloutRoot(),
                path -> path.equals(paths.rolloutRecord()) || path.equals(paths.rolloutHolder()), false, onChange);
        watch.awaitRegistered(sessionTimeout);
        return watch::close;
    }

    /** The held lock; the thread that took it releases it. */
    private final class ZooKeeperLease implements Lease {
        private final InterProcessMutex mutex;
        private boolean closed;

        ZooKeeperLease(InterProcessMutex mutex) {
            this.mutex = mutex;
        }

        @Override
        public synchronized void record(Rollout rollout) {
            if (closed) {
                throw new DrainControlException("The rollout lock was released; the record is not this rollout's to"
                        + " write any more.");
            }
            byte[] bytes = ZkJson.encode(RolloutWire.encode(rollout));
            ZooKeeperFailures.requireConnected(client, paths.rolloutRecord());
            try {
                try {
                    client.setData().forPath(paths.rolloutRecord(), bytes);
                } catch (KeeperException.NoNodeException first) {
                    client.create().creatingParentsIfNeeded().forPath(paths.rolloutRecord(), bytes);
                }
            } catch (Exception e) {
                throw ZooKeeperFailures.writing(paths.rolloutRecord(), e);
            }
        }

        @Override
        public synchronized void close() {
            if (closed) {
                return;
            }
            closed = true;
            try {
                client.delete().guaranteed().forPath(paths.rolloutHolder());
            } catch (Exception e) {
                LOG.debug("Withdrawing the rollout holder failed; it ends with the ZooKeeper session", e);
            }
            release(mutex);
        }
    }

    @Override
    public String toString() {
        return "ZooKeeper rollout ledger " + paths.rolloutRoot();
    }
}
