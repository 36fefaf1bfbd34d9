package org.gatewaydrain.core.rollout;

import org.gatewaydrain.core.spi.RolloutWire;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RolloutPlannerTest {

    private static final Instant NOW = Instant.parse("2026-11-28T00:00:00Z");
    private static final Set<String> ALL = Set.of("a", "b", "c", "d");

    private static Rollout fresh() {
        return Rollout.start("r-1", "patch", "ops", MaxDraining.ONE, List.of("d", "b", "a", "c"), NOW);
    }

    @Test
    void instancesGoInIdOrder_withinTheBudget() {
        assertThat(RolloutPlanner.next(fresh(), ALL, Set.of(), MaxDraining.ONE).start()).containsExactly("a");
        assertThat(RolloutPlanner.next(fresh(), ALL, Set.of(), new MaxDraining(3, false)).start())
                .containsExactly("a", "b", "c");
        Rollout aRunning = fresh().with("a", Rollout.Step.CURRENT, "", NOW);
        assertThat(RolloutPlanner.next(aRunning, ALL, Set.of(), MaxDraining.ONE).start()).isEmpty();
        assertThat(RolloutPlanner.next(aRunning, ALL, Set.of(), new MaxDraining(2, false)).start()).containsExactly("b");
    }

    @Test
    void othersDrains_countAgainstTheBudget_andTheirInstancesWaitUntilThoseDrainsEnd() {
        assertThat(RolloutPlanner.next(fresh(), ALL, Set.of("c"), MaxDraining.ONE).start()).isEmpty();
        assertThat(RolloutPlanner.next(fresh(), ALL, Set.of("a"), new MaxDraining(2, false)).start())
                .as("a is someone else's drain: passed over for now").containsExactly("b");
        assertThat(RolloutPlanner.next(fresh(), ALL, Set.of("x"), MaxDraining.ONE).start())
                .as("a drained instance that is not live does not count").containsExactly("a");
    }

    @Test
    void aPendingInstanceThatIsNotLive_isSkipped_notWaitedOn() {
        RolloutPlanner.Step step = RolloutPlanner.next(fresh(), Set.of("b", "c", "d"), Set.of(), MaxDraining.ONE);
        assertThat(step.skip()).containsExactly("a");
        assertThat(step.start()).containsExactly("b");
    }

    @Test
    void aFailure_stopsTheWalk() {
        Rollout failed = fresh().with("a", Rollout.Step.FAILED, "exit 1", NOW);
        RolloutPlanner.Step step = RolloutPlanner.next(failed, ALL, Set.of(), new MaxDraining(4, false));
        assertThat(step.stop()).isTrue();
        assertThat(step.start()).isEmpty();
    }

    @Test
    void resuming_visitsCurrentAndFailedAgain_butNotDoneOrSkipped() {
        Rollout crashed = fresh().with("a", Rollout.Step.DONE, "", NOW).with("b", Rollout.Step.SKIPPED, "gone", NOW)
                .with("c", Rollout.Step.CURRENT, "", NOW).with(Rollout.State.INTERRUPTED, NOW);
        Rollout resumed = crashed.resumed(NOW.plusSeconds(1));
        assertThat(resumed.state()).isEqualTo(Rollout.State.RUNNING);
        assertThat(resumed.at(Rollout.Step.CURRENT)).containsExactly("c");
        assertThat(resumed.at(Rollout.Step.PENDING)).containsExactly("d");
        assertThat(resumed.at(Rollout.Step.DONE)).containsExactly("a");
        assertThat(resumed.startedAt()).isEqualTo(NOW);
        assertThat(RolloutPlanner.next(resumed, ALL, Set.of("c"), MaxDraining.ONE).start())
                .as("c, drained by the interrupted run, is this rollout's: it fills the budget").isEmpty();
        Rollout failed = fresh().with("a", Rollout.Step.FAILED, "exit 1", NOW).with(Rollout.State.FAILED, NOW);
        assertThat(failed.resumed(NOW).at(Rollout.Step.CURRENT)).containsExactly("a");
    }

    @Test
    void budgets_parseCountsAndShares_andRefuseTheRestWithTheFix() {
        assertThat(MaxDraining.parse("2")).isEqualTo(new MaxDraining(2, false));
        assertThat(MaxDraining.parse(" 25% ")).isEqualTo(new MaxDraining(25, true));
        assertThat(MaxDraining.parse("25%").limit(10)).isEqualTo(2);
        assertThat(MaxDraining.parse("10%").limit(3)).isEqualTo(1);
        assertThatThrownBy(() -> MaxDraining.parse("0")).hasMessageContaining("use 1 or more");
        assertThatThrownBy(() -> MaxDraining.parse("150%")).hasMessageContaining("1% to 100%");
        assertThatThrownBy(() -> MaxDraining.parse("two")).hasMessageContaining("a count such as 2");
        assertThatThrownBy(() -> MaxDraining.parse("-1")).hasMessageContaining("not a budget");
    }

    @Test
    void aRecordThatIsNotOne_decodesToNothing() {
        Map<String, Object> fields = new java.util.HashMap<>(RolloutWire.encode(fresh()));
        assertThat(RolloutWire.decode(fields)).contains(fresh());
        fields.put("instances", List.of(Map.of("instance_id", "../x", "step", "done")));
        assertThat(RolloutWire.decode(fields)).isEmpty();
        fields.put("instances", "none");
        assertThat(RolloutWire.decode(fields)).isEmpty();
        assertThat(RolloutWire.decode(Map.of("state", "running"))).isEmpty();
        RolloutHolder holder = new RolloutHolder("r-1", "ops", "host-1", 42, NOW);
        assertThat(RolloutWire.decodeHolder(RolloutWire.encode(holder))).contains(holder);
        assertThat(RolloutWire.decodeHolder(Map.of("rollout_id", "r-1"))).isEqualTo(Optional.empty());
    }
}
