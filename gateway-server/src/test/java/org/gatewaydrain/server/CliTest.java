package org.gatewaydrain.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.gatewaydrain.transport.file.FileDrainChannel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI in-process against a gateway served in this JVM: exit codes, --wait, local and --url modes. */
class CliTest {

    /** One client for the class: the JDK's client cannot be closed on Java 17, so tests do not make one each. */
    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    @TempDir
    Path home;

    private GatewayServer server;

    private record Result(int code, String out, String err) {
    }

    private Map<String, String> env() {
        Map<String, String> env = new HashMap<>();
        env.put("GATEWAY_HOME", home.toString());
        env.put("GATEWAY_DEMO_TURN_DELAY", "10ms");
        env.put("GATEWAY_SHUTDOWN_DRAIN_TIMEOUT", "100ms");
        return env;
    }

    private Result cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, env(), new PrintWriter(out, true), new PrintWriter(err, true));
        return new Result(code, out.toString(), err.toString());
    }

    private void startGateway() {
        ServerConfig config = ConfigLoader.load(Optional.empty(), env(), Map.of("port", "0"));
        server = new RunCommand().start(config, TokenSetup.authenticator(config, env(), line -> { }));
    }

    @AfterEach
    void stopGateway() {
        if (server != null) {
            server.stop("test over");
        }
    }

    private String url() {
        return "http://127.0.0.1:" + server.port();
    }

    private CompletableFuture<HttpResponse<String>> turn(long delayMillis) throws Exception {
        String token = Files.readString(home.resolve(TokenSetup.TOKEN_FILE)).strip();
        HttpRequest request = HttpRequest.newBuilder(URI.create(url() + "/api/messages"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"session\":\"s" + delayMillis + "\",\"text\":\"x\",\"delay_ms\":" + delayMillis + "}"))
                .build();
        CompletableFuture<HttpResponse<String>> reply =
                CLIENT.sendAsync(request, HttpResponse.BodyHandlers.ofString());
        await().atMost(Duration.ofSeconds(10)).until(() -> cli("status", "--json").out().contains("\"active_agents\" : 1"));
        return reply;
    }

    @Test
    void help_isACommand_forTheWholeCliAndForOneCommand() {
        Result all = cli("help");
        assertThat(all.code()).isZero();
        assertThat(all.out()).contains("Usage: gateway", "drain", "rollout");
        Result one = cli("help", "drain");
        assertThat(one.code()).isZero();
        assertThat(one.out()).contains("Usage: gateway drain", "--wait");
    }

    @Test
    void usageErrors_exit2() {
        assertThat(cli().code()).isEqualTo(ExitCodes.USAGE);
        assertThat(cli("explode").code()).isEqualTo(ExitCodes.USAGE);
        assertThat(cli("drain", "--timeout", "soon").code()).isEqualTo(ExitCodes.USAGE);
        assertThat(cli("status", "--no-such-flag").code()).isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void rollout_needsACommand_aBudget_itsOwnConnection_andAFleet_andSaysWhich() {
        Result noCommand = cli("rollout");
        assertThat(noCommand.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(noCommand.err()).contains("--exec CMD");
        Result badBudget = cli("rollout", "--exec", "true", "--max-draining", "0");
        assertThat(badBudget.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(badBudget.err()).contains("use 1 or more");
        Result remote = cli("rollout", "--exec", "true", "--url", "http://127.0.0.1:9", "--token",
                "a-token-long-enough-0123456789abcdef");
        assertThat(remote.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(remote.err()).contains("drop --url");
        Result noFleet = cli("rollout", "--exec", "true");
        assertThat(noFleet.code()).isEqualTo(ExitCodes.FAILED);
        assertThat(noFleet.err()).contains("keeps no fleet", "gateway maintain");
        assertThat(home.resolve(FileDrainChannel.MARKER_FILE)).as("nothing drained").doesNotExist();
    }

    @Test
    void aDeadlineAndGrace_areValidatedAsUsage_andReachTheMarker() throws Exception {
        for (String[] wrong : List.of(new String[] {"drain", "--on-deadline", "stop"},
                new String[] {"maintain", "--exec", "true", "--on-deadline", "interrupt"},
                new String[] {"rollout", "--exec", "true", "--on-deadline", "stop"},
                new String[] {"drain", "--deadline", "10m", "--on-deadline", "explode"},
                new String[] {"drain", "--session-grace", "2d"})) {
            Result refused = cli(wrong);
            assertThat(refused.code()).as(String.join(" ", wrong)).isEqualTo(ExitCodes.USAGE);
            assertThat(refused.err()).as(String.join(" ", wrong)).containsAnyOf("--on-deadline", "--session-grace");
        }
        assertThat(home.resolve(FileDrainChannel.MARKER_FILE)).as("nothing drained").doesNotExist();

        Result drained = cli("drain", "--deadline", "10m", "--on-deadline", "stop", "--session-grace", "2m");

        assertThat(drained.code()).isZero();
        String marker = Files.readString(home.resolve(FileDrainChannel.MARKER_FILE));
        assertThat(marker).contains("\"deadline_at\"", "\"on_deadline\":\"stop\"", "\"session_grace_seconds\":120");
        startGateway();
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> cli("status").out().contains("state:           draining"));
        assertThat(cli("status").out()).contains("deadline:        ", ", then stop", "session grace:   120 s; none in grace");
    }

    @Test
    void localDrainAndCancel_writeAndRemoveTheMarker() {
        Result drained = cli("drain", "--reason", "patch", "--principal", "alice");

        assertThat(drained.code()).isZero();
        assertThat(drained.out()).contains("alice");
        assertThat(drained.out()).as("the one timestamp format, the status's and the marker's")
                .containsPattern("at \\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{6}\\+00:00 via");
        assertThat(home.resolve(FileDrainChannel.MARKER_FILE)).exists();

        Result cancelled = cli("cancel");
        assertThat(cancelled.code()).isZero();
        assertThat(cancelled.out()).contains("cancelled");
        assertThat(home.resolve(FileDrainChannel.MARKER_FILE)).doesNotExist();
        assertThat(cli("cancel").out()).contains("nothing to cancel");
    }

    @Test
    void status_withoutAGateway_failsWithExit1() {
        Result status = cli("status");

        assertThat(status.code()).isEqualTo(ExitCodes.FAILED);
        assertThat(status.err()).contains("no gateway has published a status");
    }

    @Test
    void drainWait_withoutALiveGateway_failsWithExit1_butLeavesTheRequest() {
        Result result = cli("drain", "--wait", "--timeout", "5s");

        assertThat(result.code()).isEqualTo(ExitCodes.FAILED);
        assertThat(result.err()).contains("no live gateway");
        assertThat(home.resolve(FileDrainChannel.MARKER_FILE)).exists();
    }

    @Test
    void statusJson_printsTheContractObject() {
        startGateway();

        Result status = cli("status", "--json");

        assertThat(status.code()).isZero();
        assertThat(status.out()).contains("\"gateway_state\" : \"running\"", "\"active_agents\" : 0", "\"quiesced\"",
                "\"drain\" : null", "\"control_channel\" : \"ok\"", "\"pid\"", "\"updated_at\"", "\"live\" : true");
    }

    @Test
    void drainWait_showsTheCountFalling_andExits0OnceQuiesced() throws Exception {
        startGateway();
        // Long enough that the turn is surely still running once the drain is confirmed, even on a busy machine.
        CompletableFuture<HttpResponse<String>> reply = turn(5_000);

        Result result = cli("drain", "--wait", "--timeout", "30s");

        assertThat(result.code()).isZero();
        assertThat(result.out()).contains("the gateway is draining", "in flight: 1", "in flight: 0", "Quiesced");
        assertThat(reply.get(30, java.util.concurrent.TimeUnit.SECONDS).statusCode()).as("the in-flight turn finished normally")
                .isEqualTo(200);
    }

    @Test
    void drainWait_timesOutWithExit3() throws Exception {
        startGateway();
        turn(30_000);

        Result result = cli("drain", "--wait", "--timeout", "300ms");

        assertThat(result.code()).isEqualTo(ExitCodes.TIMED_OUT);
        assertThat(result.err()).contains("timed out", "1 turn(s) still in flight");
    }

    @Test
    void remoteMode_drainsStatusAndCancelsOverHttp() {
        startGateway();

        Result drained = cli("drain", "--url", url(), "--reason", "remote");
        Result status = cli("status", "--url", url());
        Result cancelled = cli("cancel", "--url", url());

        assertThat(drained.code()).isZero();
        assertThat(drained.out()).contains("drain-control", "the gateway is draining");
        assertThat(status.out()).contains("state:           draining", "(remote)");
        assertThat(cancelled.code()).isZero();
        assertThat(cancelled.out()).contains("cancelled");
    }

    @Test
    void remoteMode_withAWrongToken_exits1WithTheServersAnswer() {
        startGateway();

        Result result = cli("drain", "--url", url(), "--token", "wrong-token");

        assertThat(result.code()).isEqualTo(ExitCodes.FAILED);
        assertThat(result.err()).contains("401", "unauthorized");
        assertThat(home.resolve(FileDrainChannel.MARKER_FILE)).doesNotExist();
    }

    @Test
    void remoteMode_againstNothing_exits1SayingSo() {
        // Port 0 is never served: the connection is refused at once.
        Result result = cli("status", "--url", "http://127.0.0.1:0", "--token", "x");

        assertThat(result.code()).isEqualTo(ExitCodes.FAILED);
        assertThat(result.err()).contains("Cannot reach");
    }

    @Test
    void token_printsATokenAndItsHash() {
        Result result = cli("token");

        assertThat(result.code()).isZero();
        assertThat(result.out()).containsPattern("token: +[A-Za-z0-9_-]{43}").containsPattern("sha256: [0-9a-f]{64}");
    }

    @Test
    void badConfiguration_isAUsageError_exit2_namingTheKey() {
        Result result = cli("drain", "--config", home.resolve("missing.yaml").toString());

        assertThat(result.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err()).contains("missing.yaml");
    }
}
