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
        for (String decision : List.of("accept", "refuse")) {
            Spread one = scores(AdmissionBenchmark.class, decision, 1);
            Spread two = scores(AdmissionBenchmark.class, decision, 2);
            // Average time is per thread: two threads at t2 ns/op do 2/t2 ops per ns against 1/t1.
            double ratio = 2 * one.median() / two.median();
            String bounds = two.runs() == 1 ? "" : String.format(Locale.ROOT, " (%.2f–%.2f)",
                    2 * one.min() / two.max(), 2 * one.max() / two.min());
            report.row(decision, one.format(1), two.format(1), String.format(Locale.ROOT, "%.2f×", ratio) + bounds,
                    "≤ 50 ns/op; ≥ 1.6×");
        }
    }

    void channel(Report report) throws RunnerException {
        report.heading("File channel operations (JMH, µs/op, one thread)");
        report.table("operation", "µs/op");
        for (String operation : List.of("markerRead", "markerWrite", "statusPublish")) {
            report.row(operation, scores(ChannelBenchmark.class, operation, 1).format(1));
        }
    }

    private Spread scores(Class<?> benchmark, String method, int threads) throws RunnerException {
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
        RunResult result = new Runner(options.build()).runSingle();
        return Spread.of(result.getBenchmarkResults().stream().map(BenchmarkResult::getPrimaryResult)
                .map(r -> r.getScore()).toList());
    }
}
