package org.gatewaydrain.server;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.gatewaydrain.core.DrainControlException;
import org.gatewaydrain.core.DrainTarget;

/**
 * {@code drain --wait}: polls what the drain was for — the gateway, one instance or the whole
 * fleet — printing the in-flight count each time it changes, until it is quiesced.
 */
final class QuiesceWait {

    static final Duration POLL = Duration.ofMillis(200);

    private QuiesceWait() {
    }

    /**
     * What is being waited for, as polled once.
     *
     * @param counts the in-flight count(s), printed whenever they change
     * @param remaining what is left, for the time-out message
     */
    private record Progress(boolean live, boolean quiesced, String counts, String remaining) {
    }

    /** @return " for the fleet", " for instance X" or "" */
    static String describe(DrainTarget target) {
        if (target instanceof DrainTarget.Instance instance) {
            return " for instance " + instance.id();
        }
        return target instanceof DrainTarget.Fleet ? " for the fleet" : "";
    }

    /**
     * @return {@link ExitCodes#OK} once quiesced, {@link ExitCodes#TIMED_OUT} at the timeout,
     *     {@link ExitCodes#FAILED} when nothing live publishes a status (or, for a fleet, when the
     *     transport keeps none); a status that cannot be read for a while is waited out (said once)
     */
    static int until(ControlClient client, DrainTarget target, Duration timeout, PrintWriter out, PrintWriter err) {
        long started = System.nanoTime();
        long deadline = started + timeout.toNanos();
        String lastCounts = null;
        boolean unreadableSaid = false;
        while (true) {
            Optional<Progress> progress;
            try {
                progress = probe(client, target);
            } catch (DrainControlException e) {
                if (!unreadableSaid) {
                    err.println("gateway: " + e.getMessage() + "; still waiting.");
                    err.flush();
                    unreadableSaid = true;
                }
                if (System.nanoTime() >= deadline) {
                    err.println("gateway: timed out after " + timeout.toSeconds() + " s without a readable status.");
                    err.flush();
                    return ExitCodes.TIMED_OUT;
                }
                Sleeper.pause(POLL);
                continue;
            }
            if (progress.isEmpty() || !progress.get().live()) {
                err.println("gateway: no live gateway" + describe(target) + " is publishing its status at " + client.where()
                        + "; the drain request stays in place for when one starts.");
                err.flush();
                return ExitCodes.FAILED;
            }
            if (!progress.get().counts().equals(lastCounts)) {
                out.println("in flight: " + progress.get().counts());
                out.flush();
                lastCounts = progress.get().counts();
            }
            if (progress.get().quiesced()) {
                out.printf("Quiesced after %.1f s: no turn in flight%s.%n", (System.nanoTime() - started) / 1e9,
                        describe(target));
                out.flush();
                return ExitCodes.OK;
            }
            if (System.nanoTime() >= deadline) {
                err.println("gateway: timed out after " + timeout.toSeconds() + " s with " + progress.get().remaining() + ".");
                err.flush();
                return ExitCodes.TIMED_OUT;
            }
            Sleeper.pause(POLL);
        }
    }

    /**
     * @param target the channel's own gateway or one instance
     * @return its status object, or empty when none is published
     * @throws DrainControlException if it cannot be read now, or an instance is asked of a transport with no fleet
     */
    static Optional<JsonNode> statusOf(ControlClient client, DrainTarget target) {
        if (target instanceof DrainTarget.Instance instance) {
            return instances(fleetOf(client)).filter(s -> s.path("instance_id").asText().equals(instance.id()))
                    .findFirst();
        }
        return client.status();
    }

    private static JsonNode fleetOf(ControlClient client) {
        return client.fleet().orElseThrow(() -> new DrainControlException(
                "The transport at " + client.where() + " keeps no fleet; drop --fleet and --instance."));
    }

    private static Optional<Progress> probe(ControlClient client, DrainTarget target) {
        if (!(target instanceof DrainTarget.Fleet)) {
            return statusOf(client, target).map(QuiesceWait::single);
        }
        JsonNode fleet = fleetOf(client);
        String counts = instances(fleet).filter(s -> s.path("live").asBoolean())
                .map(s -> s.path("instance_id").asText() + " " + s.path("active_agents").asInt())
                .collect(Collectors.joining(", "));
        return Optional.of(new Progress(fleet.path("live").asInt() > 0, fleet.path("quiesced").asBoolean(), counts,
                "turns still in flight (" + counts + "; " + fleet.path("draining").asInt() + " of "
                        + fleet.path("live").asInt() + " live instances draining)"));
    }

    private static Progress single(JsonNode status) {
        int count = status.path("active_agents").asInt();
        return new Progress(status.path("live").asBoolean(), status.path("quiesced").asBoolean(), String.valueOf(count),
                count + " turn(s) still in flight (state " + status.path("gateway_state").asText() + ")");
    }

    private static java.util.stream.Stream<JsonNode> instances(JsonNode fleet) {
        return StreamSupport.stream(fleet.path("instances").spliterator(), false);
    }
}
