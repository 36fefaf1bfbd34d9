package org.gatewaydrain.transport.zookeeper;

import java.time.Duration;
import java.util.Optional;
import org.apache.curator.framework.CuratorFramework;
import org.gatewaydrain.core.spi.RolloutLedger;
import org.gatewaydrain.core.spi.DrainControlChannel;
import org.gatewaydrain.core.spi.DrainTransport;
import org.gatewaydrain.core.spi.RuntimeStatusStore;

/** One instance's channel and status store over one Curator client; closing ends its session. */
final class ZooKeeperDrainTransport implements DrainTransport {

    private final CuratorFramework client;
    private final ZooKeeperDrainChannel channel;
    private final ZooKeeperStatusStore store;
    private final String description;
    private final ZooKeeperRolloutLedger rollouts;

    ZooKeeperDrainTransport(CuratorFramework client, ZooKeeperDrainChannel channel, ZooKeeperStatusStore store,
            Duration sessionTimeout, String description) {
        this.client = client;
        this.channel = channel;
        this.store = store;
        this.description = description;
        this.rollouts = new ZooKeeperRolloutLedger(client, channel.paths(), sessionTimeout);
    }

    @Override
    public DrainControlChannel channel() {
        return channel;
    }

    @Override
    public RuntimeStatusStore statusStore() {
        return store;
    }

    @Override
    public Optional<RolloutLedger> rollouts() {
        return Optional.of(rollouts);
    }

    /** @return the Curator client, for tests that expire its session */
    CuratorFramework client() {
        return client;
    }

    @Override
    public void close() {
        try {
            store.close();
            channel.close();
        } finally {
            client.close();
        }
    }

    @Override
    public String toString() {
        return description;
    }
}
