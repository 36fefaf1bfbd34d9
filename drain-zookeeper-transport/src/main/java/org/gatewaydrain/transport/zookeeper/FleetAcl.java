package org.gatewaydrain.transport.zookeeper;

import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.api.ACLProvider;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.data.ACL;
import org.apache.zookeeper.data.Id;
import org.apache.zookeeper.server.auth.DigestAuthenticationProvider;
import org.gatewaydrain.core.DrainControlException;

/**
 * Who may change a cluster's nodes when {@code zookeeper.auth} is set, and the start-up check
 * that the nodes already there say the same.
 *
 * <p>With one identity (no {@code zookeeper.operators} / {@code zookeeper.gateways}), every node
 * from {@code /gatewaydrain} down gives all rights to the identity that created it and reading to
 * anyone. With separate identities, operators have all rights everywhere; gateways may only
 * create and remove nodes under {@code status/} (each status node then belongs to the gateway
 * that created it, and the operators); anyone may read. An ancestor that gives any other
 * identity the right to create, delete, write or change rights is refused, naming the node.
 */
final class FleetAcl implements ACLProvider {

    /** A digest identity as ZooKeeper stores it: {@code user:base64(sha1(user:password))}. */
    static final Pattern DIGEST_ID = Pattern.compile("[^:,\\s]+:[A-Za-z0-9+/]{27}=");

    private static final int CHANGES = ZooDefs.Perms.WRITE | ZooDefs.Perms.CREATE | ZooDefs.Perms.DELETE
            | ZooDefs.Perms.ADMIN;
    private static final int GATEWAY_ON_STATUS_ROOT = ZooDefs.Perms.CREATE | ZooDefs.Perms.DELETE | ZooDefs.Perms.READ;
    private static final ACL ANYONE_READS = new ACL(ZooDefs.Perms.READ, ZooDefs.Ids.ANYONE_ID_UNSAFE);

    private final FleetPaths paths;
    private final Id self;
    private final List<Id> operators;
    private final List<Id> gateways;

    /**
     * @param auth this process's {@code user:password}
     * @param operators digest ids of the operators' identities; empty with gateways = one identity
     * @param gateways digest ids of the gateways' identities
     */
    FleetAcl(FleetPaths paths, String auth, List<String> operators, List<String> gateways) {
        this.paths = paths;
        this.self = digest(generateDigest(auth));
        this.operators = operators.stream().map(FleetAcl::digest).toList();
        this.gateways = gateways.stream().map(FleetAcl::digest).toList();
        if (separate() && this.operators.isEmpty()) {
            throw new DrainControlException("zookeeper.gateways needs zookeeper.operators too: someone must be able to"
                    + " write drains.");
        }
    }

    /** @return the digest id ZooKeeper stores for {@code user:password} */
    static String generateDigest(String auth) {
        try {
            return DigestAuthenticationProvider.generateDigest(auth);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is missing from this JVM", e);
        }
    }

    private static Id digest(String id) {
        if (!DIGEST_ID.matcher(id).matches()) {
            throw new DrainControlException("'" + id + "' is not a ZooKeeper digest id (user:BASE64 of 28 characters).");
        }
        return new Id("digest", id);
    }

    private boolean separate() {
        return !operators.isEmpty() || !gateways.isEmpty();
    }

    /** @return whether this process's identity is one of the operators' (or the one identity) */
    boolean selfIsOperator() {
        return !separate() || operators.contains(self);
    }

    @Override
    public List<ACL> getDefaultAcl() {
        return aclOf(paths.root());
    }

    @Override
    public List<ACL> getAclForPath(String path) {
        return aclOf(path);
    }

    private List<ACL> aclOf(String path) {
        // A mutable list: ZooKeeper asks it contains(null), which an immutable list answers with an exception.
        List<ACL> acl = new ArrayList<>();
        if (!separate()) {
            acl.add(new ACL(ZooDefs.Perms.ALL, ZooDefs.Ids.AUTH_IDS));
        } else {
            operators.forEach(id -> acl.add(new ACL(ZooDefs.Perms.ALL, id)));
            if (path.equals(paths.statusRoot())) {
                gateways.forEach(id -> acl.add(new ACL(GATEWAY_ON_STATUS_ROOT, id)));
            } else if (path.startsWith(paths.statusRoot() + "/") && !operators.contains(self)) {
                acl.add(new ACL(ZooDefs.Perms.ALL, self));
            }
        }
        acl.add(ANYONE_READS);
        return acl;
    }

    /** @return the nodes, root first, whose rights decide who may plant drains, statuses or rollouts */
    List<String> guarded() {
        return List.of("/gatewaydrain", paths.root(), paths.drainRoot(), paths.instances(), paths.statusRoot(),
                paths.rolloutRoot());
    }

    /**
     * Creates the cluster's folders when this identity may (so gateways that may write only
     * their status find them), then checks each guarded node that exists.
     *
     * @throws DrainControlException naming a node others may change under, and the fix
     */
    void prepareAndCheck(CuratorFramework client) throws Exception {
        check(client, false);
        if (selfIsOperator()) {
            for (String folder : List.of(paths.instances(), paths.statusRoot(), paths.rolloutRoot())) {
                try {
                    client.create().creatingParentsIfNeeded().forPath(folder);
                } catch (KeeperException.NodeExistsException alreadyThere) {
                    // Made by an earlier start; its rights were checked above.
                }
            }
        }
        check(client, true);
    }

    private void check(CuratorFramework client, boolean created) throws Exception {
        for (String node : guarded()) {
            List<ACL> acl;
            try {
                acl = client.getACL().forPath(node);
            } catch (KeeperException.NoNodeException absent) {
                if (created && node.equals(paths.statusRoot()) && !selfIsOperator()) {
                    throw new DrainControlException("The ZooKeeper node " + node + " does not exist, and this gateway's"
                            + " identity may not create it; run any gateway command once with an operator's"
                            + " zookeeper.auth (e.g. gateway status --fleet) to create the cluster's nodes.");
                }
                continue;
            }
            for (ACL entry : acl) {
                int changes = entry.getPerms() & CHANGES;
                if (changes != 0 && !trusted(node, entry.getId(), entry.getPerms())) {
                    throw new DrainControlException("The ZooKeeper node " + node + " gives "
                            + entry.getId().getScheme() + ":" + entry.getId().getId() + " the rights '" + perms(changes)
                            + "', so others could plant or remove drains and statuses there. Restrict it to"
                            + " this cluster's identities (in zkCli.sh: setAcl " + node + " " + expected(node)
                            + "), or delete it and let a gateway command with zookeeper.auth create it.");
                }
            }
        }
    }

    private boolean trusted(String node, Id id, int perms) {
        if (!separate()) {
            return same(id, self);
        }
        if (operators.stream().anyMatch(operator -> same(id, operator))) {
            return true;
        }
        return node.equals(paths.statusRoot()) && gateways.stream().anyMatch(gateway -> same(id, gateway))
                && (perms & ~GATEWAY_ON_STATUS_ROOT) == 0;
    }

    /**
     * ZooKeeper shows a digest id's hash only to an identity with the admin right on the node;
     * to others it answers {@code user:x}. Then the user name is all that can be compared.
     */
    private static boolean same(Id seen, Id trusted) {
        if (seen.equals(trusted)) {
            return true;
        }
        String user = trusted.getId().substring(0, trusted.getId().indexOf(':'));
        return seen.getScheme().equals("digest") && seen.getId().equals(user + ":x");
    }

    private String expected(String node) {
        return aclOf(node).stream().map(entry -> {
            Id id = entry.getId().equals(ZooDefs.Ids.AUTH_IDS) ? self : entry.getId();
            return id.getScheme() + ":" + id.getId() + ":" + perms(entry.getPerms());
        }).collect(Collectors.joining(","));
    }

    /** @return ZooKeeper's letters for {@code perms}, in its order: c, d, r, w, a */
    private static String perms(int perms) {
        StringBuilder letters = new StringBuilder();
        int[] bits = {ZooDefs.Perms.CREATE, ZooDefs.Perms.DELETE, ZooDefs.Perms.READ, ZooDefs.Perms.WRITE,
            ZooDefs.Perms.ADMIN};
        for (int i = 0; i < bits.length; i++) {
            if ((perms & bits[i]) != 0) {
                letters.append("cdrwa".charAt(i));
            }
        }
        return letters.toString();
    }
}
