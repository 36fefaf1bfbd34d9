package org.gatewaydrain.transport.zookeeper;

import org.apache.zookeeper.KeeperException;
import org.gatewaydrain.core.DrainControlException;

/** Turns a ZooKeeper failure into a sentence an operator can act on. */
final class ZooKeeperFailures {

    private ZooKeeperFailures() {
    }

    /** How long a write waits for a lost connection to come back before it fails. */
    static final long RECONNECT_WAIT_MILLIS = 2_000;

    /**
     * Waits briefly for the connection; a write to an ensemble that cannot be reached fails
     * in seconds, not after every retry has timed out.
     *
     * @throws DrainControlException if ZooKeeper cannot be reached
     */
    static void requireConnected(org.apache.curator.framework.CuratorFramework client, String path) {
        try {
            if (!client.getZookeeperClient().isConnected()
                    && !client.blockUntilConnected((int) RECONNECT_WAIT_MILLIS, java.util.concurrent.TimeUnit.MILLISECONDS)) {
                throw new DrainControlException("Cannot write " + path + ": not connected to ZooKeeper. Check that it is"
                        + " reachable (zookeeper.connect) and has a quorum.");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DrainControlException("Interrupted while waiting for ZooKeeper to write " + path + ".", e);
        }
    }

    static DrainControlException writing(String path, Exception e) {
        if (e instanceof InterruptedException) {
            Thread.currentThread().interrupt();
        }
        String fix = e instanceof KeeperException.NoAuthException
                ? " This identity may not write there: check zookeeper.auth."
                : " Check that ZooKeeper is reachable (zookeeper.connect) and has a quorum.";
        return new DrainControlException("Cannot write " + path + " in ZooKeeper: " + describe(e) + "." + fix, e);
    }

    static String describe(Exception e) {
        if (e instanceof KeeperException keeper) {
            return keeper.code().name().toLowerCase().replace('_', ' ');
        }
        if (e instanceof InterruptedException) {
            return "interrupted";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
