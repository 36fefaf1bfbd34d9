package org.gatewaydrain.core.rollout;

import org.gatewaydrain.core.spi.RolloutWire;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * The planner's laws over whole walks: a simulated fleet where turns end, instances die,
 * others drain and undrain instances, and one instance may fail.
 */
class RolloutPlannerProperties {

    private static final Instant NOW = Instant.parse("2026-11-28T00:00:00Z");

    @Provide
    Arbitrary<MaxDraining> budgets() {
        return Arbitraries.oneOf(Arbitraries.integers().between(1, 6).map(n -> new MaxDraining(n, false)),
                Arbitraries.integers().between(1, 100).map(p -> new MaxDraining(p, true)));
    }

    @Provide
    Arbitrary<List<Integer>> failures() {
        return Combinators.combine(Arbitraries.integers().between(0, 1), Arbitraries.integers().between(0, 40))
                .as((fails, at) -> fails == 0 ? List.<Integer>of() : List.of(at));
    }

    @Property(tries = 1000)
    void noStepExceedsTheBudget_everyLiveInstanceIsVisitedOnce_andAFailureStopsTheWalk(
            @ForAll @IntRange(min = 1, max = 40) int size, @ForAll("budgets") MaxDraining budget,
            @ForAll("failures") List<Integer> failAt, @ForAll @IntRange(max = 100) int deathsPercent,
            @ForAll long seed) {
        Random world = new Random(seed);
        List<String> ids = IntStream.range(0, size).mapToObj(i -> String.format("gw-%02d", i)).toList();
        Set<String> live = new HashSet<>(ids);
        Set<String> others = new HashSet<>();
        ids.stream().filter(id -> world.nextInt(4) == 0).forEach(others::add);
        String failing = failAt.isEmpty() || failAt.get(0) >= size ? null : ids.get(failAt.get(0));
        Rollout rollout = Rollout.start("r-test", "true", "test", budget, ids, NOW);
        Map<String, Integer> visits = new HashMap<>();
        boolean failedSeen = false;

        for (int round = 0; round < 20_000; round++) {
            RolloutPlanner.Step step = RolloutPlanner.next(rollout, live, others, budget);
            List<String> current = rollout.at(Rollout.Step.CURRENT);
            if (failedSeen) {
                assertThat(step.start()).as("nothing starts after a failure").isEmpty();
                assertThat(step.stop()).isTrue();
            }
            if (!step.start().isEmpty()) {
                long drainedByOthers = others.stream().filter(live::contains).filter(id -> !current.contains(id)).count();
                assertThat(current.size() + step.start().size() + drainedByOthers).as("drained at once")
                        .isLessThanOrEqualTo(budget.limit(live.size()));
            }
            for (String id : step.start()) {
                assertThat(rollout.entry(id).orElseThrow().step()).isEqualTo(Rollout.Step.PENDING);
                assertThat(live).contains(id);
                assertThat(others).doesNotContain(id);
                visits.merge(id, 1, Integer::sum);
                rollout = rollout.with(id, Rollout.Step.CURRENT, "", NOW);
            }
            for (String id : step.skip()) {
                assertThat(live).doesNotContain(id);
                rollout = rollout.with(id, Rollout.Step.SKIPPED, "gone", NOW);
            }
            if (rollout.at(Rollout.Step.CURRENT).isEmpty()
                    && (rollout.finished() || !rollout.at(Rollout.Step.FAILED).isEmpty())) {
                break;
            }
            // The world moves: a window ends, an instance dies, someone drains or undrains one.
            List<String> running = rollout.at(Rollout.Step.CURRENT);
            int event = world.nextInt(100);
            if (!running.isEmpty() && event < 50) {
                String id = running.get(world.nextInt(running.size()));
                // A window that ends on an instance that died meanwhile reports it gone: skipped, not failed.
                boolean fails = id.equals(failing) && live.contains(id);
                failedSeen |= fails;
                rollout = rollout.with(id, live.contains(id) ? (fails ? Rollout.Step.FAILED : Rollout.Step.DONE)
                        : Rollout.Step.SKIPPED, "", NOW);
            } else if (event < 50 + deathsPercent / 10 && !live.isEmpty()) {
                List<String> alive = new ArrayList<>(live);
                live.remove(alive.get(world.nextInt(alive.size())));
            } else if (round < 2_000) {
                String id = ids.get(world.nextInt(size));
                if (!others.remove(id) && !running.contains(id)) {
                    others.add(id);
                }
            } else {
                others.clear(); // others' drains end in the end
            }
        }

        assertThat(rollout.at(Rollout.Step.CURRENT)).as("the walk ended").isEmpty();
        assertThat(visits.values()).as("no instance is visited twice").allMatch(v -> v == 1);
        if (rollout.at(Rollout.Step.FAILED).isEmpty()) {
            assertThat(rollout.finished()).isTrue();
            for (String id : ids) {
                Rollout.Step step = rollout.entry(id).orElseThrow().step();
                if (live.contains(id)) {
                    assertThat(step).as(id + " is live at the end").isEqualTo(Rollout.Step.DONE);
                } else {
                    assertThat(step).isIn(Rollout.Step.DONE, Rollout.Step.SKIPPED);
                }
            }
        } else {
            assertThat(rollout.at(Rollout.Step.FAILED)).containsExactly(failing);
        }
    }

    @Property
    void aPercentBudget_isAShareRoundedDown_butNeverZero(@ForAll @IntRange(min = 1, max = 100) int percent,
            @ForAll @IntRange(max = 1_000) int live) {
        int limit = new MaxDraining(percent, true).limit(live);
        assertThat(limit).isGreaterThanOrEqualTo(1).isLessThanOrEqualTo(Math.max(1, live));
        assertThat(limit).isEqualTo(Math.max(1, live * percent / 100));
    }

    @Property
    void theRecordRoundTripsThroughItsWireForm(@ForAll @IntRange(min = 1, max = 12) int size,
            @ForAll("budgets") MaxDraining budget, @ForAll long seed) {
        Random random = new Random(seed);
        Rollout rollout = Rollout.start("r-" + Long.toHexString(seed), "echo 'x\ny'", "ops", budget,
                IntStream.range(0, size).mapToObj(i -> "i" + i).toList(), NOW);
        for (int i = 0; i < size; i++) {
            Rollout.Step step = Rollout.Step.values()[random.nextInt(Rollout.Step.values().length)];
            rollout = rollout.with("i" + i, step, step == Rollout.Step.PENDING ? "" : "detail " + i, NOW.plusSeconds(i));
        }
        Rollout.State state = Rollout.State.values()[random.nextInt(Rollout.State.values().length)];
        rollout = rollout.with(state, NOW.plusMillis(1500));
        assertThat(RolloutWire.decode(RolloutWire.encode(rollout))).contains(rollout);
    }
}
