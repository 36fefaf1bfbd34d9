package org.gatewaydrain.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.gatewaydrain.core.DrainControlException;
import org.gatewaydrain.core.LocalHost;
import org.gatewaydrain.http.HttpLimits;
import org.gatewaydrain.http.Scope;
import org.gatewaydrain.http.Tokens;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

class ConfigLoaderTest {

    @TempDir
    Path temp;

    /** @return a config file only its owner may read or write, whatever the umask */
    private Path yaml(String text) throws IOException {
        return yaml(text, "rw-------");
    }

    private Path yaml(String text, String mode) throws IOException {
        Path file = Files.writeString(temp.resolve("gateway.yaml"), text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
        return file;
    }

    @Test
    void aConfigFileOthersMayWrite_isRefused_namingTheFix() throws IOException {
        for (String mode : List.of("rw-rw----", "rw-r--rw-")) {
            Path file = yaml("port: 7000\n", mode);

            assertThatThrownBy(() -> ConfigLoader.load(Optional.of(file), Map.of("HOME", temp.toString()), Map.of()))
                    .isInstanceOf(ConfigException.class).hasMessageContaining(file.toString())
                    .hasMessageContaining("chmod go-w");
        }
    }

    @Test
    void aConfigFileOthersMayRead_isWarnedOf_onlyWhenItHoldsAPassword() throws IOException {
        Logger logger = (Logger) LoggerFactory.getLogger(ConfigLoader.class);
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        logged.start();
        logger.addAppender(logged);
        try {
            ConfigLoader.load(Optional.of(yaml("port: 7000\n", "rw-r--r--")), Map.of("HOME", temp.toString()), Map.of());
            assertThat(logged.list).as("nothing secret in it").isEmpty();

            String fleet = "transport: zookeeper\nzookeeper:\n  connect: 127.0.0.1:2181\n  auth: gw:s3cret\n";
            ConfigLoader.load(Optional.of(yaml(fleet, "rw-------")), Map.of("HOME", temp.toString()), Map.of());
            assertThat(logged.list).as("only its owner reads it").isEmpty();

            ConfigLoader.load(Optional.of(yaml(fleet, "rw-r--r--")), Map.of("HOME", temp.toString()), Map.of());
            assertThat(logged.list).singleElement().extracting(ILoggingEvent::getFormattedMessage).asString()
                    .contains("zookeeper.auth", "chmod 600").doesNotContain("s3cret");
        } finally {
            logger.detachAppender(logged);
        }
    }

    @Test
    void defaults_areLoopback8080FileTransportAndTheContractDurations() {
        ServerConfig config = ConfigLoader.load(Optional.empty(), Map.of("HOME", temp.toString()), Map.of());

        assertThat(config.bind()).isEqualTo("127.0.0.1");
        assertThat(config.port()).isEqualTo(8080);
        assertThat(config.transport().name()).isEqualTo("file");
        assertThat(config.home()).isEqualTo(temp.resolve(".gateway"));
        assertThat(config.transportSettings().maxAge()).isEqualTo(Duration.ofHours(1));
        assertThat(config.transportSettings().heartbeat()).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.watcherInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(config.drainTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(config.demoTurnDelay()).isEqualTo(Duration.ofSeconds(1));
        assertThat(config.instanceId()).isEqualTo(LocalHost.name() + "-8080");
        assertThat(config.limits()).isEqualTo(HttpLimits.DEFAULTS);
        assertThat(config.tokens()).isEmpty();
    }

    @Test
    void fileIsWeakerThanEnvironment_whichIsWeakerThanFlags() throws IOException {
        Path file = yaml("port: 7000\nbind: 0.0.0.0\ndrain:\n  max_age: 2h\nshutdown:\n  drain_timeout: 5s\n");
        Map<String, String> env = Map.of("GATEWAY_PORT", "7001", "GATEWAY_DRAIN_MAX_AGE", "3h", "HOME", temp.toString());

        ServerConfig config = ConfigLoader.load(Optional.of(file), env, Map.of("port", "7002"));

        assertThat(config.port()).isEqualTo(7002);
        assertThat(config.transportSettings().maxAge()).isEqualTo(Duration.ofHours(3));
        assertThat(config.bind()).isEqualTo("0.0.0.0");
        assertThat(config.drainTimeout()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void configFile_canComeFromTheEnvironment() throws IOException {
        Path file = yaml("demo:\n  turn_delay: 250ms\n");

        ServerConfig config = ConfigLoader.load(Optional.empty(), Map.of("GATEWAY_CONFIG", file.toString()), Map.of());

        assertThat(config.demoTurnDelay()).isEqualTo(Duration.ofMillis(250));
    }

    @Test
    void homeFromTheFile_yieldsToGatewayHome() throws IOException {
        Path file = yaml("home: " + temp.resolve("from-file") + "\n");

        assertThat(ConfigLoader.load(Optional.of(file), Map.of(), Map.of()).home()).isEqualTo(temp.resolve("from-file"));
        assertThat(ConfigLoader.load(Optional.of(file), Map.of("GATEWAY_HOME", temp.resolve("env").toString()),
                Map.of()).home()).isEqualTo(temp.resolve("env"));
    }

    @Test
    void unknownKeyInTheFile_failsNamingIt() throws IOException {
        Path file = yaml("drain:\n  max_aeg: 1h\n");

        assertThatThrownBy(() -> ConfigLoader.load(Optional.of(file), Map.of(), Map.of()))
                .isInstanceOf(DrainControlException.class)
                .hasMessageContaining("drain.max_aeg").hasMessageContaining(file.toString());
    }

    @Test
    void badValues_failNamingTheKeyAndWhereItCameFrom() throws IOException {
        assertThatThrownBy(() -> ConfigLoader.load(Optional.empty(), Map.of("GATEWAY_PORT", "http"), Map.of()))
                .isInstanceOf(DrainControlException.class)
                .hasMessageContaining("port").hasMessageContaining("GATEWAY_PORT");
        assertThatThrownBy(() -> ConfigLoader.load(Optional.of(yaml("watcher:\n  interval: 0s\n")), Map.of(), Map.of()))
                .isInstanceOf(DrainControlException.class).hasMessageContaining("watcher.interval");
        assertThatThrownBy(() -> ConfigLoader.load(Optional.empty(), Map.of(), Map.of("port", "70000")))
                .isInstanceOf(DrainControlException.class).hasMessageContaining("--port");
        assertThatThrownBy(() -> ConfigLoader.load(Optional.of(yaml("demo:\n  turn_delay: 5m\n")), Map.of(), Map.of()))
                .isInstanceOf(DrainControlException.class).hasMessageContaining("demo.turn_delay");
        assertThatThrownBy(() -> ConfigLoader.load(Optional.of(yaml("transport: carrier-pigeon\n")), Map.of(), Map.of()))
                .isInstanceOf(DrainControlException.class).hasMessageContaining("transport");
        assertThatThrownBy(() -> ConfigLoader.load(Optional.of(yaml("drain:\n  max_age: soon\n")), Map.of(), Map.of()))
                .isInstanceOf(DrainControlException.class).hasMessageContaining("drain.max_age");
    }

    @Test
    void anUnknownTransport_failsListingTheTransportsFound() throws IOException {
        assertThatThrownBy(() -> ConfigLoader.load(Optional.of(yaml("transport: carrier-pigeon\n")), Map.of(), Map.of()))
                .isInstanceOf(DrainControlException.class)
                .hasMessageContaining("carrier-pigeon").hasMessageContaining("transports found on the classpath: file, memory, zookeeper");
    }

    @Test
    void theTransportIsChosenByFileEnvironmentOrFlag() throws IOException {
        Path file = yaml("transport: file\n");

        assertThat(ConfigLoader.load(Optional.of(file), Map.of(), Map.of()).transport().name()).isEqualTo("file");
        assertThat(ConfigLoader.load(Optional.of(file), Map.of("GATEWAY_TRANSPORT", "memory"), Map.of()).transport().name())
                .isEqualTo("memory");
        assertThat(ConfigLoader.load(Optional.of(file), Map.of("GATEWAY_TRANSPORT", "memory"), Map.of("transport", "file"))
                .transport().name()).isEqualTo("file");
    }

    @Test
    void theTransportsOwnKeys_reachIt_fromTheFileAndTheEnvironment_andItValidatesThem() throws IOException {
        Path file = yaml("transport: memory\nmemory:\n  space: from-file\n");

        ServerConfig fromFile = ConfigLoader.load(Optional.of(file), Map.of(), Map.of());
        ServerConfig fromEnv = ConfigLoader.load(Optional.of(file), Map.of("GATEWAY_MEMORY_SPACE", "from-env"), Map.of());

        assertThat(fromFile.transportSettings().get("memory.space")).contains("from-file");
        assertThat(fromEnv.transportSettings().get("memory.space")).contains("from-env");
        assertThatThrownBy(() -> ConfigLoader.load(Optional.of(yaml("transport: memory\nmemory:\n  space: Not Valid\n")),
                Map.of(), Map.of()))
                .isInstanceOf(DrainControlException.class)
                .hasMessageContaining("memory.space").hasMessageContaining(temp.resolve("gateway.yaml").toString());
        assertThatThrownBy(() -> ConfigLoader.load(Optional.empty(), Map.of("GATEWAY_DRAIN_EPOCH_SCOPE", "galaxy"), Map.of()))
                .isInstanceOf(DrainControlException.class)
                .hasMessageContaining("drain.epoch_scope").hasMessageContaining("GATEWAY_DRAIN_EPOCH_SCOPE")
                .hasMessageContaining("host or instance");
    }

    @Test
    void anotherTransportsKey_isIgnoredWithAWarning_notRefused() throws IOException {
        Path file = yaml("transport: file\nmemory:\n  space: elsewhere\n");

        ServerConfig config = ConfigLoader.load(Optional.of(file), Map.of(), Map.of());

        assertThat(config.transport().name()).isEqualTo("file");
        assertThat(config.transportSettings().get("memory.space")).isEmpty();
    }

    @Test
    void instanceId_andHttpCaps_canBeSet() throws IOException {
        Path file = yaml("instance_id: gw-7\nhttp:\n  max_event_streams: 3\n  max_long_polls_per_principal: 2\n");

        ServerConfig config = ConfigLoader.load(Optional.of(file), Map.of(), Map.of());

        assertThat(config.instanceId()).isEqualTo("gw-7");
        assertThat(config.transportSettings().instanceId()).isEqualTo("gw-7");
        assertThat(config.limits().eventStreams()).isEqualTo(3);
        assertThat(config.limits().longPollsPerPrincipal()).isEqualTo(2);
        assertThatThrownBy(() -> ConfigLoader.load(Optional.of(yaml("http:\n  max_long_polls: 0\n")), Map.of(), Map.of()))
                .isInstanceOf(DrainControlException.class).hasMessageContaining("http.max_long_polls");
    }

    @Test
    void missingConfigFile_failsNamingIt() {
        Path missing = temp.resolve("nope.yaml");

        assertThatThrownBy(() -> ConfigLoader.load(Optional.of(missing), Map.of(), Map.of()))
                .isInstanceOf(DrainControlException.class).hasMessageContaining(missing.toString());
    }

    @Test
    void tokens_areReadFromTheFile() throws IOException {
        String hash = Tokens.sha256Hex("a-token-for-nas-0123456789abcdefghij");
        Path file = yaml("tokens:\n  - principal: nas\n    sha256: " + hash + "\n    scopes: [drain, status]\n");

        ServerConfig config = ConfigLoader.load(Optional.of(file), Map.of(), Map.of());

        assertThat(config.tokens()).singleElement().satisfies(grant -> {
            assertThat(grant.principal()).isEqualTo("nas");
            assertThat(grant.scopes()).containsExactlyInAnyOrder(Scope.DRAIN, Scope.STATUS);
        });
    }

    @Test
    void badTokenEntries_failWithTheFix() throws IOException {
        assertThatThrownBy(() -> ConfigLoader.load(Optional.of(yaml("tokens:\n  - principal: nas\n")), Map.of(), Map.of()))
                .isInstanceOf(DrainControlException.class).hasMessageContaining("gateway token");
        assertThatThrownBy(() -> ConfigLoader.load(Optional.of(yaml("tokens:\n  - principal: nas\n    sha256: "
                + "ab".repeat(32) + "\n    scopes: [root]\n")), Map.of(), Map.of()))
                .isInstanceOf(DrainControlException.class).hasMessageContaining("root");
    }
}
