package org.gatewaydrain.transport.zookeeper;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.gatewaydrain.core.InstanceId;
import org.gatewaydrain.core.spi.DrainTransport;
import org.gatewaydrain.core.spi.DrainTransportProvider;
import org.gatewaydrain.core.spi.TransportSettings;

/**
 * The {@code zookeeper} transport: one request for a whole fleet or for one instance, every
 * gateway's status as an ephemeral node. Owns {@code zookeeper.connect},
 * {@code zookeeper.session_timeout}, {@code zookeeper.auth} and {@code cluster}; the instance
 * id is the server's {@code instance_id}.
 */
public final class ZooKeeperTransportProvider implements DrainTransportProvider {

    public static final String CONNECT = "zookeeper.connect";
    public static final String SESSION_TIMEOUT = "zookeeper.session_timeout";
    public static final String AUTH = "zookeeper.auth";
    public static final String CLUSTER = "cluster";
    public static final String MAX_CHILDREN = "zookeeper.max_children";
    public static final String OPERATORS = "zookeeper.operators";
    public static final String GATEWAYS = "zookeeper.gateways";

    private static final Pattern CONNECT_STRING = Pattern.compile("[^\\s,/]+:\\d{1,5}(,[^\\s,/]+:\\d{1,5})*(/[^\\s]*)?");

    @Override
    public String name() {
        return "zookeeper";
    }

    @Override
    public Map<String, String> keys() {
        Map<String, String> keys = new LinkedHashMap<>();
        keys.put(CONNECT, "the ensemble, host:port[,host:port...][/chroot] (required)");
        keys.put(SESSION_TIMEOUT, "how long a gateway's session, and its status node, outlives lost contact (default 30s)");
        keys.put(AUTH, "user:password of the digest identity this process connects as; the cluster's nodes are then"
                + " writable by it alone, or by the identities below (default none)");
        keys.put(OPERATORS, "digest ids (user:BASE64, comma-separated) that write drains and rollouts, with zookeeper.auth"
                + " (default none: one identity)");
        keys.put(GATEWAYS, "digest ids (user:BASE64, comma-separated) that may write only their own status (default none)");
        keys.put(CLUSTER, "the fleet this gateway belongs to, one name per cluster (default default)");
        keys.put(MAX_CHILDREN, "the most status nodes a fleet's reading reads; more reads as unknown (default "
                + ZooKeeperTransport.DEFAULT_MAX_CHILDREN + ")");
        return keys;
    }

    @Override
    public void validate(TransportSettings settings) {
        String connect = settings.string(CONNECT, "");
        if (connect.isEmpty()) {
            throw settings.invalid(CONNECT, "it is required with the zookeeper transport, e.g. zk1:2181,zk2:2181,zk3:2181");
        }
        if (!CONNECT_STRING.matcher(connect).matches()) {
            throw settings.invalid(CONNECT, "'" + connect + "' is not host:port[,host:port...][/chroot]");
        }
        Duration timeout = settings.duration(SESSION_TIMEOUT, ZooKeeperTransport.DEFAULT_SESSION_TIMEOUT);
        if (timeout.compareTo(Duration.ofSeconds(1)) < 0 || timeout.compareTo(Duration.ofMinutes(10)) > 0) {
            throw settings.invalid(SESSION_TIMEOUT, "it must be between 1s and 10m");
        }
        settings.get(AUTH).ifPresent(auth -> {
            int colon = auth.indexOf(':');
            if (colon <= 0 || colon == auth.length() - 1) {
                throw settings.invalid(AUTH, "write it as user:password");
            }
        });
        for (String key : List.of(OPERATORS, GATEWAYS)) {
            ids(settings, key);
            if (settings.get(key).isPresent() && settings.get(AUTH).isEmpty()) {
                throw settings.invalid(key, "it needs zookeeper.auth, the identity this process connects as");
            }
        }
        if (settings.get(GATEWAYS).isPresent() && settings.get(OPERATORS).isEmpty()) {
            throw settings.invalid(GATEWAYS, "it needs zookeeper.operators too: someone must be able to write drains");
        }
        maxChildren(settings);
        settings.parse(CLUSTER, settings.string(CLUSTER, ZooKeeperTransport.DEFAULT_CLUSTER),
                value -> FleetPaths.requireName(value, "cluster name"));
        if (!InstanceId.isValid(settings.instanceId())) {
            throw settings.invalid("instance_id", "'" + settings.instanceId()
                    + "' is not an instance id ZooKeeper can hold; use letters, digits, '.', '_' or '-'");
        }
    }

    @Override
    public DrainTransport open(TransportSettings settings) {
        validate(settings);
        ZooKeeperTransport.Builder builder = ZooKeeperTransport.builder()
                .connect(settings.string(CONNECT, ""))
                .sessionTimeout(settings.duration(SESSION_TIMEOUT, ZooKeeperTransport.DEFAULT_SESSION_TIMEOUT))
                .cluster(settings.string(CLUSTER, ZooKeeperTransport.DEFAULT_CLUSTER))
                .instanceId(settings.instanceId())
                .maxAge(settings.maxAge())
                .maxChildren(maxChildren(settings))
                .clock(settings.clock());
        settings.get(AUTH).ifPresent(builder::auth);
        builder.identities(ids(settings, OPERATORS), ids(settings, GATEWAYS));
        return builder.open();
    }

    private static List<String> ids(TransportSettings settings, String key) {
        return settings.get(key).map(text -> settings.parse(key, text, value -> {
            List<String> ids = java.util.Arrays.stream(value.split(",")).map(String::strip).filter(id -> !id.isEmpty())
                    .toList();
            for (String id : ids) {
                if (!FleetAcl.DIGEST_ID.matcher(id).matches()) {
                    throw new IllegalArgumentException("'" + id + "' is not a digest id: write user:BASE64 as ZooKeeper"
                            + " stores it (java -cp gateway.jar org.apache.zookeeper.server.auth.DigestAuthenticationProvider"
                            + " user:password prints it)");
                }
            }
            return ids;
        })).orElse(List.of());
    }

    private static int maxChildren(TransportSettings settings) {
        return settings.get(MAX_CHILDREN).map(text -> settings.parse(MAX_CHILDREN, text, value -> {
            int limit;
            try {
                limit = Integer.parseInt(value.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + value + "' is not a whole number", e);
            }
            if (limit < 1 || limit > 100_000) {
                throw new IllegalArgumentException("it must be between 1 and 100000");
            }
            return limit;
        })).orElse(ZooKeeperTransport.DEFAULT_MAX_CHILDREN);
    }
}
