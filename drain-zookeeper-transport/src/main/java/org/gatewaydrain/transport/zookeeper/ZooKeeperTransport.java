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
import org.apache.curator.retry.ExponentialBackoffRetry;
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
        private List<String> operators = List.of();
        private List<String> gateways = List.of();
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

        /**
         * @param operatorIds digest ids ({@code user:BASE64}) of the identities that write drains and rollouts
         * @param gatewayIds digest ids of the identities that may write only their status
         */
        public Builder identities(List<String> operatorIds, List<String> gatewayIds) {
            this.operators = List.copyOf(operatorIds);
            this.gateways = List.copyOf(gatewayIds);
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
            FleetPaths paths = new FleetPaths(cluster);
            if (auth.isEmpty() && !(operators.isEmpty() && gateways.isEmpty())) {
                throw new DrainControlException("zookeeper.operators and zookeeper.gateways need zookeeper.auth: the"
                        + " identity this process connects as.");
            }
            Optional<FleetAcl> acl = auth.map(identity -> new FleetAcl(paths, identity, operators, gateways));
            acl.ifPresent(rights -> curator.authorization("digest", auth.orElseThrow().getBytes(StandardCharsets.UTF_8))
                    .aclProvider(rights));
            CuratorFramework client = curator.build();
            client.start();
            try {
                if (!client.blockUntilConnected((int) connectionTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    LOG.warn("ZooKeeper at {} does not answer yet; the drain channel reads unknown until it does", connect);
                    acl.ifPresent(rights -> checkOnFirstConnection(client, rights));
                } else if (acl.isPresent()) {
                    acl.orElseThrow().prepareAndCheck(client);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                client.close();
                throw new DrainControlException("Interrupted while connecting to ZooKeeper at " + connect + ".", e);
            } catch (DrainControlException e) {
                client.close();
                throw e;
            } catch (Exception e) {
                client.close();
                throw ZooKeeperFailures.writing(paths.root(), e);
            }
            ZooKeeperDrainChannel channel = new ZooKeeperDrainChannel(client, paths, instanceId, Staleness.of(maxAge, clock));
            ZooKeeperStatusStore store = new ZooKeeperStatusStore(client, paths, instanceId, maxChildren);
            return new ZooKeeperDrainTransport(client, channel, store, sessionTimeout,
                    "ZooKeeper " + connect + " cluster " + cluster + " instance " + instanceId);
        }

        /** Once ZooKeeper answers after a start without it, the check a connected start makes (an error logged if it fails). */
        private static void checkOnFirstConnection(CuratorFramework client, FleetAcl acl) {
            java.util.concurrent.atomic.AtomicBoolean checked = new java.util.concurrent.atomic.AtomicBoolean();
            client.getConnectionStateListenable().addListener((c, state) -> {
                if (state.isConnected() && checked.compareAndSet(false, true)) {
                    try {
                        acl.prepareAndCheck(c);
                    } catch (Exception e) {
                        LOG.error("The cluster's ZooKeeper nodes are not safe: {}", e.getMessage());
                    }
                }
            });
        }
    }
}
