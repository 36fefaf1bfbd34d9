package org.gatewaydrain.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import org.gatewaydrain.core.DrainPolicy;
import org.gatewaydrain.core.DrainRequest;
import org.gatewaydrain.core.DrainSignal;
import org.gatewaydrain.core.DrainTarget;
import org.gatewaydrain.core.GatewayState;
import org.gatewaydrain.core.RuntimeStatus;
import org.gatewaydrain.core.spi.ChannelListener;
import org.gatewaydrain.core.spi.DrainControlChannel;
import org.gatewaydrain.core.spi.Subscription;
import org.gatewaydrain.transport.memory.InMemoryDrainChannel;
import org.gatewaydrain.tck.ForwardingChannel;

/**
 * The two laws of the design, each on its own: <b>idempotency</b> (repeating an entry into or
 * out of drain publishes nothing and emits nothing; only real transitions do) and
 * <b>shutdown wins</b> (once shutdown has begun, no drain, cancel, channel read, admission or
 * completion brings back {@code running} or {@code draining}, or admits a turn). Both hold with
 * and without a session grace on the request.
 */
class DrainLawsProperties {

    enum Step { REQUEST, CANCEL, RECONCILE, ENTER, EXIT }

    enum Act { REQUEST, CANCEL, RECONCILE, ENTER, EXIT, ADMIT_EXTERNAL, ADMIT_INTERNAL, COMPLETE, SHUTDOWN }

    @Property(tries = 100)
    void repeatedEntriesAndExits_publishNothingAndEmitNothing_onlyTransitionsDo(
            @ForAll("steps") @Size(max = 30) List<Step> steps, @ForAll boolean withGrace) {
        try (GatewayFixture fixture = new GatewayFixture(GatewayFixture.PUSH_ONLY, Silent::new)) {
            Gateway gateway = fixture.gateway;
            InMemoryDrainChannel backing = fixture.channel;
            // One request, always the same: re-reading it is a repeat, not a re-write; entering shows it as a read would.
            DrainRequest request = withGrace(fixture.request("laws"), withGrace);
            RuntimeStatus.Drain shown = RuntimeStatus.Drain.of(
                    new DrainSignal.Present(request, Optional.of(DrainTarget.Scopes.INSTANCE)), fixture.clock.instant());
            AtomicInteger events = new AtomicInteger();
            gateway.addListener(new GatewayListener() {
                @Override
                public void stateChanged(GatewayState from, GatewayState to) {
                    events.incrementAndGet();
                }

                @Override
                public void drainChanged() {
                    events.incrementAndGet();
                }
            });
            gateway.start();
            boolean requested = false;
            for (Step step : steps) {
                GatewayState before = gateway.status().state();
                long writesBefore = fixture.publishes();
                gateway.flushEvents();
                int eventsBefore = events.get();

                switch (step) {
                    case REQUEST -> {
                        backing.request(request);
                        requested = true;
                    }
                    case CANCEL -> {
                        backing.cancel();
                        requested = false;
                    }
                    case RECONCILE -> gateway.reconcile();
                    case ENTER -> gateway.enterDrain(shown);
                    case EXIT -> gateway.exitDrain();
                }

                long writes = fixture.publishes() - writesBefore;
                gateway.flushEvents();
                GatewayState after = gateway.status().state();
                int transitions = before == after ? 0 : 1;
                assertThat(writes).as("status writes for %s in %s", step, before)
                        .isEqualTo(transitions);
                assertThat(events.get() - eventsBefore).as("events for %s in %s", step, before).isEqualTo(transitions);
                if (step == Step.RECONCILE) {
                    assertThat(after).isEqualTo(requested ? GatewayState.DRAINING : GatewayState.RUNNING);
                }
            }
        }
    }

    @Property(tries = 100)
    void onceShutdownBegins_nothingLeadsBackOrAdmitsATurn(@ForAll("acts") @Size(max = 40) List<Act> acts,
            @ForAll boolean withGrace) throws Exception {
        try (GatewayFixture fixture = new GatewayFixture(GatewayFixture.PUSH_ONLY, Silent::new)) {
            Gateway gateway = fixture.gateway;
            InMemoryDrainChannel backing = fixture.channel;
            DrainRequest request = withGrace(fixture.request("laws"), withGrace);
            gateway.start();
            List<CompletableFuture<String>> running = new ArrayList<>();
            CompletableFuture<Void> shutdown = null;
            int sessions = 0;
            for (Act act : acts) {
                switch (act) {
                    case REQUEST -> backing.request(request);
                    case CANCEL -> backing.cancel();
                    case RECONCILE -> gateway.reconcile();
                    case ENTER -> gateway.enterDrain(RuntimeStatus.Drain.of(request, fixture.clock.instant()));
                    case EXIT -> gateway.exitDrain();
                    case ADMIT_EXTERNAL, ADMIT_INTERNAL -> {
                        String session = "s" + sessions++;
                        Admission admission = gateway.handle(act == Act.ADMIT_INTERNAL
                                ? MessageEvent.internal(session, "x") : MessageEvent.external(session, "x"));
                        if (shutdown != null) {
                            assertThat(admission).as("%s after shutdown began", act).isInstanceOf(Admission.Refused.class);
                        } else if (admission instanceof Admission.Accepted) {
                            running.add(fixture.handler.turn(fixture.handler.started() - 1));
                        }
                    }
                    case COMPLETE -> {
                        if (!running.isEmpty()) {
                            running.remove(0).complete("done");
                        }
                    }
                    case SHUTDOWN -> {
                        if (shutdown == null) {
                            shutdown = CompletableFuture.runAsync(() -> gateway.shutdown(Duration.ofSeconds(30), "law"));
                            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
                                    .until(() -> gateway.status().state().isShuttingDown());
                        }
                    }
                }
                if (shutdown != null) {
                    assertThat(gateway.status().state()).as("after %s", act).isIn(GatewayState.STOPPING, GatewayState.STOPPED);
                }
            }
            running.forEach(turn -> turn.complete("done"));
            if (shutdown != null) {
                shutdown.get(30, TimeUnit.SECONDS);
                List<GatewayState> published = fixture.store.history().stream().map(RuntimeStatus::state).toList();
                int firstStop = 0;
                while (firstStop < published.size() && !published.get(firstStop).isShuttingDown()) {
                    firstStop++;
                }
                assertThat(firstStop).as("a shutting-down state was published").isLessThan(published.size());
                assertThat(published.subList(firstStop, published.size()))
                        .doesNotContain(GatewayState.RUNNING, GatewayState.DRAINING);
                assertThat(gateway.status().state()).isEqualTo(GatewayState.STOPPED);
            }
        }
    }

    /** The laws hold under a drain with session grace as under the plain one. */
    private static DrainRequest withGrace(DrainRequest request, boolean grace) {
        return grace ? request.withPolicy(DrainPolicy.NONE.withSessionGrace(Duration.ofSeconds(2))) : request;
    }

    @Provide
    Arbitrary<List<Step>> steps() {
        return Arbitraries.of(Step.class).list();
    }

    @Provide
    Arbitrary<List<Act>> acts() {
        return Arbitraries.of(Act.class).list();
    }

    /** The channel without its pushes: the property decides when the gateway reads. */
    private static final class Silent extends ForwardingChannel {
        Silent(DrainControlChannel backing) {
            super(backing);
        }

        @Override
        public Subscription subscribe(ChannelListener listener, Executor executor) {
            return () -> { };
        }
    }
}
