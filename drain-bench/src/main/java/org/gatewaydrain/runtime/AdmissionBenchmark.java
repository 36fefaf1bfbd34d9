package org.gatewaydrain.runtime;

import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.gatewaydrain.core.RuntimeStatus;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The admission gate's decision, the code every new turn passes: {@code accept} claims a
 * session slot on a running gateway and gives it back (a turn's start and end at the gate),
 * {@code refuse} is the answer of a draining gateway. Each thread has its own session, as
 * concurrent turns do. Lives in the runtime's package to reach the package-private gate.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class AdmissionBenchmark {

    /** One running gate and one draining gate, shared by every thread. */
    @State(Scope.Benchmark)
    public static class Gates {
        AdmissionGate running;
        AdmissionGate draining;
        private GatewayEvents runningEvents;
        private GatewayEvents drainingEvents;

        @Setup(Level.Trial)
        public void open() {
            TurnRegistry runningTurns = new TurnRegistry();
            runningEvents = new GatewayEvents(runningTurns);
            running = new AdmissionGate(runningTurns, runningEvents);
            running.markRunning();
            TurnRegistry drainingTurns = new TurnRegistry();
            drainingEvents = new GatewayEvents(drainingTurns);
            draining = new AdmissionGate(drainingTurns, drainingEvents);
            draining.markRunning();
            draining.enterDrain(RuntimeStatus.Drain.unreadable("benchmark", Instant.EPOCH));
        }

        @TearDown(Level.Trial)
        public void close() {
            runningEvents.close(java.time.Duration.ofSeconds(1));
            drainingEvents.close(java.time.Duration.ofSeconds(1));
        }
    }

    /** This thread's session. */
    @State(Scope.Thread)
    public static class Session {
        private static final AtomicInteger THREADS = new AtomicInteger();
        MessageEvent message;

        @Setup(Level.Trial)
        public void name() {
            message = MessageEvent.external("bench-session-" + THREADS.incrementAndGet(), "hi");
        }
    }

    @Benchmark
    public boolean accept(Gates gates, Session session) {
        AdmissionGate.Entry entry = gates.running.admit(session.message);
        return entry instanceof Turn turn && gates.running.release(turn);
    }

    @Benchmark
    public Object refuse(Gates gates, Session session) {
        return gates.draining.admit(session.message);
    }
}
