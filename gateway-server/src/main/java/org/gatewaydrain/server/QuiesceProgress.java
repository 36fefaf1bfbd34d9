package org.gatewaydrain.server;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;
import org.gatewaydrain.client.ControlClient;
import org.gatewaydrain.client.StatusWatch;
import org.gatewaydrain.client.Until;
import org.gatewaydrain.core.DrainTarget;

/**
 * What a wait for quiesce prints as it goes: the in-flight count each time it changes, once that
 * the status cannot be read (the wait goes on), and at the end how it ended. Hears the watch's
 * looks on the watch's thread; thread-safe.
 */
final class QuiesceProgress implements Consumer<StatusWatch.Look> {

    private final DrainTarget target;
    private final Lines lines;
    private final String where;
    private String lastCounts;
    private String remaining = "no readable status";
    private boolean unreadableSaid;

    QuiesceProgress(DrainTarget target, String where, Lines lines) {
        this.target = target;
        this.where = where;
        this.lines = lines;
    }

    @Override
    public synchronized void accept(StatusWatch.Look look) {
        if (!Until.readable(look, target)) {
            if (!unreadableSaid) {
                lines.fail("the status cannot be read via " + where + " right now; still waiting.");
                unreadableSaid = true;
            }
            return;
        }
        Optional<Console.InFlight> now = Console.InFlight.of(look, target);
        now.ifPresent(shown -> remaining = shown.remaining());
        if (now.isPresent() && !now.get().counts().equals(lastCounts)) {
            lastCounts = now.get().counts();
            lines.say("in flight: " + lastCounts + now.get().blockers());
        }
    }

    /**
     * Waits until the target is quiesced, printing as it goes, and says how it ended.
     *
     * @return how the wait ended
     */
    StatusWatch.Outcome<Until.Quiesce> await(ControlClient client, Duration timeout) {
        long started = System.nanoTime();
        StatusWatch.Outcome<Until.Quiesce> outcome = StatusWatch.await(client, target, Until.quiesced(target),
                Clock.systemUTC(), timeout, StatusWatch.Pace.DEFAULT, this);
        if (outcome instanceof StatusWatch.Outcome.Met<Until.Quiesce> met && met.value() == Until.Quiesce.QUIESCED) {
            lines.say(String.format(java.util.Locale.ROOT, "Quiesced after %.1f s: no turn in flight%s.",
                    (System.nanoTime() - started) / 1e9, Console.describe(target)));
        } else if (outcome instanceof StatusWatch.Outcome.Met) {
            lines.fail("no live gateway" + Console.describe(target) + " is publishing its status via " + where
                    + "; the drain request stays in place for when one starts.");
        } else if (outcome instanceof StatusWatch.Outcome.TimedOut) {
            lines.fail("timed out after " + timeout.toSeconds() + " s with " + remaining() + ".");
        }
        return outcome;
    }

    /** @return what the last look showed was left */
    synchronized String remaining() {
        return remaining;
    }
}
