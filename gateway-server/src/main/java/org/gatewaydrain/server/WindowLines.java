package org.gatewaydrain.server;

import java.time.Duration;
import org.gatewaydrain.client.MaintenanceWindow;
import org.gatewaydrain.client.StatusWatch;
import org.gatewaydrain.core.DrainTarget;

/**
 * What one maintenance window prints: each step as it begins, the in-flight count as it falls,
 * and how it ended. {@code maintain} prints one; {@code rollout} one per instance, each line
 * behind the instance's name. Thread-safe.
 */
final class WindowLines implements MaintenanceWindow.Listener {

    private final DrainTarget target;
    private final String where;
    private final String command;
    private final Duration timeout;
    private final Lines lines;
    private final QuiesceProgress progress;

    WindowLines(DrainTarget target, String where, String command, Duration timeout, Lines lines) {
        this.target = target;
        this.where = where;
        this.command = command;
        this.timeout = timeout;
        this.lines = lines;
        this.progress = new QuiesceProgress(target, where, lines);
    }

    @Override
    public void phase(MaintenanceWindow.Phase phase) {
        switch (phase) {
            case WAITING_FOR_QUIESCE -> say("Draining" + Console.describe(target) + " via " + where + " for: " + command);
            case RUNNING_COMMAND -> say("Running: " + command);
            case RESUMING -> say("The command succeeded; cancelling the drain.");
            default -> {
            }
        }
    }

    @Override
    public void look(MaintenanceWindow.Phase phase, StatusWatch.Look look) {
        if (phase == MaintenanceWindow.Phase.WAITING_FOR_QUIESCE) {
            progress.accept(look);
        }
    }

    /** Says how the window ended; an interruption is said by the signal's hook, which settled it. */
    void ended(MaintenanceWindow.Result result) {
        if (result instanceof MaintenanceWindow.Result.Done) {
            say("The gateway" + Console.describe(target) + " runs again and is ready.");
        } else if (result instanceof MaintenanceWindow.Result.Ignored ignored) {
            fail("the gateway ignores the drain request as stale (" + ignored.why().wireName() + "); nothing was run,"
                    + " and the request stays until it is cancelled.");
        } else if (result instanceof MaintenanceWindow.Result.Gone gone) {
            fail("no live gateway" + Console.describe(target) + " publishes its status via " + where
                    + " any more; the command was not run; " + settled(gone.settled()));
        } else if (result instanceof MaintenanceWindow.Result.NotQuiesced notQuiesced) {
            fail("timed out after " + timeout.toSeconds() + " s with " + progress.remaining() + "; the command was not run; "
                    + settled(notQuiesced.settled()));
        } else if (result instanceof MaintenanceWindow.Result.CommandFailed failed) {
            fail((failed.exitCode() < 0 ? "the command could not be started" : "the command exited with "
                    + failed.exitCode()) + "; " + settled(failed.settled()));
        } else if (result instanceof MaintenanceWindow.Result.UnsafeIdentity unsafe) {
            fail("the command was not run: " + unsafe.why() + "; " + settled(unsafe.settled()));
        } else if (result instanceof MaintenanceWindow.Result.NotRunningAgain again) {
            fail("the drain is cancelled, but the gateway" + Console.describe(target) + " did not show running within "
                    + timeout.toSeconds() + " s (it shows " + Console.safe(again.shows()) + ").");
        }
    }

    /** @return what became of the drain, as a sentence */
    static String settled(MaintenanceWindow.Settled settled) {
        if (settled instanceof MaintenanceWindow.Settled.Cancelled) {
            return "the drain is cancelled.";
        }
        if (settled instanceof MaintenanceWindow.Settled.KeptDraining) {
            return "the drain stays in place (--on-failure stay-drained); cancel it with gateway cancel.";
        }
        return "the drain could not be cancelled (" + Console.safe(((MaintenanceWindow.Settled.CancelFailed) settled).why())
                + "); cancel it with gateway cancel.";
    }

    private void say(String line) {
        lines.say(line);
    }

    private void fail(String sentence) {
        lines.fail(sentence);
    }
}
