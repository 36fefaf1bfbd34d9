package org.gatewaydrain.server;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.stream.Collectors;
import org.gatewaydrain.client.StatusWatch;
import org.gatewaydrain.client.Until;
import org.gatewaydrain.core.DrainTarget;
import org.gatewaydrain.core.DurationText;
import org.gatewaydrain.core.FleetReading;
import org.gatewaydrain.core.OnDeadline;
import org.gatewaydrain.core.RuntimeStatus;
import org.gatewaydrain.core.SafeText;
import org.gatewaydrain.core.StatusReading;
import org.gatewaydrain.core.rollout.RolloutHolder;
import org.gatewaydrain.core.spi.WireFormat;

/**
 * How the CLI writes what it shows: one timestamp format (the wire's, {@code …+00:00}), text
 * from gateways, transports and servers escaped ({@link SafeText}), targets named alike in
 * every command. Stateless.
 */
final class Console {

    private Console() {
    }

    /** @return {@code text} from elsewhere, safe to print on one line */
    static String safe(String text) {
        return SafeText.escape(text);
    }

    /** @return {@code instant} as the status and the marker write it */
    static String time(Instant instant) {
        return WireFormat.formatInstant(instant);
    }

    /** @return " for the fleet", " for instance X" or "" */
    static String describe(DrainTarget target) {
        if (target instanceof DrainTarget.Instance instance) {
            return " for instance " + safe(instance.id());
        }
        return target instanceof DrainTarget.Fleet ? " for the fleet" : "";
    }

    /** @return who holds a rollout's lock, and since when */
    static String holder(RolloutHolder holder) {
        return "rollout " + safe(holder.rolloutId()) + " by " + safe(holder.principal()) + " on " + safe(holder.host())
                + " (pid " + holder.pid() + ") since " + time(holder.startedAt());
    }

    /**
     * What a look shows of the turns in flight for a target.
     *
     * @param counts the count, or per live instance of a fleet {@code id n, id n}; printed when it changes
     * @param remaining what is left, for a time-out message
     */
    record InFlight(String counts, String remaining, String blockers) {

        InFlight(String counts, String remaining) {
            this(counts, remaining, "");
        }

        /** @return what {@code look} shows for {@code target}; empty when it shows nothing live for it */
        static Optional<InFlight> of(StatusWatch.Look look, DrainTarget target) {
            if (target instanceof DrainTarget.Fleet) {
                if (!(look.fleet() instanceof FleetReading.Instances fleet)) {
                    return Optional.empty();
                }
                String counts = fleet.live().stream().map(p -> safe(p.status().instanceId()) + " " + p.status().activeTurns())
                        .collect(Collectors.joining(", "));
                return Optional.of(new InFlight(counts, "turns still in flight (" + counts + "; " + fleet.draining().size()
                        + " of " + fleet.live().size() + " live instances draining)"));
            }
            return Until.statusOf(look, target).filter(StatusReading.Published::live).map(StatusReading.Published::status)
                    .map(s -> new InFlight(s.activeTurns() + inGrace(s), s.activeTurns()
                            + " turn(s) still in flight" + inGrace(s) + " (state " + s.state().wireName() + ")",
                            blockers(s) + deadline(s)));
        }

        /** @return how many conversations may still start a turn in the drain's grace, as {@code " (+2 in grace)"}; empty for none */
        private static String inGrace(RuntimeStatus status) {
            int sessions = status.drain().map(RuntimeStatus.Drain::sessionsInGrace).orElse(0);
            return sessions == 0 ? "" : " (+" + sessions + " conversation(s) in grace until "
                    + WireFormat.formatInstant(status.drain().get().grace().get().endsAt()) + ")";
        }

        /** @return the drain's deadline and what happens at it, or what happened; empty without a deadline */
        private static String deadline(RuntimeStatus status) {
            Optional<RuntimeStatus.Drain> drain = status.drain();
            if (drain.isEmpty() || drain.get().policy().deadlineAt().isEmpty()) {
                return "";
            }
            return drain.get().deadlinePassed().map(passed -> "; deadline passed: " + (passed.action() == OnDeadline.STOP
                            ? "the gateway stops" : passed.interrupted() + " turn(s) interrupted"))
                    .orElseGet(() -> "; deadline in " + DurationText.format(age(status.updatedAt(),
                            drain.get().policy().deadlineAt().get())) + " (then " + drain.get().policy().onDeadline().wireName()
                            + ")");
        }

        /**
         * @return the oldest turn in flight and its age, and when the gateway expects to be
         *     quiet, both judged by the gateway's own clock (its {@code updated_at}); empty with nothing in flight
         */
        static String blockers(RuntimeStatus status) {
            RuntimeStatus.Blockers blockers = status.blockers();
            if (status.activeTurns() == 0 || blockers.turns().isEmpty()) {
                return "";
            }
            RuntimeStatus.TurnInFlight oldest = blockers.turns().get(0);
            String line = "; oldest: session " + safe(oldest.session()) + (oldest.internal() ? " (internal)" : "") + ", "
                    + DurationText.format(age(oldest.startedAt(), status.updatedAt()));
            return line + blockers.expectedQuiescedAt()
                    .map(end -> "; expected quiet in ~" + DurationText.format(age(status.updatedAt(), end)) + " ("
                            + WireFormat.formatInstant(end) + ")")
                    .orElse("; no estimate yet");
        }

        private static Duration age(Instant from, Instant to) {
            Duration age = Duration.between(from, to);
            return age.isNegative() ? Duration.ZERO : Duration.ofSeconds(age.toSeconds());
        }
    }
}
