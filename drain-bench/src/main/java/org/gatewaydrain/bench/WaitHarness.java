package org.gatewaydrain.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code gateway drain --wait}: from the moment the last turn in flight ends to the moment the
 * command sees the gateway quiesced (its "Quiesced" line) and to the moment its process has
 * exited — over HTTP ({@code --url}, the event stream) and on the file transport directly (the
 * status file's watch). A turn of the demo agent is started, then the command (through
 * {@code ./gateway}, as an operator runs it), which says {@code in flight: 1} once it waits;
 * the turn ends by itself after {@link #TURN}; its reply's arrival here is the end of the last
 * turn. A sample whose command was not yet waiting when the turn ended is not counted (said).
 */
final class WaitHarness {

    /** How long each measured turn runs: long enough for the command's JVM to start and wait. */
    static final Duration TURN = Duration.ofMillis(3000);
    private static final Duration BOUND = Duration.ofSeconds(60);

    private final BenchSettings settings;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    WaitHarness(BenchSettings settings) {
        this.settings = settings;
    }

    /** How the command reaches the gateway. */
    private enum Mode {
        HTTP("over HTTP (`--url`, the event stream)"),
        TRANSPORT("on the file transport (the status file's watch)");

        final String label;

        Mode(String label) {
            this.label = label;
        }
    }

    /** One measured wait: nanoseconds from the turn's end to the quiesced line and to the exit. */
    private record Sample(long toLine, long toExit) {
    }

    void run(Report report) throws IOException, InterruptedException {
        int samples = settings.pick(12, 1);
        Path work = Files.createDirectories(settings.work().resolve("wait"));
        Path home = Files.createTempDirectory(work, "home-");
        report.heading("`drain --wait`: last turn ends → the command sees it quiesced, and exits (" + samples
                + " waits per run, each through `./gateway`)");
        report.table("figure", "p50 of run p50s, ms (lowest–highest run)", "every wait, ms (lowest–highest)",
                "target");
        try (LaunchedGateway gateway = LaunchedGateway.start(settings.launcher(), home, work.resolve("gateway.log"), false)) {
            for (Mode mode : Mode.values()) {
                List<Double> linePerRun = new ArrayList<>();
                List<Double> exitPerRun = new ArrayList<>();
                List<Double> allLines = new ArrayList<>();
                List<Double> allExits = new ArrayList<>();
                int late = 0;
                for (int run = 1; run <= settings.runs(); run++) {
                    Latencies lines = new Latencies();
                    Latencies exits = new Latencies();
                    for (int i = 1; i <= samples; i++) {
                        Sample sample = sample(gateway, home, mode, "w-" + mode.name().toLowerCase() + "-" + run + "-" + i);
                        if (sample == null) {
                            late++;
                            continue;
                        }
                        lines.record(sample.toLine());
                        exits.record(sample.toExit());
                        allLines.add(sample.toLine() / 1e6);
                        allExits.add(sample.toExit() / 1e6);
                    }
                    if (lines.count() > 0) {
                        linePerRun.add(lines.percentileMs(50));
                        exitPerRun.add(exits.percentileMs(50));
                    }
                }
                if (linePerRun.isEmpty()) {
                    report.row(mode.label, "no wait counted", "", "");
                    continue;
                }
                report.row(mode.label + ": to \"Quiesced\"", Spread.of(linePerRun).format(1), Spread.of(allLines).format(1),
                        mode == Mode.HTTP ? "p50 ≤ 50 ms" : "");
                report.row(mode.label + ": to the process's exit", Spread.of(exitPerRun).format(1),
                        Spread.of(allExits).format(1), "");
                if (late > 0) {
                    report.note(late + " wait(s) " + mode.label + " not counted: the command was not yet waiting when"
                            + " the turn ended.");
                }
            }
        }
    }

    /** @return the sample, or null when the command was not waiting yet when the turn ended */
    private Sample sample(LaunchedGateway gateway, Path home, Mode mode, String session)
            throws IOException, InterruptedException {
        AtomicLong turnEnded = new AtomicLong();
        CompletableFuture<HttpResponse<String>> turn = client.sendAsync(HttpRequest.newBuilder(gateway.uri("/api/messages"))
                .header("Authorization", "Bearer " + LaunchedGateway.TOKEN).header("Content-Type", "application/json")
                .timeout(BOUND).POST(HttpRequest.BodyPublishers.ofString("{\"session\":\"" + session
                        + "\",\"text\":\"x\",\"delay_ms\":" + TURN.toMillis() + "}")).build(),
                HttpResponse.BodyHandlers.ofString()).whenComplete((reply, failure) -> turnEnded.set(System.nanoTime()));
        awaitStatus(gateway, "\"active_agents\":1");
        List<String> args = new ArrayList<>(List.of("drain", "--wait", "--timeout", "60s", "--reason", "bench"));
        if (mode == Mode.HTTP) {
            args.addAll(List.of("--url", gateway.uri("").toString(), "--token", LaunchedGateway.TOKEN));
        }
        Process command = LaunchedGateway.command(settings.launcher(), home, args.toArray(String[]::new));
        AtomicLong exited = new AtomicLong();
        CompletableFuture<Process> exit = command.onExit().whenComplete((p, failure) -> exited.set(System.nanoTime()));
        long waiting = 0;
        long quiesced = 0;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(command.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                if (line.startsWith("in flight: 1") && waiting == 0) {
                    waiting = System.nanoTime();
                } else if (line.startsWith("Quiesced")) {
                    quiesced = System.nanoTime();
                }
            }
            turn.get(BOUND.toSeconds(), TimeUnit.SECONDS);
            exit.get(BOUND.toSeconds(), TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("a wait did not end: " + e, e);
        } finally {
            LaunchedGateway.end(command);
            cancel(gateway);
        }
        if (command.exitValue() != 0 || quiesced == 0) {
            throw new IllegalStateException("drain --wait " + mode + " exited with " + command.exitValue());
        }
        long ended = turnEnded.get();
        return waiting == 0 || waiting > ended ? null : new Sample(quiesced - ended, exited.get() - ended);
    }

    private void cancel(LaunchedGateway gateway) throws IOException, InterruptedException {
        client.send(HttpRequest.newBuilder(gateway.uri("/api/gateway/drain")).header("Authorization", "Bearer "
                + LaunchedGateway.TOKEN).header("Content-Type", "application/json").timeout(BOUND)
                .POST(HttpRequest.BodyPublishers.ofString("{\"action\":\"cancel\"}")).build(),
                HttpResponse.BodyHandlers.discarding());
        awaitStatus(gateway, "\"gateway_state\":\"running\"");
    }

    private void awaitStatus(LaunchedGateway gateway, String shows) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + BOUND.toNanos();
        HttpRequest status = HttpRequest.newBuilder(gateway.uri("/api/gateway/status")).header("Authorization",
                "Bearer " + LaunchedGateway.TOKEN).timeout(BOUND).build();
        while (!client.send(status, HttpResponse.BodyHandlers.ofString()).body().contains(shows)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the gateway did not show " + shows + " within " + BOUND);
            }
            Thread.sleep(5);
        }
    }
}
