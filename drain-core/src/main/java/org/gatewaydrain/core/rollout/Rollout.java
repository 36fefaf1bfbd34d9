package org.gatewaydrain.core.rollout;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.gatewaydrain.core.InstanceId;
import org.gatewaydrain.core.WireNames;

/**
 * What a rollout has done and is doing, as recorded in the fleet's ledger: one entry per
 * instance, in the order they are visited (by instance id). Immutable; the {@code with…}
 * methods return changed copies.
 *
 * @param id this rollout's id; {@code --resume} continues the rollout with this id
 * @param command the maintenance command run on each instance
 * @param principal who started it
 * @param maxDraining the disruption budget
 * @param state where the rollout as a whole is
 * @param startedAt when it started
 * @param updatedAt when this record was written
 * @param instances each instance's step, ordered by instance id
 */
public record Rollout(String id, String command, String principal, MaxDraining maxDraining, State state,
        Instant startedAt, Instant updatedAt, List<Entry> instances) {

    public Rollout {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(command, "command");
        Objects.requireNonNull(principal, "principal");
        Objects.requireNonNull(maxDraining, "maxDraining");
        Objects.requireNonNull(state, "state");
        startedAt = Objects.requireNonNull(startedAt, "startedAt").truncatedTo(ChronoUnit.MILLIS);
        updatedAt = Objects.requireNonNull(updatedAt, "updatedAt").truncatedTo(ChronoUnit.MILLIS);
        instances = instances.stream().sorted(Comparator.comparing(Entry::instanceId)).toList();
        if (instances.stream().map(Entry::instanceId).distinct().count() != instances.size()) {
            throw new IllegalArgumentException("an instance appears twice in rollout " + id);
        }
    }

    /** Where the rollout as a whole is. */
    public enum State {
        /** Walking the fleet. */
        RUNNING,
        /** Every instance is done or skipped. */
        DONE,
        /** An instance failed; the walk stopped there and left the rest untouched. */
        FAILED,
        /** The rolling process was interrupted; {@code --resume} continues it. */
        INTERRUPTED;

        /** @return the name on the wire */
        public String wireName() {
            return WireNames.of(this);
        }

        /** @return the state with that wire name, if there is one */
        public static Optional<State> ofWireName(String name) {
            return WireNames.parse(State.class, name);
        }
    }

    /** Where one instance is. */
    public enum Step {
        /** Not visited yet. */
        PENDING,
        /** Being drained, waited on, maintained or resumed now. */
        CURRENT,
        /** Maintained and running again. */
        DONE,
        /** Not quiesced in time, the command failed or it did not run again: the rollout stops. */
        FAILED,
        /** Gone (not live) at its turn or while it was waited on; reported and passed over. */
        SKIPPED;

        /** @return the name on the wire */
        public String wireName() {
            return WireNames.of(this);
        }

        /** @return the step with that wire name, if there is one */
        public static Optional<Step> ofWireName(String name) {
            return WireNames.parse(Step.class, name);
        }
    }

    /**
     * One instance's step.
     *
     * @param instanceId the instance
     * @param step where it is
     * @param detail what happened, for people ({@code ""} when nothing is worth saying)
     */
    public record Entry(String instanceId, Step step, String detail) {
        public Entry {
            InstanceId.require(instanceId);
            Objects.requireNonNull(step, "step");
            Objects.requireNonNull(detail, "detail");
        }
    }

    /**
     * @return a new rollout with every instance pending
     */
    public static Rollout start(String id, String command, String principal, MaxDraining maxDraining,
            List<String> instanceIds, Instant now) {
        return new Rollout(id, command, principal, maxDraining, State.RUNNING, now, now,
                instanceIds.stream().map(i -> new Entry(i, Step.PENDING, "")).toList());
    }

    /** @return the ids of the instances at {@code step}, in visiting order */
    public List<String> at(Step step) {
        return instances.stream().filter(e -> e.step() == step).map(Entry::instanceId).toList();
    }

    /** @return the entry of {@code instanceId}, if it is part of this rollout */
    public Optional<Entry> entry(String instanceId) {
        return instances.stream().filter(e -> e.instanceId().equals(instanceId)).findFirst();
    }

    /** @return a copy with {@code instanceId} at {@code step}, stamped {@code now} */
    public Rollout with(String instanceId, Step step, String detail, Instant now) {
        if (entry(instanceId).isEmpty()) {
            throw new IllegalArgumentException(instanceId + " is not part of rollout " + id);
        }
        return map(e -> e.instanceId().equals(instanceId) ? new Entry(instanceId, step, detail) : e, state, now);
    }

    /** @return a copy in {@code state}, stamped {@code now} */
    public Rollout with(State newState, Instant now) {
        return map(UnaryOperator.identity(), newState, now);
    }

    /**
     * @return a copy to continue after an interruption or a failure: running again, with every
     *     instance that was current (its maintenance may not have finished) or failed current
     *     again — their drains are this rollout's, so they are visited again first; done and
     *     skipped instances stay as they are
     */
    public Rollout resumed(Instant now) {
        return map(e -> e.step() == Step.CURRENT || e.step() == Step.FAILED
                ? new Entry(e.instanceId(), Step.CURRENT, "visited again on resume (was " + e.step().wireName() + ")")
                : e, State.RUNNING, now);
    }

    /** @return whether nothing is left to do: no instance pending or current */
    public boolean finished() {
        return instances.stream().noneMatch(e -> e.step() == Step.PENDING || e.step() == Step.CURRENT);
    }

    private Rollout map(UnaryOperator<Entry> change, State newState, Instant now) {
        List<Entry> changed = new ArrayList<>(instances.size());
        instances.forEach(e -> changed.add(change.apply(e)));
        return new Rollout(id, command, principal, maxDraining, newState, startedAt, now, changed);
    }
}
