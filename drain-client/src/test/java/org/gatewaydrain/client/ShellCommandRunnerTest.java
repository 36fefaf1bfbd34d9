package org.gatewaydrain.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The real runner: a command's whole process group ends with it, and no secret reaches it. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ShellCommandRunnerTest {

    @TempDir
    Path temp;

    /** @return the pid a command wrote to {@code file}, once it has */
    private static long pidIn(Path file) throws Exception {
        for (int i = 0; i < 500 && (!Files.exists(file) || Files.readString(file).isBlank()); i++) {
            Thread.sleep(10);
        }
        return Long.parseLong(Files.readString(file).strip());
    }

    /** @return whether {@code pid} runs (a zombie does not: it waits only to be reaped, by whoever adopted it) */
    private static boolean running(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            return !stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
        } catch (java.io.IOException gone) {
            return false;
        }
    }

    @Test
    void whatACommandLeftRunning_endsBeforeItIsSaidToHaveEnded() throws Exception {
        Path child = temp.resolve("child.pid");
        // A background process and a double-forked one, both still in the command's group when the shell exits.
        String command = "sleep 60 & echo $! > '" + child + "'; (sleep 60 &) ; exit 3";

        CommandRunner.Running running = new ShellCommandRunner(Map.of("PATH", System.getenv("PATH"))).start(command, Map.of());
        int exit = running.waitFor();

        assertThat(exit).isEqualTo(3);
        long leftBehind = pidIn(child);
        assertThat(running(leftBehind)).as("the background sleep").isFalse();
    }

    @Test
    void stopping_endsTheWholeGroup_forcingWhatIgnoresSigterm_andReturnsOnlyOnceItIsGone() throws Exception {
        Path started = temp.resolve("started.pid");
        String command = "trap '' TERM; (trap '' TERM; sleep 60) & echo $! > '" + started + "'; sleep 60";
        CommandRunner.Running running = new ShellCommandRunner(Map.of("PATH", System.getenv("PATH"))).start(command, Map.of());
        long stubborn = pidIn(started);

        long before = System.nanoTime();
        running.stop(Duration.ofMillis(500));
        Duration took = Duration.ofNanos(System.nanoTime() - before);

        assertThat(running(stubborn)).as("a process ignoring SIGTERM").isFalse();
        assertThat(took).as("SIGKILL after the grace period").isGreaterThanOrEqualTo(Duration.ofMillis(500));
    }

    @Test
    void aCommandNeverInheritsTheTokenOrTheTransportsCredentials() throws Exception {
        Path seen = temp.resolve("env");
        Map<String, String> operator = Map.of("PATH", System.getenv("PATH"), "GATEWAY_DRAIN_TOKEN", "secret-1",
                "GATEWAY_TOKEN", "secret-2", "GATEWAY_ZOOKEEPER_AUTH", "ops:secret-3", "GATEWAY_HOME", "/srv/gw",
                "GATEWAY_TOKEN_FILE", "/run/secret");

        CommandRunner.Running running = new ShellCommandRunner(operator).start("env > '" + seen + "'",
                Map.of("GATEWAY_INSTANCE_ID", "gw-1", "GATEWAY_SOMETHING_PASSWORD", "secret-4"));
        assertThat(running.waitFor()).isZero();

        String env = Files.readString(seen);
        assertThat(env).contains("GATEWAY_HOME=/srv/gw", "GATEWAY_INSTANCE_ID=gw-1")
                .doesNotContain("secret-1", "secret-2", "secret-3", "secret-4", "/run/secret");
    }
}
