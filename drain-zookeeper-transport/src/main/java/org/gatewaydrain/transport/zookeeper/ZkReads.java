package org.gatewaydrain.transport.zookeeper;

import java.util.List;
import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.data.Stat;

/**
 * Reads straight on the session's ZooKeeper handle. Curator's own reads wait out a lost
 * connection for as long as the session may last (retrying), so a read made just as ZooKeeper
 * went away blocked its caller for the whole session timeout; on the handle, a read fails with
 * connection loss as soon as the client knows the connection is gone, and the transport says
 * {@code unknown}. Reads only: writes keep Curator's retries. Thread-safe.
 */
final class ZkReads {

    private ZkReads() {
    }

    /** @return the node's bytes, its stat stored in {@code stat} (may be null); NoNode when absent */
    static byte[] data(CuratorFramework client, String path, Stat stat) throws Exception {
        return client.getZookeeperClient().getZooKeeper().getData(path, false, stat);
    }

    /** @return the node's stat, or null when it does not exist */
    static Stat exists(CuratorFramework client, String path) throws Exception {
        return client.getZookeeperClient().getZooKeeper().exists(path, false);
    }

    /** @return the node's children's names; NoNode when it does not exist */
    static List<String> children(CuratorFramework client, String path) throws Exception {
        return client.getZookeeperClient().getZooKeeper().getChildren(path, false);
    }
}
