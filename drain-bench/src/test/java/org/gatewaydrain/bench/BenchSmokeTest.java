package org.gatewaydrain.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The smoke pass {@code verify} runs so the harness keeps working: every part runs with tiny
 * counts and writes a figure. The figures are not judged here (timing goals belong to the
 * bench run and BENCHMARKS.md), only that each was measured: a number greater than zero.
 */
@Tag("slow")
class BenchSmokeTest {

    private static final Pattern NUMBER = Pattern.compile("\\| ([0-9]+\\.[0-9]+)");

    @Test
    @Timeout(value = 15, unit = TimeUnit.MINUTES) // a stale jar is built first (up to 10 min), then every part runs
    void everyPartRuns_andWritesItsFigures(@TempDir Path out) throws Exception {
        Path root = Path.of(System.getProperty("repository.root", "..")).toAbsolutePath().normalize();
        Path results = out.resolve("smoke.md");
        ByteArrayOutputStream console = new ByteArrayOutputStream();

        int exit = Bench.run(new PrintStream(console, true, StandardCharsets.UTF_8), "--quick", "--root", root.toString(),
                "--out", results.toString());

        String printed = console.toString(StandardCharsets.UTF_8);
        assertThat(exit).as(printed).isZero();
        List<String> written = Files.readAllLines(results);
        assertThat(String.join("\n", written)).isEqualTo(printed.substring(0, printed.indexOf("\nFigures written to")).stripTrailing());
        for (String figure : List.of("| accept |", "| refuse |", "| markerRead |", "| markerWrite |", "| statusPublish |",
                "| back to back (5–25 ms apart): p50, ms |", "| first drain after start (cold), ms |",
                "| over HTTP (`--url`, the event stream): to \"Quiesced\" |", "| 1 |", "| 3 |",
                "| start → `/health/ready` 200, s |", "| idle resident set after")) {
            String row = written.stream().filter(line -> line.startsWith(figure)).findFirst()
                    .orElseThrow(() -> new AssertionError("no row " + figure + " in\n" + printed));
            Matcher value = NUMBER.matcher(row.substring(figure.length() - 2));
            assertThat(value.find()).as(row).isTrue();
            assertThat(Double.parseDouble(value.group(1))).as(row).isPositive();
        }
    }
}
