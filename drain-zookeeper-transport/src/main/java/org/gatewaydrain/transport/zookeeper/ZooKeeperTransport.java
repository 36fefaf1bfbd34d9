package org.gatewaydrain.transport.zookeeper;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.framework.api.ACLProvider;
import org.apache.curator.retry.ExponentialBackoffRetry;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.data.ACL;
import org.gatewaydrain.core.DrainControlException;
import org.gatewaydrain.core.InstanceId;
import org.gatewaydrain.core.LocalHost;
import org.gatewaydrain.core.spi.DrainTransport;
import org.gatewaydrain.core.spi.Staleness;
import org.gatewaydrain.core.spi.TransportSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens the ZooKeeper fleet transport for one instance of a cluster.
 *
 * <pre>{@code
 * DrainTransport transport = ZooKeeperTransport.builder()
 *         .connect("zk1:2181,zk2:2181,zk3:2181").cluster("payments").instanceId("gw-7").open();
 * }</pre>
 */
public final class ZooKeeperTransport {

    private static final Logger LOG = LoggerFactory.getLogger(ZooKeeperTransport.class);

    /** {@code zookeeper.session_timeout} when nothing else is configured. */
    public static final Duration DEFAULT_SESSION_TIMEOUT = Duration.ofSeconds(30);

    /** {@code zookeeper.max_children} when nothing else is configured: far more instances than a fleet has. */
    public static final int DEFAULT_MAX_CHILDREN = 4096;

    /** The cluster when nothing else is configured. */
    public static final String DEFAULT_CLUSTER = "default";

    private ZooKeeperTransport() {
    }

    /** @return a builder; the connect string is required */
    public static Builder builder() {
        return new Builder();
    }

    /** Collects the transport's settings; not thread-safe. */
    public static final class Builder {
        private String connect;
        private Duration sessionTimeout = DEFAULT_SESSION_TIMEOUT;
        private Optional<String> auth = Optional.empty();
        private String cluster = DEFAULT_CLUSTER;
        private String instanceId = InstanceId.fromHost(LocalHost.name());
        private Duration maxAge = TransportSettings.DEFAULT_MAX_AGE;
        private int maxChildren = DEFAULT_MAX_CHILDREN;
        private Clock clock = Clock.systemUTC();

        private Builder() {
        }

        /** @param value the ensemble, {@code host:port[,host:port...][/chroot]} */
        public Builder connect(String value) {
            this.connect = Objects.requireNonNull(value, "connect");
            return this;
        }

        /** @param value how long ZooKeeper keeps a session (and its ephemeral status node) without contact */
        public Builder sessionTimeout(Duration value) {
            this.sessionTimeout = Objects.requireNonNull(value, "sessionTimeout");
            return this;
        }

        /** @param value {@code user:password} of a digest identity; nodes are then writable by it alone */
        public Builder auth(String value) {
            this.auth = Optional.of(value);
            return this;
        }

        /** @param value the cluster this instance belongs to */
        public Builder cluster(String value) {
            this.cluster = FleetPaths.requireName(value, "cluster name");
            return this;
        }

        /** @param value this instance's id among its peers */
        public Builder instanceId(String value) {
            this.instanceId = FleetPaths.requireName(value, "instance id");
            return this;
        }

        /** @param value how old an unrefreshed request may grow before it is stale; zero = no limit */
        public Builder maxAge(Duration value) {
            this.maxAge = Objects.requireNonNull(value, "maxAge");
            return this;
        }

        /** @param value the most status nodes a fleet's reading reads; a status root with more reads as unknown */
        public Builder maxChildren(int value) {
            if (value < 1) {
                throw new IllegalArgumentException("maxChildren must be at least 1");
            }
            this.maxChildren = value;
            return this;
        }

        /** @param value the time source for staleness */
        public Builder clock(Clock value) {
            this.clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        /**
         * Connects (waiting up to a few seconds for the first connection, then going on: reads say
         * {@code Unknown} until ZooKeeper answers) and opens the channel and status store.
         *
         * @return the transport; closing it withdraws this instance's status and ends the session
         */
        public DrainTransport open() {
            Objects.requireNonNull(connect, "connect");
            Duration connectionTimeout = sessionTimeout.compareTo(Duration.ofSeconds(5)) < 0 ? sessionTimeout : Duration.ofSeconds(5);
            CuratorFrameworkFactory.Builder curator = CuratorFrameworkFactory.builder()
                    .connectString(connect)
                    .sessionTimeoutMs((int) sessionTimeout.toMillis())
                    .connectionTimeoutMs((int) connectionTimeout.toMillis())
                    .retryPolicy(new ExponentialBackoffRetry(100, 3));
            auth.ifPresent(identity -> curator.authorization("digest", identity.getBytes(StandardCharsets.UTF_8))
                    .aclProvider(onlyThisIdentityWrites()));
            CuratorFramework client = curator.build();
            client.start();
            try {
                if (!client.blockUntilConnected((int) connectionTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    LOG.warn("ZooKeeper at {} does not answer yet; the drain channel reads unknown until it does", connect);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                client.close();
                throw new DrainControlException("Interrupted while connecting to ZooKeeper at " + connect + ".", e);
            }
            FleetPaths paths = new FleetPaths(cluster);
            ZooKeeperDrainChannel channel = new ZooKeeperDrainChannel(client, paths, instanceId, Staleness.of(maxAge, clock));
            ZooKeeperStatusStore store = new ZooKeeperStatusStore(client, paths, instanceId, maxChildren);
            return new ZooKeeperDrainTransport(client, channel, store, sessionTimeout,
                    "ZooKeeper " + connect + " cluster " + cluster + " instance " + instanceId);
        }

        /** Every node: all rights for the identity that created it, reading for anyone (dashboards, monitors). */
        private static ACLProvider onlyThisIdentityWrites() {
            // A mutable list: ZooKeeper asks it contains(null), which an immutable list answers with an exception.
            List<ACL> acl = new java.util.ArrayList<>(List.of(new ACL(ZooDefs.Perms.ALL, ZooDefs.Ids.AUTH_IDS),
                    new ACL(ZooDefs.Perms.READ, ZooDefs.Ids.ANYONE_ID_UNSAFE)));
            return new ACLProvider() {
                @Override
                public List<ACL> getDefaultAcl() {
                    return acl;
                }

                @Override
                public List<ACL> getAclForPath(String path) {
                    return acl;
                }
            };
        }
    }
}
