package org.gatewaydrain.server;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Optional;
import org.gatewaydrain.core.DrainControlException;

/** {@code drain --wait}: polls the status, printing the in-flight count each time it changes. */
final class QuiesceWait {

    static final Duration POLL = Duration.ofMillis(200);

    private QuiesceWait() {
    }

    /**
     * @return {@link ExitCodes#OK} once quiesced, {@link ExitCodes#TIMED_OUT} at the timeout,
     *     {@link ExitCodes#FAILED} when no live gateway publishes a status; a status that cannot
     *     be read for a while is waited out (it is said once)
     */
    static int until(ControlClient client, Duration timeout, PrintWriter out, PrintWriter err) {
        long started = System.nanoTime();
        long deadline = started + timeout.toNanos();
        int lastCount = -1;
        boolean unreadableSaid = false;
        while (true) {
            Optional<JsonNode> status;
            try {
                status = client.status();
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
            if (status.isEmpty() || !status.get().path("live").asBoolean()) {
                err.println("gateway: no live gateway is publishing its status at " + client.where()
                        + "; the drain request stays in place for when one starts.");
                err.flush();
                return ExitCodes.FAILED;
            }
            int count = status.get().path("active_agents").asInt();
            if (count != lastCount) {
                out.println("in flight: " + count);
                out.flush();
                lastCount = count;
            }
            if (status.get().path("quiesced").asBoolean()) {
                out.printf("Quiesced after %.1f s: no turn in flight.%n", (System.nanoTime() - started) / 1e9);
                out.flush();
                return ExitCodes.OK;
            }
            if (System.nanoTime() >= deadline) {
                err.println("gateway: timed out after " + timeout.toSeconds() + " s with " + count
                        + " turn(s) still in flight (state " + status.get().path("gateway_state").asText() + ").");
                err.flush();
                return ExitCodes.TIMED_OUT;
            }
            Sleeper.pause(POLL);
        }
    }
}
