package org.gatewaydrain.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.gatewaydrain.core.DurationText;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The files a team copies to deploy a gateway, checked as the platforms read them: the
 * Kubernetes manifests loaded into fabric8's model (no field it does not know), their probes
 * against the routes the server really serves, the {@code preStop} hook and the unit's
 * {@code ExecStop} parsed by the CLI's own parser, the timings added up, and the systemd unit
 * through {@code systemd-analyze verify} (skipped only where the tool is missing).
 */
class DeployFilesTest {

    private static final Path KUBERNETES = Path.of("..", "deploy", "kubernetes");
    private static final Path UNIT = Path.of("..", "deploy", "systemd", "gateway.service");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path home;

    private static <T extends HasMetadata> T load(String file, Class<T> type) throws IOException {
        T resource = YAML.readValue(Files.readString(KUBERNETES.resolve(file)), type);
        assertThat(resource.getKind()).as(file).isEqualTo(type.getSimpleName());
        List<String> unknown = new ArrayList<>();
        unknownFields(resource, resource.getKind(), unknown);
        assertThat(unknown).as("%s holds only fields Kubernetes knows", file).isEmpty();
        return resource;
    }

    /** Collects the fields the model did not know (fabric8 keeps them in each object's additional properties). */
    private static void unknownFields(Object object, String path, List<String> found) {
        if (object == null || !object.getClass().getName().startsWith("io.fabric8.")) {
            if (object instanceof List<?> list) {
                for (int i = 0; i < list.size(); i++) {
                    unknownFields(list.get(i), path + "[" + i + "]", found);
                }
            }
            return;
        }
        for (java.lang.reflect.Method getter : object.getClass().getMethods()) {
            if (getter.getParameterCount() != 0 || !getter.getName().startsWith("get") || getter.getName().equals("getClass")) {
                continue;
            }
            try {
                Object value = getter.invoke(object);
                if (getter.getName().equals("getAdditionalProperties")) {
                    if (value instanceof Map<?, ?> extra && !extra.isEmpty()) {
                        found.add(path + ": " + extra.keySet());
                    }
                } else {
                    unknownFields(value, path + "." + getter.getName().substring(3), found);
                }
            } catch (ReflectiveOperationException e) {
                throw new AssertionError(e);
            }
        }
    }

    private static Container gateway(Deployment deployment) {
        return deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
    }

    /** @return the CLI's own parse of a command line that runs the server's jar: what follows {@code gateway.jar} */
    private static CommandLine.ParseResult parse(List<String> commandLine) {
        int jar = commandLine.indexOf(commandLine.stream().filter(word -> word.endsWith("gateway.jar")).findFirst()
                .orElseThrow(() -> new AssertionError("not a gateway command line: " + commandLine)));
        String[] args = commandLine.subList(jar + 1, commandLine.size()).toArray(String[]::new);
        GatewayCommand gateway = new GatewayCommand(Map.of(), new PrintWriter(new StringWriter()),
                new PrintWriter(new StringWriter()));
        return new CommandLine(gateway).parseArgs(args);
    }

    private static Duration option(CommandLine.ParseResult drain, String name) {
        Duration value = drain.matchedOptionValue(name, null);
        assertThat(value).as(name).isNotNull();
        return value;
    }

    /** @return the value of {@code key} in the ConfigMap's gateway.yaml */
    private static String configured(ConfigMap config, String key) throws IOException {
        Map<?, ?> file = YAML.readValue(config.getData().get("gateway.yaml"), Map.class);
        return String.valueOf(file.get(key));
    }

    @Test
    void theDeploymentsProbes_areTheServersHealthRoutes_onThePortItListensOn() throws Exception {
        Deployment deployment = load("deployment.yaml", Deployment.class);
        ConfigMap config = load("configmap.yaml", ConfigMap.class);
        Container gateway = gateway(deployment);
        Probe readiness = gateway.getReadinessProbe();
        Probe liveness = gateway.getLivenessProbe();

        assertThat(readiness.getHttpGet().getPath()).isEqualTo("/health/ready");
        assertThat(liveness.getHttpGet().getPath()).isEqualTo("/health/live");
        int containerPort = gateway.getPorts().stream()
                .filter(port -> port.getName().equals(readiness.getHttpGet().getPort().getStrVal())).findFirst()
                .orElseThrow().getContainerPort();
        assertThat(liveness.getHttpGet().getPort().getStrVal()).isEqualTo(readiness.getHttpGet().getPort().getStrVal());
        assertThat(containerPort).as("the port the configuration makes the server listen on")
                .isEqualTo(Integer.parseInt(configured(config, "port")));
        assertThat(configured(config, "bind")).as("reachable by the kubelet").isEqualTo("0.0.0.0");

        // The routes are the server's own: a running server answers them (ready while running).
        ServerConfig serverConfig = ConfigLoader.load(Optional.empty(), Map.of("GATEWAY_HOME", home.toString()),
                Map.of("port", "0"));
        GatewayServer server = new RunCommand().start(serverConfig, TokenSetup.authenticator(serverConfig,
                Map.of("GATEWAY_HOME", home.toString()), line -> { }));
        try {
            for (Probe probe : List.of(readiness, liveness)) {
                HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
                        + probe.getHttpGet().getPath())).GET().build(), HttpResponse.BodyHandlers.ofString());
                assertThat(answer.statusCode()).as(probe.getHttpGet().getPath()).isEqualTo(200);
            }
        } finally {
            server.stop("test over");
        }
    }

    @Test
    void thePreStopHook_isAValidDrainWait_andTheGracePeriodOutlastsItAndTheDrainTimeout() throws Exception {
        Deployment deployment = load("deployment.yaml", Deployment.class);
        ConfigMap config = load("configmap.yaml", ConfigMap.class);
        List<String> preStop = gateway(deployment).getLifecycle().getPreStop().getExec().getCommand();

        CommandLine.ParseResult parsed = parse(preStop);
        CommandLine.ParseResult drain = parsed.subcommand();

        assertThat(drain.commandSpec().name()).isEqualTo("drain");
        assertThat(drain.hasMatchedOption("--wait")).isTrue();
        Duration wait = option(drain, "--timeout");
        Duration deadline = option(drain, "--deadline");
        assertThat(deadline).as("the deadline ends the wait quiet, before the wait's own timeout").isLessThan(wait);
        assertThat(drain.matchedOptionValue("--url", (URI) null)).as("this pod's own gateway")
                .isEqualTo(URI.create("http://127.0.0.1:" + configured(config, "port")));
        Duration drainTimeout = DurationText.parse(configured(config, "shutdown.drain_timeout"));
        long grace = deployment.getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds();
        assertThat(Duration.ofSeconds(grace)).as("terminationGracePeriodSeconds > preStop wait + shutdown.drain_timeout")
                .isGreaterThan(wait.plus(drainTimeout));
        assertThat(option(drain, "--ttl")).as("the request outlives the pod's termination, then withdraws itself")
                .isGreaterThan(Duration.ofSeconds(grace));
    }

    @Test
    void thePodTakesItsIdFromItsName_itsTokenFromTheSecret_andItsConfigurationFromTheConfigMap() throws Exception {
        Deployment deployment = load("deployment.yaml", Deployment.class);
        Secret secret = load("secret.yaml", Secret.class);
        ConfigMap config = load("configmap.yaml", ConfigMap.class);
        PodSpec pod = deployment.getSpec().getTemplate().getSpec();
        Map<String, EnvVar> env = new HashMap<>();
        gateway(deployment).getEnv().forEach(variable -> env.put(variable.getName(), variable));

        assertThat(env.get("GATEWAY_INSTANCE_ID").getValueFrom().getFieldRef().getFieldPath()).isEqualTo("metadata.name");
        for (String token : List.of("GATEWAY_DRAIN_TOKEN", "GATEWAY_TOKEN")) {
            assertThat(env.get(token).getValue()).as(token).isNull();
            assertThat(env.get(token).getValueFrom().getSecretKeyRef().getName()).isEqualTo(secret.getMetadata().getName());
            assertThat(secret.getStringData()).containsKey(env.get(token).getValueFrom().getSecretKeyRef().getKey());
        }
        String configPath = env.get("GATEWAY_CONFIG").getValue();
        var mount = gateway(deployment).getVolumeMounts().stream()
                .filter(m -> configPath.startsWith(m.getMountPath() + "/")).findFirst().orElseThrow();
        var volume = pod.getVolumes().stream().filter(v -> v.getName().equals(mount.getName())).findFirst().orElseThrow();
        assertThat(volume.getConfigMap().getName()).isEqualTo(config.getMetadata().getName());
        assertThat(config.getData()).containsKey(configPath.substring(mount.getMountPath().length() + 1));
        assertThat(configured(config, "transport")).isEqualTo("zookeeper");
    }

    @Test
    void theServiceAndTheDisruptionBudget_selectTheDeploymentsPods() throws Exception {
        Deployment deployment = load("deployment.yaml", Deployment.class);
        Service service = load("service.yaml", Service.class);
        PodDisruptionBudget budget = load("poddisruptionbudget.yaml", PodDisruptionBudget.class);
        Map<String, String> labels = deployment.getSpec().getTemplate().getMetadata().getLabels();

        assertThat(labels).containsAllEntriesOf(service.getSpec().getSelector());
        assertThat(labels).containsAllEntriesOf(budget.getSpec().getSelector().getMatchLabels());
        assertThat(service.getSpec().getPorts().get(0).getTargetPort().getStrVal()).isEqualTo("http");
        assertThat(budget.getSpec().getMaxUnavailable().getIntVal()).as("one gateway away at a time").isEqualTo(1);
        assertThat(deployment.getSpec().getStrategy().getRollingUpdate().getMaxUnavailable().getIntVal()).isZero();
    }

    /** @return the value of {@code key} in the unit's [Service] section */
    private static List<String> unit(String key) throws IOException {
        List<String> values = new ArrayList<>();
        for (String line : Files.readAllLines(UNIT, StandardCharsets.UTF_8)) {
            if (line.startsWith(key + "=")) {
                values.add(line.substring(key.length() + 1));
            }
        }
        return values;
    }

    /** Splits a systemd command line as systemd does for the simple cases used here: words, and "quoted words". */
    private static List<String> words(String commandLine) {
        List<String> words = new ArrayList<>();
        Matcher word = Pattern.compile("\"([^\"]*)\"|(\\S+)").matcher(commandLine);
        while (word.find()) {
            words.add(word.group(1) != null ? word.group(1) : word.group(2));
        }
        return words;
    }

    @Test
    void theUnitsExecStop_drainsAndWaits_withinTimeoutStopSec_andItIsSandboxed() throws Exception {
        CommandLine.ParseResult drain = parse(words(unit("ExecStop").get(0))).subcommand();

        assertThat(drain.commandSpec().name()).isEqualTo("drain");
        assertThat(drain.hasMatchedOption("--wait")).isTrue();
        Duration wait = option(drain, "--timeout");
        assertThat(option(drain, "--deadline")).isLessThan(wait);
        Duration drainTimeout = DurationText.parse(unit("Environment").stream()
                .filter(value -> value.startsWith("GATEWAY_SHUTDOWN_DRAIN_TIMEOUT=")).findFirst().orElseThrow()
                .substring("GATEWAY_SHUTDOWN_DRAIN_TIMEOUT=".length()));
        assertThat(Duration.ofSeconds(Long.parseLong(unit("TimeoutStopSec").get(0))))
                .as("TimeoutStopSec > ExecStop's wait + shutdown.drain_timeout").isGreaterThan(wait.plus(drainTimeout));
        assertThat(parse(words(unit("ExecStart").get(0))).subcommand().commandSpec().name()).isEqualTo("run");
        assertThat(parse(words(unit("ExecStopPost").get(0))).subcommand().commandSpec().name())
                .as("a restart comes back serving").isEqualTo("cancel");
        assertThat(unit("ProtectSystem")).containsExactly("strict");
        assertThat(unit("PrivateTmp")).containsExactly("yes");
        assertThat(unit("NoNewPrivileges")).containsExactly("yes");
        assertThat(unit("StateDirectory")).containsExactly("gateway");
        assertThat(unit("Environment")).contains("GATEWAY_HOME=/var/lib/gateway");
        assertThat(unit("ExecReload")).as("systemctl reload is refused, never acted on").isEmpty();
        assertThat(unit("KillSignal")).containsExactly("SIGTERM");
    }

    @Test
    void systemdAnalyzeVerify_acceptsTheUnit() throws Exception {
        Path tool = Path.of("/usr/bin/systemd-analyze");
        if (System.getenv("GATEWAY_REQUIRE_SYSTEMD_ANALYZE") != null) {
            assertThat(tool).as(".ci/run installs systemd: the unit is verified there, never skipped").isExecutable();
        }
        assumeTrue(Files.isExecutable(tool), "systemd-analyze is not installed here");
        Process verify = new ProcessBuilder(tool.toString(), "verify", UNIT.toAbsolutePath().normalize().toString())
                .redirectErrorStream(true).start();
        try {
            assertThat(verify.waitFor(60, TimeUnit.SECONDS)).isTrue();
            String said = new String(verify.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(verify.exitValue()).as(said).isZero();
            assertThat(said).as("no warnings about the unit").doesNotContain("gateway.service:");
        } finally {
            verify.destroyForcibly();
        }
    }

    @Test
    void everyManifest_isLoadedByTheChecksAbove() throws IOException {
        try (var files = Files.list(KUBERNETES)) {
            assertThat(files.map(file -> file.getFileName().toString()).sorted().toList()).isEqualTo(Arrays.asList(
                    "configmap.yaml", "deployment.yaml", "poddisruptionbudget.yaml", "secret.yaml", "service.yaml"));
        }
    }
}
