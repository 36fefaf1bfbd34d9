package org.gatewaydrain.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every command's refusals against the one table of exit codes: 2 when the command line or the
 * configuration is wrong (nothing tried), 1 when what the command found refuses it or a step
 * failed, 3 when a wait ran out. A fleet here is gateways on the memory transport in this JVM,
 * each served as {@code gateway run} serves one. (4, a signal, is the live tests'.)
 */
class ExitCodeTableTest {

    @TempDir
    Path home;

    @TempDir
    Path scratch;

    private final String space = "exit-codes-" + UUID.randomUUID();
    private final List<GatewayServer> servers = new ArrayList<>();

    private record Result(int code, String out, String err) {
    }

    @AfterEach
    void stop() {
        servers.forEach(server -> server.stop("test over"));
    }

    private Map<String, String> fileEnv() {
        return Map.of("GATEWAY_HOME", home.toString(), "GATEWAY_SHUTDOWN_DRAIN_TIMEOUT", "100ms");
    }

    private Map<String, String> fleetEnv(String instanceId) {
        Map<String, String> env = new HashMap<>(fileEnv());
        env.put("GATEWAY_TRANSPORT", "memory");
        env.put("GATEWAY_MEMORY_SPACE", space);
        env.put("GATEWAY_INSTANCE_ID", instanceId);
        return env;
    }

    private static Result cli(Map<String, String> env, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, env, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Result(code, out.toString(), err.toString());
    }

    private Result file(String... args) {
        return cli(fileEnv(), args);
    }

    private Result fleet(String... args) {
        return cli(fleetEnv("operator-cli"), args);
    }

    private void serve(String instanceId) {
        Map<String, String> env = fleetEnv(instanceId);
        ServerConfig config = ConfigLoader.load(Optional.empty(), env, Map.of("port", "0"));
        servers.add(new RunCommand().start(config, TokenSetup.authenticator(config, env, line -> { })));
    }

    private void serveFileGateway() {
        ServerConfig config = ConfigLoader.load(Optional.empty(), fileEnv(), Map.of("port", "0"));
        servers.add(new RunCommand().start(config, TokenSetup.authenticator(config, fileEnv(), line -> { })));
    }

    private static void assertExit(Result result, int code, String... says) {
        assertThat(result.code()).as(result.out() + result.err()).isEqualTo(code);
        assertThat(result.out() + result.err()).contains(says);
    }

    @Test
    void aWrongCommandLineOrConfiguration_isUsage2_forEveryCommand() {
        Map<String, String> badPort = new HashMap<>(fileEnv());
        badPort.put("GATEWAY_PORT", "eighty");
        for (String command : List.of("drain", "cancel", "status", "run", "control-plane")) {
            assertExit(cli(badPort, command), ExitCodes.USAGE, "Bad value for port", "GATEWAY_PORT");
        }
        assertExit(cli(badPort, "maintain", "--exec", "true"), ExitCodes.USAGE, "Bad value for port");
        assertExit(cli(badPort, "rollout", "--exec", "true"), ExitCodes.USAGE, "Bad value for port");
        assertExit(file("drain", "--fleet", "--instance", "gw-1"), ExitCodes.USAGE, "mutually exclusive");
        assertExit(file("maintain", "--exec", "true", "--on-failure", "shrug"), ExitCodes.USAGE, "resume or stay-drained");
        assertExit(file("maintain"), ExitCodes.USAGE, "--exec");
        assertExit(file("rollout", "--resume", "--discard"), ExitCodes.USAGE, "choose one");
        assertExit(file("status", "--url", "http://127.0.0.1:9"), ExitCodes.USAGE, "No token");
        Map<String, String> noHandler = new HashMap<>(fileEnv());
        noHandler.put("GATEWAY_TURN_HANDLER", "com.example.NoSuchAgent");
        assertExit(cli(noHandler, "run", "--port", "0"), ExitCodes.USAGE, "turn_handler", "no class");
        assertThat(home.resolve(".drain_request.json")).as("nothing drained").doesNotExist();
    }

    @Test
    void whatTheCommandFinds_refusesIt_with1() {
        assertExit(file("status"), ExitCodes.FAILED, "no gateway has published a status");
        assertExit(file("status", "--fleet"), ExitCodes.FAILED, "keeps no fleet");
        assertExit(file("drain", "--fleet"), ExitCodes.FAILED, "fleet");
        assertExit(file("cancel", "--instance", "gw-1"), ExitCodes.FAILED, "instance");
        assertExit(file("drain", "--wait", "--timeout", "5s"), ExitCodes.FAILED, "no live gateway");
        file("cancel");
        assertExit(file("maintain", "--exec", "touch '" + scratch.resolve("ran") + "'", "--timeout", "5s"),
                ExitCodes.FAILED, "no live gateway", "the command was not run", "the drain is cancelled");
        assertThat(scratch.resolve("ran")).doesNotExist();
        assertExit(file("rollout", "--exec", "true"), ExitCodes.FAILED, "keeps no fleet", "gateway maintain");
        assertExit(fleet("rollout", "--exec", "true"), ExitCodes.FAILED, "no live instance");
        assertExit(fleet("rollout", "--resume", "--exec", "true"), ExitCodes.FAILED, "no recorded rollout");
        assertExit(fleet("rollout", "--resume"), ExitCodes.USAGE, "runs only the command you give");
    }

    @Test
    void aFailedStep_is1_andAWaitThatRunsOut_is3() {
        serveFileGateway();
        assertExit(file("maintain", "--exec", "exit 9"), ExitCodes.FAILED, "the command exited with 9",
                "the drain is cancelled");
        assertExit(file("maintain", "--exec", "true", "--timeout", "10s"), ExitCodes.OK, "runs again and is ready");
    }

    @Test
    void maintain_showsTheReasonGiven_neverTheCommand() throws Exception {
        serveFileGateway();
        Path seen = scratch.resolve("seen");
        String command = "cat \"$GATEWAY_HOME/gateway_state.json\" > '" + seen + "'";

        assertExit(file("maintain", "--reason", "kernel patch", "--exec", command), ExitCodes.OK, "runs again");

        assertThat(Files.readString(seen)).contains("\"reason\":\"kernel patch\"").doesNotContain("gateway_state.json");
    }

    @Test
    void aRolloutRefusedByTheRecordOrTheLock_is1_andResumingTheSameCommandFinishesIt() throws Exception {
        serve("gw-1");
        serve("gw-2");
        Path release = scratch.resolve("release");
        Path started = scratch.resolve("started");
        String waitForRelease = "touch '" + started + "'; while [ ! -e '" + release + "' ]; do sleep 0.05; done;"
                + " test \"$GATEWAY_INSTANCE_ID\" != gw-1 || test -e '" + scratch.resolve("gw-1-fixed") + "'";

        CompletableFuture<Result> first = CompletableFuture.supplyAsync(() -> fleet("rollout", "--exec", waitForRelease,
                "--principal", "alice"));
        await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(started));
        assertExit(fleet("rollout", "--exec", "true", "--discard", "--principal", "bob"), ExitCodes.FAILED,
                "Another rollout is running on cluster", "by alice on");
        Files.createFile(release);
        assertExit(first.get(60, TimeUnit.SECONDS), ExitCodes.FAILED, "gw-1 failed (the command exited with 1)",
                "1 not visited (gw-2)");

        assertExit(fleet("rollout", "--exec", "true"), ExitCodes.FAILED, "is unfinished", "--resume", "--discard");
        assertExit(fleet("rollout", "--resume", "--exec", "true"), ExitCodes.FAILED, "not the command given");
        assertExit(fleet("rollout", "--resume", "--dry-run"), ExitCodes.OK, "(dry run)", "repeat its command exactly");
        Files.createFile(scratch.resolve("gw-1-fixed"));
        assertExit(fleet("rollout", "--resume", "--exec", waitForRelease), ExitCodes.OK, "2 done");
        assertExit(fleet("rollout", "--resume", "--exec", waitForRelease), ExitCodes.OK, "nothing to resume");
    }
}
