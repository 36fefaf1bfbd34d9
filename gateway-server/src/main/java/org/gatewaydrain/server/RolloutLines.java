package org.gatewaydrain.server;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.gatewaydrain.client.MaintenanceWindow;
import org.gatewaydrain.client.RolloutWalk;
import org.gatewaydrain.core.DrainTarget;
import org.gatewaydrain.core.FleetReading;
import org.gatewaydrain.core.rollout.MaxDraining;
import org.gatewaydrain.core.rollout.Rollout;

/**
 * What {@code rollout} prints: the walk's course, each instance's window behind its name
 * ({@code [gw-1] …}), why a rollout is refused, the plan of a dry run and the summary at the
 * end. Thread-safe.
 */
final class RolloutLines implements RolloutWalk.Listener {

    private final String where;
    private final Duration timeout;
    private final Lines lines;
    private final Map<String, WindowLines> windows = new ConcurrentHashMap<>();

    RolloutLines(String where, Duration timeout, Lines lines) {
        this.where = where;
        this.timeout = timeout;
        this.lines = lines;
    }

    @Override
    public void waitingForLock(Duration wait) {
        say("The run being resumed still holds the lock until its session ends; waiting up to " + wait.toSeconds()
                + " s for it.");
    }

    @Override
    public void started(Rollout rollout, MaxDraining budget, List<String> visiting) {
        say("Rollout " + Console.safe(rollout.id()) + ": " + Console.safe(rollout.command()) + " on " + visiting
                + ", at most " + budget + " drained at once.");
    }

    @Override
    public void skipped(String id) {
        fail(Console.safe(id) + " is not live at its turn; skipped.");
    }

    @Override
    public void waiting(String why) {
        say(why);
    }

    @Override
    public MaintenanceWindow.Listener window(String id) {
        WindowLines window = new WindowLines(new DrainTarget.Instance(id), where, "", timeout,
                lines.prefixed("[" + Console.safe(id) + "] "));
        windows.put(id, window);
        return window;
    }

    @Override
    public void ended(String id, MaintenanceWindow.Result result) {
        WindowLines window = windows.remove(id);
        if (window != null) {
            window.ended(result);
        }
        if (result instanceof MaintenanceWindow.Result.Gone) {
            fail(Console.safe(id) + " is gone (gone while waiting for quiesce; the command was not run); skipped.");
        } else if (!(result instanceof MaintenanceWindow.Result.Done)) {
            fail(Console.safe(id) + " failed (" + RolloutWalk.describe(result) + "); the rollout stops and leaves the"
                    + " instances not yet visited untouched.");
        }
    }

    @Override
    public void notRecorded(String why) {
        fail("the rollout's progress could not be recorded (" + Console.safe(why) + "); going on.");
    }

    /** Says why {@code prepared} is not ready to run. */
    void refused(RolloutWalk.Prepared prepared) {
        if (prepared instanceof RolloutWalk.Prepared.AlreadyDone done) {
            say("Rollout " + Console.safe(done.rollout().id()) + " finished at " + Console.time(done.rollout().updatedAt())
                    + "; nothing to resume.");
        } else if (prepared instanceof RolloutWalk.Prepared.NothingToResume) {
            fail("there is no recorded rollout on this cluster to resume.");
        } else if (prepared instanceof RolloutWalk.Prepared.DifferentCommand different) {
            fail("rollout " + Console.safe(different.recorded().id()) + " runs '"
                    + Console.safe(different.recorded().command()) + "', not the command given; resume it with exactly"
                    + " that --exec if it is yours, or start a new rollout with --discard.");
        } else if (prepared instanceof RolloutWalk.Prepared.Unfinished unfinished) {
            Rollout last = unfinished.recorded();
            fail("rollout " + Console.safe(last.id()) + " by " + Console.safe(last.principal()) + " is unfinished (" + last.state()
                    .wireName() + ", " + (last.at(Rollout.Step.PENDING).size() + last.at(Rollout.Step.CURRENT).size())
                    + " instance(s) left): continue it with --resume, or start a new one with --discard.");
        } else if (prepared instanceof RolloutWalk.Prepared.NoLiveInstance) {
            fail("no live instance publishes a status; there is nothing to roll across.");
        } else if (prepared instanceof RolloutWalk.Prepared.Unreadable unreadable) {
            fail(Console.safe(unreadable.cause()) + ".");
        }
    }

    /** Prints what {@code ready} would do, as the fleet is now; for a resume, the command to repeat. */
    void plan(RolloutWalk.Prepared.Ready ready, FleetReading fleet, boolean resuming) {
        Rollout rollout = ready.rollout();
        Set<String> live = fleet instanceof FleetReading.Instances i ? RolloutWalk.liveIds(i) : Set.of();
        Set<String> others = fleet instanceof FleetReading.Instances i ? RolloutWalk.drainedByOthers(i, rollout) : Set.of();
        PrintWriter out = lines.out();
        out.printf("Rollout %s (dry run): %s on %d instance(s), at most %d of %d live drained at once (--max-draining %s;"
                        + " %d drained by others now).%n", Console.safe(rollout.id()), Console.safe(rollout.command()),
                rollout.instances().size(),
                ready.budget().limit(live.size()), live.size(), ready.budget(), others.size());
        int order = 1;
        for (Rollout.Entry entry : rollout.instances()) {
            String note;
            if (entry.step() == Rollout.Step.CURRENT) {
                note = "in hand when the rollout stopped: visited again first";
            } else if (entry.step() != Rollout.Step.PENDING) {
                note = entry.step().wireName() + ", not visited again";
            } else if (!live.contains(entry.instanceId())) {
                note = "not live now: would be skipped";
            } else if (others.contains(entry.instanceId())) {
                note = "drained by someone else now: taken once that drain ends";
            } else {
                note = "drain, wait for quiesce, run, resume";
            }
            out.printf("  %2d. %-24s %s%n", order++, Console.safe(entry.instanceId()), note);
        }
        ready.holder().ifPresent(h -> out.println("Note: " + Console.holder(h) + " holds the lock now; a real run would"
                + " be refused."));
        if (resuming) {
            out.println("To resume it, repeat its command exactly: --exec '" + Console.safe(rollout.command()) + "'.");
        }
        out.flush();
    }

    /** Says how the walk ended. */
    void ended(RolloutWalk.Result result) {
        if (result instanceof RolloutWalk.Result.Busy busy) {
            fail("Another rollout is running on cluster " + Console.safe(busy.cluster()) + ": "
                    + busy.holder().map(Console::holder).orElse("its holder could not be read")
                    + ". Only one rollout per cluster runs at a time.");
        } else if (result instanceof RolloutWalk.Result.Stuck stuck) {
            fail("nothing could start for " + timeout.toSeconds() + " s (" + stuck.waiting() + "); stopping. Continue"
                    + " with gateway rollout --resume.");
            say(summary(stuck.rollout()));
        } else if (result instanceof RolloutWalk.Result.Done done) {
            say(summary(done.rollout()));
        } else if (result instanceof RolloutWalk.Result.Failed failed) {
            say(summary(failed.rollout()));
        }
    }

    private static String summary(Rollout rollout) {
        StringBuilder text = new StringBuilder("Rollout " + Console.safe(rollout.id()) + " " + rollout.state().wireName()
                + ": ");
        text.append(rollout.at(Rollout.Step.DONE).size()).append(" done");
        for (Rollout.Step step : List.of(Rollout.Step.SKIPPED, Rollout.Step.FAILED, Rollout.Step.PENDING)) {
            List<Rollout.Entry> at = rollout.instances().stream().filter(e -> e.step() == step).toList();
            if (!at.isEmpty()) {
                text.append(", ").append(at.size()).append(' ').append(step == Rollout.Step.PENDING ? "not visited"
                        : step.wireName()).append(" (").append(at.stream().map(e -> Console.safe(e.instanceId())
                        + (e.detail().isEmpty() ? "" : ": " + Console.safe(e.detail()))).collect(Collectors.joining("; ")))
                        .append(')');
            }
        }
        return text.append('.').toString();
    }

    private void say(String line) {
        lines.say(line);
    }

    private void fail(String sentence) {
        lines.fail(sentence);
    }
}
