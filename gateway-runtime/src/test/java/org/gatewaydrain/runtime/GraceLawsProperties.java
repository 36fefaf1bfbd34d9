package org.gatewaydrain.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.gatewaydrain.core.DrainPolicy;
import org.gatewaydrain.core.DrainRequest;
import org.gatewaydrain.core.GatewayState;
import org.gatewaydrain.core.OnDeadline;
import org.gatewaydrain.core.RuntimeStatus;

/**
 * The session grace against a model. The model keeps, per session, whether a turn runs and
 * when its last external turn ended, and for the drain the set of conversations in progress
 * when it began and the hard end. From these it predicts every admission exactly; the laws are
 * asserted on their own too, so a failure names the law it breaks:
 * <ol>
 *   <li>no session outside the in-progress set starts an external turn after the drain begins;</li>
 *   <li>no external turn starts after the hard end (the deadline, else {@code drain.grace_max}, 4 × G);</li>
 *   <li>with G = 0 the drain refuses every external turn and is quiesced exactly when nothing is in flight;</li>
 *   <li>quiesced means draining, nothing in flight and no conversation in grace.</li>
 * </ol>
 * Idempotency and shutdown-wins under grace are {@link DrainLawsProperties}'. The fixture's clock
 * moves only when a step says so, and the gateway checks its times after each move; each step
 * ends with the status published, which dates the turn ends of that step as the model does.
 */
class GraceLawsProperties {

    sealed interface Step {
        record Admit(int session, boolean internal) implements Step {
        }

        record Finish(int session) implements Step {
        }

        record Advance(long millis) implements Step {
        }

        record Drain() implements Step {
        }

        record Cancel() implements Step {
        }
    }

    @Property(tries = 300)
    void admissionsFollowTheModel_andTheLawsHold(@ForAll("steps") @Size(max = 60) List<Step> steps,
            @ForAll @IntRange(min = 0, max = 3) int graceSeconds, @ForAll("deadlines") Optional<Long> deadlineMillis) {
        try (GatewayFixture fixture = new GatewayFixture(GatewayFixture.PUSH_ONLY)) {
            Gateway gateway = fixture.gateway;
            gateway.start();
            Model model = new Model(graceSeconds * 1000L, deadlineMillis);
            Map<Integer, CompletableFuture<String>> running = new HashMap<>();
            for (Step step : steps) {
                long now = fixture.clock.millis();
                if (step instanceof Step.Admit admit) {
                        String session = "s" + admit.session();
                        Admission admission = gateway.handle(admit.internal()
                                ? MessageEvent.internal(session, "x") : MessageEvent.external(session, "x"));
                        Class<? extends Admission> expected = model.admit(admit.session(), admit.internal(), now);
                        assertThat(admission).as("%s at +%d ms in %s", admit, now - model.drainBegan, model.state)
                                .isInstanceOf(expected);
                        if (admission instanceof Admission.Accepted) {
                            running.put(admit.session(), fixture.handler.turn(fixture.handler.started() - 1));
                        model.checkLaws(admit.session(), admit.internal(), now);
                    }
                } else if (step instanceof Step.Finish finish) {
                        CompletableFuture<String> turn = running.remove(finish.session());
                        if (turn != null) {
                            turn.complete("done");
                            model.ended(finish.session(), now);
                        }
                } else if (step instanceof Step.Advance advance) {
                        fixture.clock.advance(Duration.ofMillis(advance.millis()));
                        gateway.checkTime();
                        if (model.deadlinePasses(fixture.clock.millis())) {
                            running.keySet().forEach(session -> model.ended(session, fixture.clock.millis()));
                            running.clear();
                        }
                } else if (step instanceof Step.Drain && model.state == GatewayState.RUNNING) {
                        // A drain re-written while draining would move its deadline; the model keeps one drain at a time.
                        DrainRequest request = fixture.request("grace").withPolicy(model.policy(fixture.clock.instant()));
                        fixture.channel.request(request);
                        gateway.reconcile();
                        model.drain(now);
                } else if (step instanceof Step.Cancel) {
                        fixture.channel.cancel();
                        gateway.reconcile();
                        model.cancel();
                }
                // Turn ends are dated when the status next publishes, within its settle window: here, before the clock moves.
                gateway.flushStatus();
                RuntimeStatus status = gateway.status();
                assertThat(status.state()).isEqualTo(model.state);
                int inGrace = model.sessionsInGrace(fixture.clock.millis());
                assertThat(status.drain().map(RuntimeStatus.Drain::sessionsInGrace).orElse(0))
                        .as("conversations in grace after %s", step).isEqualTo(inGrace);
                assertThat(status.quiesced()).as("law 4: quiesced after %s", step)
                        .isEqualTo(model.state == GatewayState.DRAINING && running.isEmpty() && inGrace == 0);
                if (graceSeconds == 0) {
                    assertThat(status.quiesced()).as("law 3: G = 0 is the plain drain")
                            .isEqualTo(model.state == GatewayState.DRAINING && running.isEmpty());
                }
            }
            running.values().forEach(turn -> turn.complete("done"));
        }
    }

    /** What the gateway should do, kept in the property's own terms. */
    private static final class Model {
        final long grace;
        final Optional<Long> deadlineAfter;
        final Set<Integer> runningExternal = new HashSet<>();
        final Set<Integer> runningAny = new HashSet<>();
        final Map<Integer, Long> lastEnd = new HashMap<>();
        GatewayState state = GatewayState.RUNNING;
        Set<Integer> inProgress = Set.of();
        long drainBegan;
        long hardEnd;
        boolean deadlinePassed;

        Model(long grace, Optional<Long> deadlineAfter) {
            this.grace = grace;
            this.deadlineAfter = deadlineAfter;
        }

        DrainPolicy policy(Instant now) {
            DrainPolicy policy = DrainPolicy.NONE.withSessionGrace(Duration.ofMillis(grace));
            return deadlineAfter.map(after -> new DrainPolicy(Optional.of(now.plusMillis(after)), OnDeadline.INTERRUPT,
                    policy.sessionGrace())).orElse(policy);
        }

        void drain(long now) {
            if (state != GatewayState.RUNNING) {
                return;
            }
            state = GatewayState.DRAINING;
            drainBegan = now;
            hardEnd = deadlineAfter.map(after -> now + after).orElse(now + 4 * grace);
            deadlinePassed = false;
            Set<Integer> progress = new HashSet<>(runningExternal);
            lastEnd.forEach((session, ended) -> {
                if (grace > 0 && ended >= now - grace) {
                    progress.add(session);
                }
            });
            inProgress = grace > 0 ? progress : Set.of();
        }

        void cancel() {
            state = GatewayState.RUNNING;
            inProgress = Set.of();
        }

        Class<? extends Admission> admit(int session, boolean internal, long now) {
            boolean open = internal || state == GatewayState.RUNNING || inGrace(session, now);
            if (!open) {
                return Admission.Refused.class;
            }
            if (runningAny.contains(session)) {
                return Admission.Busy.class;
            }
            runningAny.add(session);
            if (!internal) {
                runningExternal.add(session);
            }
            return Admission.Accepted.class;
        }

        void checkLaws(int session, boolean internal, long now) {
            if (state == GatewayState.DRAINING && !internal) {
                assertThat(inProgress).as("law 1: only conversations in progress start external turns").contains(session);
                assertThat(now).as("law 2: no external turn at or after the hard end").isLessThan(hardEnd);
                assertThat(grace).as("law 3: no external turn in a drain without grace").isPositive();
            }
        }

        void ended(int session, long now) {
            runningAny.remove(session);
            if (runningExternal.remove(session)) {
                lastEnd.merge(session, now, Math::max);
            }
        }

        /** @return whether the deadline acts now: every turn in flight is interrupted */
        boolean deadlinePasses(long now) {
            if (state == GatewayState.DRAINING && deadlineAfter.isPresent() && !deadlinePassed
                    && now >= drainBegan + deadlineAfter.get()) {
                deadlinePassed = true;
                return true;
            }
            return false;
        }

        boolean inGrace(int session, long now) {
            return state == GatewayState.DRAINING && inProgress.contains(session) && now < hardEnd
                    && lastEnd.containsKey(session) && now - lastEnd.get(session) <= grace;
        }

        int sessionsInGrace(long now) {
            return (int) inProgress.stream().filter(session -> inGrace(session, now)).count();
        }
    }

    @Provide
    Arbitrary<List<Step>> steps() {
        Arbitrary<Integer> sessions = Arbitraries.integers().between(0, 4);
        Arbitrary<Step> admit = Combinators.combine(sessions, Arbitraries.of(false, false, false, true)).as(Step.Admit::new);
        Arbitrary<Step> finish = sessions.map(Step.Finish::new);
        Arbitrary<Step> advance = Arbitraries.of(1L, 500L, 999L, 1000L, 1001L, 2500L).map(Step.Advance::new);
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(5, admit),
                net.jqwik.api.Tuple.of(4, finish),
                net.jqwik.api.Tuple.of(4, advance),
                net.jqwik.api.Tuple.of(2, Arbitraries.just(new Step.Drain())),
                net.jqwik.api.Tuple.of(1, Arbitraries.just(new Step.Cancel()))).list();
    }

    @Provide
    Arbitrary<Optional<Long>> deadlines() {
        return Arbitraries.of(Optional.empty(), Optional.of(2000L), Optional.of(5000L));
    }
}
