package org.gatewaydrain.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code ./gateway run} from process start to the first 200 of {@code /health/ready}, the
 * resident set of the idle gateway a while after ({@code /proc/<pid>/status}), and its peak
 * resident set over the whole life ({@code /usr/bin/time -v}). One unmeasured start first, so
 * the jar is built and in the page cache, as it is for an operator's second start.
 */
final class StartHarness {

    /** How long the gateway sits idle before its resident set is read (a smoke pass waits less). */
    static final Duration IDLE = Duration.ofSeconds(3);
    private static final Duration QUICK_IDLE = Duration.ofMillis(300);

    private final BenchSettings settings;

    StartHarness(BenchSettings settings) {
        this.settings = settings;
    }

    void run(Report report) throws IOException, InterruptedException {
        int starts = settings.pick(10, 1);
        Duration idleFor = settings.quick() ? QUICK_IDLE : IDLE;
        boolean timed = LaunchedGateway.canTime();
        Path work = Files.createDirectories(settings.work().resolve("start"));
        try (LaunchedGateway warmUp = LaunchedGateway.start(settings.launcher(), Files.createTempDirectory(work, "home-"),
                work.resolve("warm-up.log"), false)) {
            warmUp.startToReady();
        }
        List<Double> readyMedians = new ArrayList<>();
        List<Double> idleMedians = new ArrayList<>();
        List<Double> peakMedians = new ArrayList<>();
        List<Double> allReady = new ArrayList<>();
        for (int run = 1; run <= settings.runs(); run++) {
            List<Double> ready = new ArrayList<>();
            List<Double> idle = new ArrayList<>();
            List<Double> peak = new ArrayList<>();
            for (int i = 1; i <= starts; i++) {
                Path log = work.resolve("run-" + run + "-start-" + i + ".log");
                LaunchedGateway gateway = LaunchedGateway.start(settings.launcher(),
                        Files.createTempDirectory(work, "home-"), log, timed);
                Optional<Long> peakKb;
                try {
                    ready.add(gateway.startToReady().toNanos() / 1e9);
                    Thread.sleep(idleFor.toMillis());
                    gateway.residentKb().ifPresent(kb -> idle.add(kb / 1024.0));
                } finally {
                    peakKb = gateway.stop();
                }
                peakKb.ifPresent(kb -> peak.add(kb / 1024.0));
            }
            allReady.addAll(ready);
            readyMedians.add(Spread.of(ready).median());
            idleMedians.add(Spread.of(idle).median());
            if (!peak.isEmpty()) {
                peakMedians.add(Spread.of(peak).median());
            }
        }
        report.heading("Start-up and memory (`./gateway run`, " + starts + " starts per run)");
        report.table("figure", "median of run medians (lowest–highest run)", "target");
        report.row("start → `/health/ready` 200, s", Spread.of(readyMedians).format(3), "median ≤ 0.7 s");
        report.row("every start, s (lowest–highest)", Spread.of(allReady).format(3), "");
        report.row("idle resident set after " + idleFor.toMillis() + " ms (VmRSS), MB",
                Spread.of(idleMedians).format(1), "≤ 100 MB");
        if (!peakMedians.isEmpty()) {
            report.row("peak resident set (`time -v`), MB", Spread.of(peakMedians).format(1), "");
        } else {
            report.note("No peak resident set: /usr/bin/time is not installed (Debian package `time`).");
        }
    }
}
