package org.gatewaydrain.client;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Runs a command with {@code sh -c} in a session and process group of its own ({@code setsid}),
 * its standard streams this process's, its environment this process's minus the secrets (the
 * API token, ZooKeeper's credentials) plus what the engine adds. The whole group ends before the
 * runner says the command has: after the shell exits, what it left running in its group is
 * ended; stopping it sends SIGTERM to the group, SIGKILL after the grace period, and returns
 * once no process of the group is left (or a bounded while after SIGKILL). A process that leaves
 * the group on purpose ({@code setsid} again) is beyond any runner's reach. Without
 * {@code setsid} on the machine, the shell and its descendants are signalled instead. The
 * command has no controlling terminal: it cannot prompt for a password ({@code sudo -n}).
 * Thread-safe.
 */
public final class ShellCommandRunner implements CommandRunner {

    /** Variables a command never gets: the CLI's token and the transports' credentials. */
    static final Pattern SECRET = Pattern.compile("GATEWAY_(DRAIN_)?TOKEN(_FILE)?|GATEWAY_ZOOKEEPER_AUTH|GATEWAY_.*(SECRET|PASSWORD).*");

    private static final Path SETSID = Path.of("/usr/bin/setsid");
    private static final Duration POLL = Duration.ofMillis(20);

    private final Map<String, String> inherited;

    /** Commands get this process's environment, minus the secrets. */
    public ShellCommandRunner() {
        this(System.getenv());
    }

    /** @param inherited the environment commands start from (minus the secrets) */
    ShellCommandRunner(Map<String, String> inherited) {
        this.inherited = Map.copyOf(inherited);
    }

    @Override
    public Running start(String command, Map<String, String> environment) throws IOException {
        Objects.requireNonNull(command, "command");
        boolean ownGroup = Files.isExecutable(SETSID);
        ProcessBuilder builder = ownGroup ? new ProcessBuilder(SETSID.toString(), "sh", "-c", command)
                : new ProcessBuilder("sh", "-c", command);
        builder.inheritIO();
        Map<String, String> env = builder.environment();
        env.clear();
        env.putAll(withoutSecrets(inherited));
        env.putAll(withoutSecrets(environment));
        Process process = builder.start();
        return new Group(process, ownGroup);
    }

    /** @return {@code environment} without the variables a command never gets */
    static Map<String, String> withoutSecrets(Map<String, String> environment) {
        Map<String, String> kept = new HashMap<>(environment);
        kept.keySet().removeIf(name -> SECRET.matcher(name).matches());
        return kept;
    }

    /** The shell and the process group it leads. */
    private static final class Group implements Running {
        private final Process shell;
        private final boolean ownGroup;

        Group(Process shell, boolean ownGroup) {
            this.shell = shell;
            this.ownGroup = ownGroup;
        }

        @Override
        public int waitFor() throws InterruptedException {
            int exit = shell.waitFor();
            if (!alive().isEmpty()) {
                // What the command left running would go on while the gateway takes turns again.
                end(Duration.ofSeconds(2));
            }
            return exit;
        }

        @Override
        public void stop(Duration grace) {
            end(grace);
        }

        private void end(Duration grace) {
            signal("TERM");
            if (!awaitGone(grace)) {
                signal("KILL");
                awaitGone(grace);
            }
        }

        private void signal(String name) {
            if (ownGroup) {
                try {
                    Process kill = new ProcessBuilder("kill", "-s", name, "--", "-" + shell.pid())
                            .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                    kill.waitFor(5, TimeUnit.SECONDS);
                } catch (IOException e) {
                    descendantsToo(name);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    descendantsToo(name);
                }
            } else {
                descendantsToo(name);
            }
        }

        private void descendantsToo(String name) {
            boolean force = name.equals("KILL");
            shell.descendants().forEach(p -> {
                if (force) {
                    p.destroyForcibly();
                } else {
                    p.destroy();
                }
            });
            if (force) {
                shell.destroyForcibly();
            } else {
                shell.destroy();
            }
        }

        /** @return whether no process of the group is left within {@code wait} */
        private boolean awaitGone(Duration wait) {
            long deadline = System.nanoTime() + wait.toNanos();
            while (!alive().isEmpty()) {
                if (System.nanoTime() >= deadline) {
                    return false;
                }
                try {
                    Thread.sleep(POLL.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return alive().isEmpty();
                }
            }
            return true;
        }

        /** @return the processes of the group that still run (not zombies): the shell's, by /proc, or its descendants */
        Set<Long> alive() {
            if (!ownGroup || !Files.isDirectory(Path.of("/proc"))) {
                Set<Long> left = new java.util.HashSet<>();
                if (shell.isAlive()) {
                    left.add(shell.pid());
                }
                shell.descendants().filter(ProcessHandle::isAlive).forEach(p -> left.add(p.pid()));
                return left;
            }
            return inGroup(shell.pid());
        }
    }

    /** @return the pids of the running (not zombie) processes whose process group is {@code group}, by /proc */
    static Set<Long> inGroup(long group) {
        Set<Long> members = new java.util.HashSet<>();
        try (Stream<Path> entries = Files.list(Path.of("/proc"))) {
            entries.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit)).forEach(p -> {
                try {
                    String stat = Files.readString(p.resolve("stat"));
                    // pid (comm) state ppid pgrp ...; comm may hold spaces and parentheses: read after the last ')'.
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    if (!fields[0].equals("Z") && Long.parseLong(fields[2]) == group) {
                        members.add(Long.parseLong(p.getFileName().toString()));
                    }
                } catch (IOException | RuntimeException gone) {
                    // The process ended while it was looked at.
                }
            });
        } catch (IOException e) {
            // /proc cannot be listed: nothing is known to be left.
        }
        return members;
    }
}
