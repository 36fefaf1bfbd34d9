package org.gatewaydrain.client;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;

/**
 * A command runner that runs nothing: it records each start (command and environment) and
 * ends each run with the exit code the test gives, when it gives it; a stopped run ends with 143
 * (SIGTERM). Runs are named by the {@code GATEWAY_INSTANCE_ID} they get. Thread-safe.
 */
final class FakeRunner implements CommandRunner {

    /** A start the runner saw. */
    record Start(String command, Map<String, String> environment) {
        String instance() {
            return environment.getOrDefault("GATEWAY_INSTANCE_ID", "");
        }
    }

    final List<Start> starts = new CopyOnWriteArrayList<>();
    final List<String> stopped = new CopyOnWriteArrayList<>();
    private final Map<String, CompletableFuture<Integer>> exits = new ConcurrentHashMap<>();
    private final Map<String, Integer> answers = new ConcurrentHashMap<>();

    /** Runs of {@code instance} end at once with {@code code}, from now on. */
    FakeRunner answering(String instance, int code) {
        answers.put(instance, code);
        return this;
    }

    /** Ends the (next) run of {@code instance} with {@code code}. */
    void end(String instance, int code) {
        exit(instance).complete(code);
    }

    /** @return the instances whose commands ran, in order */
    List<String> ran() {
        return starts.stream().map(Start::instance).toList();
    }

    private CompletableFuture<Integer> exit(String instance) {
        return exits.computeIfAbsent(instance, key -> new CompletableFuture<>());
    }

    @Override
    public Running start(String command, Map<String, String> environment) {
        Start start = new Start(command, Map.copyOf(environment));
        starts.add(start);
        String instance = start.instance();
        CompletableFuture<Integer> exit = exit(instance);
        Integer answer = answers.get(instance);
        if (answer != null) {
            exit.complete(answer);
        }
        return new Running() {
            @Override
            public int waitFor() throws InterruptedException {
                try {
                    return exit.get();
                } catch (ExecutionException e) {
                    throw new IllegalStateException(e);
                } finally {
                    exits.remove(instance, exit);
                }
            }

            @Override
            public void stop(Duration grace) {
                stopped.add(instance);
                exit.complete(143);
            }
        };
    }
}
