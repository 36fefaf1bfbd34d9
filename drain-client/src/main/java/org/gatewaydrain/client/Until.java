package org.gatewaydrain.client;

import java.util.List;
import java.util.Optional;
import org.gatewaydrain.core.DrainRequest;
import org.gatewaydrain.core.DrainTarget;
import org.gatewaydrain.core.FleetReading;
import org.gatewaydrain.core.GatewayState;
import org.gatewaydrain.core.RuntimeStatus;
import org.gatewaydrain.core.StaleReason;
import org.gatewaydrain.core.StatusReading;

/**
 * The conditions requesters wait for, for a target: the channel's own gateway (its status), one
 * instance (its entry in the fleet) or the whole fleet. Stateless.
 */
public final class Until {

    private Until() {
    }

    /** How a wait for quiescence can end. */
    public enum Quiesce {
        /** Draining with nothing in flight (every live instance, for a fleet). */
        QUIESCED,
        /** Nothing live publishes a status for the target any more; nothing to wait for. */
        GONE
    }

    /** What a gateway showed of a drain request. */
    public sealed interface Shown {
        /** It drains on this request (or a later re-write of it). */
        record Draining() implements Shown {
        }

        /** @param why why it treats the request as stale */
        record Ignored(StaleReason why) implements Shown {
        }
    }

    /**
     * @return the target's status in the look: the feed's own status, or an instance's entry in the
     *     fleet; empty when none is published, the store cannot be read, or the target is the fleet
     */
    public static Optional<StatusReading.Published> statusOf(StatusWatch.Look look, DrainTarget target) {
        if (target instanceof DrainTarget.Instance instance) {
            return look.fleet() instanceof FleetReading.Instances fleet
                    ? fleet.instances().stream().filter(p -> p.status().instanceId().equals(instance.id())).findFirst()
                    : Optional.empty();
        }
        return target instanceof DrainTarget.Own ? look.status().published() : Optional.empty();
    }

    /** @return whether the look could tell anything about the target (its store or fleet answered) */
    public static boolean readable(StatusWatch.Look look, DrainTarget target) {
        return target instanceof DrainTarget.Own ? !(look.status() instanceof StatusReading.Unknown)
                : !(look.fleet() instanceof FleetReading.Unknown);
    }

    /** Until the target is quiesced, or gone: nothing live publishes for it. An unreadable store is waited out. */
    public static StatusWatch.Condition<Quiesce> quiesced(DrainTarget target) {
        return look -> {
            if (!readable(look, target)) {
                return Optional.empty();
            }
            if (target instanceof DrainTarget.Fleet) {
                if (!(look.fleet() instanceof FleetReading.Instances fleet) || fleet.live().isEmpty()) {
                    return Optional.of(Quiesce.GONE);
                }
                return fleet.quiesced() ? Optional.of(Quiesce.QUIESCED) : Optional.empty();
            }
            Optional<StatusReading.Published> shown = statusOf(look, target);
            if (shown.isEmpty() || !shown.get().live()) {
                return Optional.of(Quiesce.GONE);
            }
            return shown.get().status().quiesced() ? Optional.of(Quiesce.QUIESCED) : Optional.empty();
        };
    }

    /** Until the target (the channel's own gateway, or one instance) shows running and is live; its absence is waited out. */
    public static StatusWatch.Condition<RuntimeStatus> running(DrainTarget target) {
        return look -> statusOf(look, target).filter(StatusReading.Published::live).map(StatusReading.Published::status)
                .filter(status -> status.state() == GatewayState.RUNNING);
    }

    /**
     * Until the target shows {@code written} (or a later re-write): draining on it, or ignoring it as
     * stale; for the fleet, until every live instance shows it, or the first ignores it.
     */
    public static StatusWatch.Condition<Shown> confirmed(DrainTarget target, DrainRequest written) {
        return look -> {
            if (!(target instanceof DrainTarget.Fleet)) {
                return statusOf(look, target).flatMap(p -> shown(p.status(), written));
            }
            if (!(look.fleet() instanceof FleetReading.Instances fleet)) {
                return Optional.empty();
            }
            List<StatusReading.Published> live = fleet.live();
            List<Optional<Shown>> shown = live.stream().map(p -> shown(p.status(), written)).toList();
            Optional<Shown> ignored = shown.stream().flatMap(Optional::stream).filter(Shown.Ignored.class::isInstance)
                    .findFirst();
            if (ignored.isPresent()) {
                return ignored;
            }
            return !live.isEmpty() && shown.stream().allMatch(Optional::isPresent)
                    ? Optional.of(new Shown.Draining()) : Optional.empty();
        };
    }

    /** @return what {@code status} shows of {@code written}, if anything yet */
    static Optional<Shown> shown(RuntimeStatus status, DrainRequest written) {
        Optional<RuntimeStatus.IgnoredDrain> ignored = status.drainIgnored()
                .filter(i -> i.principal().equals(written.principal()) && i.requestedAt().equals(written.requestedAt()));
        if (ignored.isPresent()) {
            return Optional.of(new Shown.Ignored(ignored.get().why()));
        }
        boolean drainingOnIt = status.state() == GatewayState.DRAINING
                && status.drain().filter(d -> !d.requestedAt().isBefore(written.requestedAt())).isPresent();
        return drainingOnIt ? Optional.of(new Shown.Draining()) : Optional.empty();
    }
}
