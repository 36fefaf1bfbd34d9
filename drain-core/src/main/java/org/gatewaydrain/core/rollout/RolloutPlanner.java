package org.gatewaydrain.core.rollout;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Decides, from a rollout's record and the fleet as it is now, which instances to start next.
 * Pure: the same inputs give the same step, so the rules are tested without a fleet.
 *
 * <ul>
 * <li>A failed instance stops the walk: nothing more starts.</li>
 * <li>A pending instance that is not live is skipped, never waited on.</li>
 * <li>Instances start in id order while the instances this rollout has current, plus the live
 *     instances drained by anyone else, stay within the budget.</li>
 * <li>A pending instance drained by someone else is passed over for now (its drain is not
 *     this rollout's to cancel) and taken once that drain ends.</li>
 * </ul>
 */
public final class RolloutPlanner {

    private RolloutPlanner() {
    }

    /**
     * What to do now.
     *
     * @param start the instances to drain and maintain now, in order
     * @param skip the pending instances that are not live, to mark skipped
     * @param stop whether the walk is over because an instance failed
     */
    public record Step(List<String> start, List<String> skip, boolean stop) {
        public Step {
            start = List.copyOf(start);
            skip = List.copyOf(skip);
        }
    }

    /**
     * @param rollout the record so far
     * @param live the live instances of the fleet now
     * @param drainedByOthers the live instances drained now by something other than this rollout
     *     (instances this rollout has current are not counted here, whatever their status shows)
     * @param budget the disruption budget
     * @return the next step
     */
    public static Step next(Rollout rollout, Set<String> live, Set<String> drainedByOthers, MaxDraining budget) {
        if (!rollout.at(Rollout.Step.FAILED).isEmpty()) {
            return new Step(List.of(), List.of(), true);
        }
        List<String> current = rollout.at(Rollout.Step.CURRENT);
        long others = drainedByOthers.stream().filter(live::contains).filter(id -> !current.contains(id)).count();
        long room = budget.limit(live.size()) - current.size() - others;
        List<String> start = new ArrayList<>();
        List<String> skip = new ArrayList<>();
        for (String id : rollout.at(Rollout.Step.PENDING)) {
            if (!live.contains(id)) {
                skip.add(id);
            } else if (start.size() < room && !drainedByOthers.contains(id)) {
                start.add(id);
            }
        }
        return new Step(start, skip, false);
    }
}
