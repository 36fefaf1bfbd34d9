package org.gatewaydrain.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the Kubernetes {@code preStop} hook and the systemd unit's {@code ExecStop} run, taken
 * from {@code deploy/} as written, against a real {@code gateway run} with a turn in flight: the
 * gateway drains and {@code /health/ready} turns 503 at once, the hook waits while the turn
 * runs and returns when it ends, and SIGTERM then stops the gateway cleanly. Only the launcher
 * ({@code java -jar /opt/gateway-drain/gateway.jar}) and the pod's port are this test's own.
 */
@Tag("live")
@Tag("slow")
class LifecycleHooksLiveTest {

    private static final Duration EXIT = Duration.ofSeconds(60);
    private static final Path DEPLOY = Path.of("..", "deploy");

    @TempDir
    Path temp;

    @TempDir
    Path releases;

    private Path home;
    private GatewayProcess gateway;
    private LiveApi api;

    @BeforeEach
    void start() throws Exception {
        home = Files.createDirectories(temp.resolve("home"));
        gateway = GatewayProcess.serveHeld("hooked", LiveHome.env(home), releases, "run", "--port", "0");
        api = LiveApi.of(gateway, home);
    }

    @AfterEach
    void stop() {
        gateway.close();
    }

    /** @return the hook's arguments after the launcher, with the pod's loopback URL pointed at this gateway */
    private List<String> afterTheJar(List<String> commandLine) {
        int jar = 0;
        while (!commandLine.get(jar).endsWith("gateway.jar")) {
            jar++;
        }
        List<String> args = new ArrayList<>(commandLine.subList(jar + 1, commandLine.size()));
        int url = args.indexOf("--url");
        if (url >= 0) {
            assertThat(args.get(url + 1)).startsWith("http://127.0.0.1:");
            args.set(url + 1, gateway.url());
        }
        return args;
    }

    private static List<String> preStop() throws Exception {
        JsonNode deployment = new ObjectMapper(new YAMLFactory()).readTree(Files.readString(DEPLOY.resolve(
                "kubernetes/deployment.yaml")));
        JsonNode command = deployment.at("/spec/template/spec/containers/0/lifecycle/preStop/exec/command");
        List<String> words = new ArrayList<>();
        command.forEach(word -> words.add(word.asText()));
        return words;
    }

    private static List<String> execStop() throws Exception {
        String line = Files.readAllLines(DEPLOY.resolve("systemd/gateway.service")).stream()
                .filter(l -> l.startsWith("ExecStop=")).findFirst().orElseThrow().substring("ExecStop=".length());
        List<String> words = new ArrayList<>();
        Matcher word = Pattern.compile("\"([^\"]*)\"|(\\S+)").matcher(line);
        while (word.find()) {
            words.add(word.group(1) != null ? word.group(1) : word.group(2));
        }
        return words;
    }

    /** Runs the hook with a turn in flight and checks the order of events up to a clean stop. */
    private void drainsWaitsAndStops(List<String> hook, Map<String, String> env) throws Exception {
        CompletableFuture<HttpResponse<String>> turn = api.turn("held-inflight", 0);
        Latency.until(System.nanoTime(), Duration.ofSeconds(10), "the turn in flight",
                () -> api.status().path("active_agents").asInt() == 1);

        try (GatewayProcess hooked = GatewayProcess.start("hook", env, hook.toArray(String[]::new))) {
            Latency.until(System.nanoTime(), Duration.ofSeconds(10), "/health/ready 503 once the drain begins",
                    () -> api.get("/health/ready").statusCode() == 503);
            assertThat(hooked.awaitOutput("in flight: 1", EXIT)).as(String.join("\n", hooked.output())).isTrue();
            assertThat(hooked.alive()).as("the hook waits while the turn runs").isTrue();

            HeldTurns.release(releases, "held-inflight");

            assertThat(hooked.awaitExit(EXIT)).as(String.join("\n", hooked.output())).isZero();
            assertThat(String.join("\n", hooked.output())).contains("Quiesced");
        }
        assertThat(turn.get(30, TimeUnit.SECONDS).statusCode()).as("the turn finished undisturbed").isEqualTo(200);

        gateway.terminate();
        gateway.awaitExit(EXIT);
        JsonNode last = LiveHome.statusFile(home);
        assertThat(last.path("gateway_state").asText()).isEqualTo("stopped");
        assertThat(last.path("active_agents").asInt()).isZero();
        assertThat(String.join("\n", gateway.output())).doesNotContain("interrupting");
    }

    @Test
    void thePreStopHook_drainsAtOnce_waitsForTheTurn_andSigtermThenStopsCleanly() throws Exception {
        Map<String, String> env = new HashMap<>(LiveHome.env(temp.resolve("cli-home")));
        // As in the pod: the token comes from the Secret, here the one the gateway generated.
        env.put("GATEWAY_TOKEN", Files.readString(home.resolve("drain-token")).strip());

        drainsWaitsAndStops(afterTheJar(preStop()), env);
    }

    @Test
    void theUnitsExecStop_drainsAtOnce_waitsForTheTurn_andSigtermThenStopsCleanly() throws Exception {
        // As in the unit: the same home (the file transport), the gateway's own.
        drainsWaitsAndStops(afterTheJar(execStop()), LiveHome.env(home));
    }
}
