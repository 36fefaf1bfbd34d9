package org.gatewaydrain.transport.zookeeper;

import java.util.regex.Pattern;
import org.gatewaydrain.core.DrainTarget;
import org.gatewaydrain.core.InstanceId;

/**
 * Where a cluster's nodes live: {@code /gatewaydrain/<cluster>/drain/fleet},
 * {@code /gatewaydrain/<cluster>/drain/instance/<id>}, {@code /gatewaydrain/<cluster>/status/<id>} and
 * the rollout's {@code /gatewaydrain/<cluster>/rollout/lock}, {@code …/holder} and {@code …/progress}.
 *
 * @param cluster the cluster name
 */
record FleetPaths(String cluster) {

    /** What a cluster name may be: what an instance id may be, one path segment. */
    static final Pattern NAME = InstanceId.PATTERN;

    String root() {
        return "/gatewaydrain/" + cluster;
    }

    String drainRoot() {
        return root() + "/drain";
    }

    String fleet() {
        return drainRoot() + "/fleet";
    }

    String instances() {
        return drainRoot() + "/instance";
    }

    String instance(String id) {
        return instances() + "/" + requireName(id, "instance id");
    }

    String statusRoot() {
        return root() + "/status";
    }

    String status(String id) {
        return statusRoot() + "/" + requireName(id, "instance id");
    }

    String rolloutRoot() {
        return root() + "/rollout";
    }

    String rolloutLock() {
        return rolloutRoot() + "/lock";
    }

    String rolloutHolder() {
        return rolloutRoot() + "/holder";
    }

    String rolloutRecord() {
        return rolloutRoot() + "/progress";
    }

    /** @return the node holding {@code target}'s request, {@code own} standing for {@link DrainTarget.Own} */
    String request(DrainTarget target, String own) {
        if (target instanceof DrainTarget.Fleet) {
            return fleet();
        }
        return instance(target instanceof DrainTarget.Instance instance ? instance.id() : own);
    }

    static String requireName(String name, String what) {
        return InstanceId.require(name, what);
    }
}
