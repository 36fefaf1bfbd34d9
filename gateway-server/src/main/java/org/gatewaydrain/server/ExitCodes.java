package org.gatewaydrain.server;

import org.gatewaydrain.client.MaintenanceWindow;
import org.gatewaydrain.client.RolloutWalk;
import org.gatewaydrain.client.StatusWatch;
import org.gatewaydrain.client.Until;

/**
 * The CLI's exit codes, the one table every command follows (documented in the protocol
 * reference): the engines answer typed results, and only here do they become numbers.
 */
final class ExitCodes {

    /** Done. */
    static final int OK = 0;
    /**
     * Tried and failed, or refused by what the command found: a write or a read that did not
     * work, a command that failed, no live gateway, another rollout holding the lock, nothing to
     * resume, a rollout that runs another command or is unfinished. The message says which.
     */
    static final int FAILED = 1;
    /**
     * The command line or the configuration is wrong (an unknown option, a bad value from a
     * flag, the environment or the configuration file, options that do not go together); nothing
     * was tried.
     */
    static final int USAGE = 2;
    /** A wait ran out ({@code --timeout}): not quiesced, or the budget stayed full. */
    static final int TIMED_OUT = 3;
    /** A signal (Ctrl-C, SIGTERM, SIGHUP) ended the command while it waited or ran. */
    static final int INTERRUPTED = 4;

    private ExitCodes() {
    }

    /** @return the code of a wait for quiesce: done, nothing live to wait for, run out, or interrupted */
    static int of(StatusWatch.Outcome<Until.Quiesce> outcome) {
        if (outcome instanceof StatusWatch.Outcome.Met<Until.Quiesce> met) {
            return met.value() == Until.Quiesce.QUIESCED ? OK : FAILED;
        }
        return outcome instanceof StatusWatch.Outcome.TimedOut ? TIMED_OUT : INTERRUPTED;
    }

    /** @return the code of a maintenance window's end */
    static int of(MaintenanceWindow.Result result) {
        if (result instanceof MaintenanceWindow.Result.Done) {
            return OK;
        }
        if (result instanceof MaintenanceWindow.Result.NotQuiesced) {
            return TIMED_OUT;
        }
        return result instanceof MaintenanceWindow.Result.Interrupted ? INTERRUPTED : FAILED;
    }

    /** @return the code of a rollout's end: a failed instance's own code, the lock's holder refusing it, … */
    static int of(RolloutWalk.Result result) {
        if (result instanceof RolloutWalk.Result.Done) {
            return OK;
        }
        if (result instanceof RolloutWalk.Result.Failed failed) {
            return of(failed.failure());
        }
        if (result instanceof RolloutWalk.Result.Stuck) {
            return TIMED_OUT;
        }
        return result instanceof RolloutWalk.Result.Interrupted ? INTERRUPTED : FAILED;
    }

    /** @return the code of what a rollout's preparation found when it is not ready to run */
    static int of(RolloutWalk.Prepared prepared) {
        return prepared instanceof RolloutWalk.Prepared.AlreadyDone || prepared instanceof RolloutWalk.Prepared.Ready
                ? OK : FAILED;
    }
}
