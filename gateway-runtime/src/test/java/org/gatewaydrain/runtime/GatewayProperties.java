package org.gatewaydrain.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.Size;
import org.gatewaydrain.core.DrainSignal;
import org.gatewaydrain.core.GatewayState;
import org.gatewaydrain.core.spi.ChannelListener;
import org.gatewaydrain.core.spi.DrainControlChannel;
import org.gatewaydrain.core.spi.Subscription;
import org.gatewaydrain.transport.memory.InMemoryDrainChannel;
import org.gatewaydrain.tck.ForwardingChannel;

/**
 * Random sequences of channel changes, shutdown, admissions and completions, checked step by
 * step against a tiny model: idempotency, shutdown wins, no external admission while
 * draining or stopping, in-flight = admitted − completed ≥ 0, quiesced ⇔ draining ∧ none in flight.
 */
class GatewayProperties {

    @Property(tries = 200)
    void theGatewayBehavesLikeTheModel(@ForAll("operations") @Size(max = 40) List<Op> operations) {
        // Reconciles happen only where the sequence says, so the run is deterministic.
        try (GatewayFixture fixture = new GatewayFixture(GatewayFixture.PUSH_ONLY, InMemoryDrainChannelView::new)) {
            fixture.gateway.start();
            Model model = new Model();
            List<Running> running = new ArrayList<>();
            for (Op op : operations) {
                apply(op, fixture, model, running);
                check(fixture, model, running);
            }
        }
    }

    private static void apply(Op op, GatewayFixture fixture, Model model, List<Running> running) {
        Gateway gateway = fixture.gateway;
        InMemoryDrainChannel backing = fixture.channel;
        if (op instanceof Op.DrainRequested) {
            // Written past the knobs, so it lands even while the gateway cannot read the channel.
            backing.hold(new DrainSignal.Present(fixture.request("prop")));
            model.requested = true;
            reconcile(gateway, model);
        } else if (op instanceof Op.DrainCleared) {
            backing.hold(DrainSignal.ABSENT);
            model.requested = false;
            reconcile(gateway, model);
        } else if (op instanceof Op.ChannelUnknown unknown) {
            backing.unreachable(unknown.unreachable());
            model.unreachable = unknown.unreachable();
            reconcile(gateway, model);
        } else if (op instanceof Op.Shutdown) {
            gateway.shutdown(Duration.ZERO, "property");
            model.state = GatewayState.STOPPED;
            model.completed += running.size();
            running.clear();
        } else if (op instanceof Op.Admit admit) {
            String session = "s" + admit.session();
            Admission admission = gateway.handle(new MessageEvent(session, "hi", admit.internal(), java.util.Map.of()));
            boolean open = admit.internal() ? model.state.admitsInternalEvents() : model.state.admitsNewTurns();
            boolean busy = running.stream().anyMatch(r -> r.session().equals(session));
            if (!open) {
                assertThat(admission).as("admission in %s", model.state).isInstanceOf(Admission.Refused.class);
            } else if (busy) {
                assertThat(admission).isInstanceOf(Admission.Busy.class);
            } else {
                assertThat(admission).isInstanceOf(Admission.Accepted.class);
                model.admitted++;
                running.add(new Running(session, fixture.handler.turn(fixture.handler.started() - 1)));
            }
        } else if (op instanceof Op.Complete complete && !running.isEmpty()) {
            Running done = running.remove(complete.pick() % running.size());
            done.work().complete("ok");
            model.completed++;
        }
    }

    private static void reconcile(Gateway gateway, Model model) {
        gateway.reconcile();
        if (model.state.isShuttingDown() || model.unreachable) {
            return;
        }
        model.state = model.requested ? GatewayState.DRAINING : GatewayState.RUNNING;
    }

    private static void check(GatewayFixture fixture, Model model, List<Running> running) {
        var status = fixture.gateway.status();
        int inFlight = model.admitted - model.completed;
        assertThat(inFlight).isNotNegative();
        assertThat(status.state()).isEqualTo(model.state);
        assertThat(status.activeTurns()).as("the gateway's count against the model").isEqualTo(inFlight);
        assertThat(status.activeTurns()).as("the gateway's count against the handler's unfinished turns")
                .isEqualTo(fixture.handler.unfinished());
        assertThat(status.quiesced()).isEqualTo(model.state == GatewayState.DRAINING && inFlight == 0);
        Set<String> sessions = new HashSet<>();
        running.forEach(r -> assertThat(sessions.add(r.session())).as("one turn per session").isTrue());
    }

    @Provide
    Arbitrary<List<Op>> operations() {
        Arbitrary<Op> op = Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.just(new Op.DrainRequested())),
                Tuple.of(3, Arbitraries.just(new Op.DrainCleared())),
                Tuple.of(2, Arbitraries.of(true, false).map(Op.ChannelUnknown::new)),
                Tuple.of(1, Arbitraries.just(new Op.Shutdown())),
                Tuple.of(6, Combinators.combine(Arbitraries.integers().between(0, 3), Arbitraries.of(true, false))
                        .as(Op.Admit::new)),
                Tuple.of(5, Arbitraries.integers().between(0, 10).map(Op.Complete::new)));
        return op.list();
    }

    private static final class Model {
        GatewayState state = GatewayState.RUNNING;
        boolean requested;
        boolean unreachable;
        int admitted;
        int completed;
    }

    private record Running(String session, CompletableFuture<String> work) {
    }

    sealed interface Op {
        record DrainRequested() implements Op {
        }

        record DrainCleared() implements Op {
        }

        record ChannelUnknown(boolean unreachable) implements Op {
        }

        record Shutdown() implements Op {
        }

        record Admit(int session, boolean internal) implements Op {
        }

        record Complete(int pick) implements Op {
        }
    }

    /** The in-memory channel without its pushes: the property decides when the gateway reads. */
    private static final class InMemoryDrainChannelView extends ForwardingChannel {
        InMemoryDrainChannelView(DrainControlChannel backing) {
            super(backing);
        }

        @Override
        public Subscription subscribe(ChannelListener listener, Executor executor) {
            return () -> { };
        }
    }
}
