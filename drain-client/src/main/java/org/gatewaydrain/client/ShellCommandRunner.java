package org.gatewaydrain.client;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Runs a command with {@code sh -c}, its standard streams those of this process, its
 * environment this process's plus what the engine adds. Stopping it sends SIGTERM to the shell
 * and every process under it (a shell does not pass the signal on), then SIGKILL after the grace
 * period. Stateless and thread-safe.
 */
public final class ShellCommandRunner implements CommandRunner {

    @Override
    public Running start(String command, Map<String, String> environment) throws IOException {
        ProcessBuilder builder = new ProcessBuilder("sh", "-c", Objects.requireNonNull(command, "command")).inheritIO();
        builder.environment().putAll(environment);
        Process process = builder.start();
        return new Running() {
            @Override
            public int waitFor() throws InterruptedException {
                return process.waitFor();
            }

            @Override
            public void stop(Duration grace) {
                process.descendants().forEach(ProcessHandle::destroy);
                process.destroy();
                try {
                    if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                        process.descendants().forEach(ProcessHandle::destroyForcibly);
                        process.destroyForcibly().waitFor(grace.toMillis(), TimeUnit.MILLISECONDS);
                    }
                } catch (InterruptedException e) {
                    process.descendants().forEach(ProcessHandle::destroyForcibly);
                    process.destroyForcibly();
                    Thread.currentThread().interrupt();
                }
            }
        };
    }
}
