package org.gatewaydrain.bench;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code drain-bench}: measures what the performance targets are about and writes the figures
 * as Markdown. Run by {@code ./bench}; {@code --quick} is the smoke pass {@code verify} runs.
 */
@Command(name = "drain-bench", mixinStandardHelpOptions = true, version = "drain-bench 0.1.0",
        description = "Measure admission, the file channel, reaction, drain --wait, fleet drains, start-up and memory.")
public final class Bench implements Callable<Integer> {

    /** How long building the jar may take before the launched parts (a cold build downloads dependencies). */
    private static final java.time.Duration BUILD_BOUND = java.time.Duration.ofMinutes(10);

    /** The parts of a bench run. */
    enum Part { ADMISSION, CHANNEL, REACTION, WAIT, FLEET, START }

    @Option(names = "--only", split = ",", paramLabel = "PART",
            description = "Measure only these: ${COMPLETION-CANDIDATES} (default: all).")
    Set<Part> only = EnumSet.allOf(Part.class);

    @Option(names = "--runs", defaultValue = "3", description = "Runs of each figure (default ${DEFAULT-VALUE}).")
    int runs;

    @Option(names = "--quick", description = "A smoke pass: tiny counts, figures that only show the harness works.")
    boolean quick;

    @Option(names = "--reference", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Run the reference design's 1 s poll beside the event stream (default on; off makes reaction fast).")
    boolean reference;

    @Option(names = "--toggles", defaultValue = "300", description = "Drain and cancel toggles per reaction run (default ${DEFAULT-VALUE}).")
    int toggles;

    @Option(names = "--warm-up", defaultValue = "200",
            description = "Unmeasured toggles before each reaction run, an even number (default ${DEFAULT-VALUE}).")
    int warmUp;

    @Option(names = "--root", defaultValue = ".", description = "The repository, where ./gateway is (default: here).")
    Path root;

    @Option(names = "--out", description = "Where to write the figures (default: drain-bench/target/bench-results.md).")
    Path out;

    private final PrintStream console;

    Bench(PrintStream console) {
        this.console = console;
    }

    public static void main(String[] args) {
        System.exit(run(System.out, args));
    }

    static int run(PrintStream console, String... args) {
        return new CommandLine(new Bench(console)).setCaseInsensitiveEnumValuesAllowed(true).execute(args);
    }

    @Override
    public Integer call() throws Exception {
        Path work = Files.createDirectories(root.resolve("drain-bench/target/bench-work"));
        BenchSettings settings = new BenchSettings(quick ? 1 : runs, quick, root, work);
        Report report = new Report(console);
        report.note("# drain-bench " + (quick ? "smoke pass" : "figures") + ", " + Instant.now());
        report.note(machine());
        MicroBenchmarks micro = new MicroBenchmarks(settings, work.resolve("jmh.log"));
        if (only.contains(Part.REACTION) || only.contains(Part.WAIT) || only.contains(Part.START)) {
            LaunchedGateway.ensureBuilt(settings.launcher(), work.resolve("launcher-build.log"), BUILD_BOUND);
        }
        if (only.contains(Part.ADMISSION)) {
            micro.admission(report);
        }
        if (only.contains(Part.CHANNEL)) {
            micro.channel(report);
        }
        if (only.contains(Part.REACTION)) {
            new ReactionHarness(settings, reference && !quick, quick ? 6 : toggles, quick ? 2 : warmUp).run(report);
        }
        if (only.contains(Part.WAIT)) {
            new WaitHarness(settings).run(report);
        }
        if (only.contains(Part.FLEET)) {
            new FleetHarness(settings).run(report);
        }
        if (only.contains(Part.START)) {
            new StartHarness(settings).run(report);
        }
        Path file = out != null ? out : root.resolve("drain-bench/target/bench-results.md");
        report.writeTo(file);
        console.println();
        console.println("Figures written to " + file.toAbsolutePath().normalize());
        return 0;
    }

    /** @return the machine's core count, CPU model and JDK, as public tools show them */
    static String machine() throws java.io.IOException {
        String model = "unknown CPU";
        Path cpuinfo = Path.of("/proc/cpuinfo");
        if (Files.isReadable(cpuinfo)) {
            model = Files.readAllLines(cpuinfo, StandardCharsets.UTF_8).stream().filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse(model);
        }
        return String.format(Locale.ROOT, "Machine: %d cores (`nproc`), %s, %s %s (%s).",
                Runtime.getRuntime().availableProcessors(), model, System.getProperty("java.vm.name"),
                System.getProperty("java.runtime.version"), System.getProperty("java.vendor"));
    }
}
