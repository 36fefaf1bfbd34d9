package org.gatewaydrain.runtime;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.gatewaydrain.core.DrainPolicy;
import org.gatewaydrain.core.DrainRequest;
import org.gatewaydrain.core.RuntimeStatus;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The admission gate's decision, the code every new turn passes: {@code accept} claims a
 * session slot on a running gateway and gives it back (a turn's start and end at the gate),
 * {@code refuse} is the answer of a draining gateway, {@code acceptInGrace} a turn of a
 * conversation in a draining gateway's session grace. {@code graceSessions} is the runtime's
 * {@code drain.grace_sessions}: 0 turns the grace off (the end of a turn records nothing), the
 * default keeps recent turn ends. Each thread has its own session, as concurrent turns do. Lives
 * in the runtime's package to reach the package-private gate.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class AdmissionBenchmark {

    /** One running gate and one draining gate, shared by every thread. */
    @State(Scope.Benchmark)
    public static class Gates {
        /** Sessions seeded as conversations in progress before the grace gate drains, one per benchmark thread. */
        static final int SEEDED = 64;

        @Param({"0", "4096"})
        int graceSessions;

        AdmissionGate running;
        AdmissionGate draining;
        AdmissionGate inGrace;
        private final List<GatewayEvents> events = new ArrayList<>();

        @Setup(Level.Trial)
        public void open() {
            running = gate(graceSessions);
            running.markRunning();
            draining = gate(graceSessions);
            draining.markRunning();
            draining.enterDrain(RuntimeStatus.Drain.unreadable("benchmark", Instant.EPOCH));
            inGrace = gate(RuntimeSettings.DEFAULT_GRACE_SESSIONS);
            inGrace.markRunning();
            for (int i = 1; i <= SEEDED; i++) {
                inGrace.release((Turn) inGrace.admit(Session.message(i)));
            }
            Instant now = Instant.now();
            inGrace.enterDrain(RuntimeStatus.Drain.of(DrainRequest.of("bench", now)
                    .withPolicy(DrainPolicy.NONE.withSessionGrace(Duration.ofHours(1))), now));
        }

        private AdmissionGate gate(int kept) {
            TurnRegistry turns = new TurnRegistry();
            GatewayEvents gateEvents = new GatewayEvents(turns);
            events.add(gateEvents);
            return new AdmissionGate(turns, gateEvents, new Conversations(Clock.systemUTC(), kept, Optional.empty()));
        }

        @TearDown(Level.Trial)
        public void close() {
            events.forEach(gateEvents -> gateEvents.close(Duration.ofSeconds(1)));
        }
    }

    /** This thread's session. */
    @State(Scope.Thread)
    public static class Session {
        private static final AtomicInteger THREADS = new AtomicInteger();
        MessageEvent message;

        @Setup(Level.Trial)
        public void name() {
            message = message(THREADS.incrementAndGet());
        }

        static MessageEvent message(int thread) {
            return MessageEvent.external("bench-session-" + thread, "hi");
        }
    }

    @Benchmark
    public boolean accept(Gates gates, Session session) {
        AdmissionGate.Entry entry = gates.running.admit(session.message);
        return entry instanceof Turn turn && gates.running.release(turn);
    }

    @Benchmark
    public boolean acceptInGrace(Gates gates, Session session) {
        AdmissionGate.Entry entry = gates.inGrace.admit(session.message);
        return entry instanceof Turn turn && gates.inGrace.release(turn);
    }

    @Benchmark
    public Object refuse(Gates gates, Session session) {
        return gates.draining.admit(session.message);
    }
}
