package org.gatewaydrain.server.webhook;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.gatewaydrain.client.MaintenanceWindow;
import org.gatewaydrain.client.RolloutWalk;
import org.gatewaydrain.core.rollout.MaxDraining;
import org.gatewaydrain.core.rollout.Rollout;

/**
 * A rollout's course as webhook events, {@code rollout.instance_done} for each instance's window
 * and {@code rollout.finished} at the end, around the listener the command already has (its
 * printed lines), which hears everything first.
 */
public final class RolloutWebhooks implements RolloutWalk.Listener {

    private final RolloutWalk.Listener lines;
    private final Webhooks webhooks;
    private volatile String rolloutId = "";

    public RolloutWebhooks(RolloutWalk.Listener lines, Webhooks webhooks) {
        this.lines = lines;
        this.webhooks = webhooks;
    }

    /** The walk ended with {@code result}: {@code rollout.finished}. */
    public void finished(RolloutWalk.Result result) {
        Rollout rollout = result instanceof RolloutWalk.Result.Done done ? done.rollout()
                : result instanceof RolloutWalk.Result.Failed failed ? failed.rollout()
                : result instanceof RolloutWalk.Result.Stuck stuck ? stuck.rollout()
                : result instanceof RolloutWalk.Result.Interrupted interrupted ? interrupted.rollout() : null;
        if (rollout == null) {
            return;
        }
        webhooks.publish(EventType.ROLLOUT_FINISHED, new EventData.RolloutFinished(rollout.id(),
                rollout.state().name().toLowerCase(Locale.ROOT), rollout.at(Rollout.Step.DONE), rollout.at(Rollout.Step.FAILED)));
    }

    @Override
    public void waitingForLock(Duration wait) {
        lines.waitingForLock(wait);
    }

    @Override
    public void started(Rollout rollout, MaxDraining budget, List<String> visiting) {
        rolloutId = rollout.id();
        lines.started(rollout, budget, visiting);
    }

    @Override
    public void skipped(String id) {
        lines.skipped(id);
    }

    @Override
    public void waiting(String why) {
        lines.waiting(why);
    }

    @Override
    public MaintenanceWindow.Listener window(String id) {
        return lines.window(id);
    }

    @Override
    public void ended(String id, MaintenanceWindow.Result result) {
        lines.ended(id, result);
        webhooks.publish(EventType.ROLLOUT_INSTANCE_DONE, new EventData.RolloutInstance(rolloutId, id,
                outcome(result)));
    }

    @Override
    public void notRecorded(String why) {
        lines.notRecorded(why);
    }

    /** @return {@code done}, {@code command_failed}, {@code not_quiesced}, … from the result's kind */
    static String outcome(MaintenanceWindow.Result result) {
        return result.getClass().getSimpleName().replaceAll("([a-z])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
    }
}
