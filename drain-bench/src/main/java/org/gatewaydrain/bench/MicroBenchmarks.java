package org.gatewaydrain.bench;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.gatewaydrain.runtime.AdmissionBenchmark;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * The JMH benchmarks, run through JMH's API so their figures land in the report: the
 * admission decision at one and two threads, and the file channel's operations. Each fork is
 * one run; the spread is over forks.
 */
final class MicroBenchmarks {

    private final BenchSettings settings;
    private final Path log;

    MicroBenchmarks(BenchSettings settings, Path log) {
        this.settings = settings;
        this.log = log;
    }

    void admission(Report report) throws RunnerException {
        report.heading("Admission decision (JMH, ns/op per thread)");
        report.table("decision", "1 thread", "2 threads", "2-thread throughput ÷ 1-thread", "target");
        // With the default drain.grace_sessions (turn ends kept for a drain's session grace), then
        // without (0), then a conversation's turn admitted in a draining gateway's grace.
        for (String[] row : List.of(new String[] {"accept", "accept", GRACE_ON}, new String[] {"refuse", "refuse", GRACE_ON},
                new String[] {"accept, grace_sessions 0", "accept", "0"}, new String[] {"acceptInGrace", "acceptInGrace", GRACE_ON})) {
            String decision = row[0];
            Spread one = scores(AdmissionBenchmark.class, row[1], 1, row[2]);
            Spread two = scores(AdmissionBenchmark.class, row[1], 2, row[2]);
            // Average time is per thread: two threads at t2 ns/op do 2/t2 ops per ns against 1/t1.
            double ratio = 2 * one.median() / two.median();
            String bounds = two.runs() == 1 ? "" : String.format(Locale.ROOT, " (%.2f–%.2f)",
                    2 * one.min() / two.max(), 2 * one.max() / two.min());
            report.row(decision, one.format(1), two.format(1), String.format(Locale.ROOT, "%.2f×", ratio) + bounds,
                    decision.equals("acceptInGrace") ? "" : "≤ 50 ns/op; ≥ 1.6×");
        }
    }

    void channel(Report report) throws RunnerException {
        report.heading("File channel operations (JMH, µs/op, one thread)");
        report.table("operation", "µs/op");
        for (String operation : List.of("markerRead", "markerWrite", "statusPublish")) {
            report.row(operation, scores(ChannelBenchmark.class, operation, 1, null).format(1));
        }
    }

    /** The admission benchmark's drain.grace_sessions as the runtime sets it by default. */
    private static final String GRACE_ON = String.valueOf(org.gatewaydrain.runtime.RuntimeSettings.DEFAULT_GRACE_SESSIONS);

    /** @param graceSessions the benchmark's {@code graceSessions} parameter, or null for a benchmark without it */
    private Spread scores(Class<?> benchmark, String method, int threads, String graceSessions) throws RunnerException {
        ChainedOptionsBuilder options = new OptionsBuilder()
                .include("^" + benchmark.getName().replace(".", "\\.") + "\\." + method + "$")
                .threads(threads)
                .forks(settings.quick() ? 0 : settings.runs())
                .warmupIterations(settings.quick() ? 0 : 3)
                .warmupTime(TimeValue.seconds(1))
                .measurementIterations(settings.quick() ? 1 : 5)
                .measurementTime(settings.quick() ? TimeValue.milliseconds(200) : TimeValue.seconds(1))
                .jvmArgsAppend("-Dbench.work=" + settings.work())
                .output(log.toString());
        if (graceSessions != null) {
            options = options.param("graceSessions", graceSessions);
        }
        RunResult result = new Runner(options.build()).runSingle();
        return Spread.of(result.getBenchmarkResults().stream().map(BenchmarkResult::getPrimaryResult)
                .map(r -> r.getScore()).toList());
    }
}
