package org.gatewaydrain.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StartupTrainingTest {

    @TempDir
    Path temp;

    @Test
    void aBuildOnAFleetHost_trainsOnAThrowawayHome_neverAsTheHostsInstance() {
        Path fleetConfig = temp.resolve("fleet.yaml");
        Map<String, String> fleetHost = Map.of(
                "GATEWAY_CONFIG", fleetConfig.toString(),
                "GATEWAY_TRANSPORT", "zookeeper",
                "GATEWAY_ZOOKEEPER_CONNECT", "10.0.0.1:2181",
                "GATEWAY_ZOOKEEPER_AUTH", "gateway:secret",
                "GATEWAY_INSTANCE_ID", "gw-1",
                "GATEWAY_HOME", "/var/lib/gateway",
                "GATEWAY_TOKEN", "operator-token",
                "PATH", "/usr/bin");
        Path throwaway = temp.resolve("training-home");

        Map<String, String> env = StartupTraining.environment(fleetHost, throwaway);

        assertThat(env).doesNotContainKeys("GATEWAY_CONFIG", "GATEWAY_ZOOKEEPER_CONNECT", "GATEWAY_ZOOKEEPER_AUTH",
                "GATEWAY_TOKEN").containsEntry("PATH", "/usr/bin");
        // What gateway run makes of it: the file transport in the throwaway home, as its own instance.
        ServerConfig config = ConfigLoader.load(Optional.empty(), env, Map.of());
        assertThat(config.transport().name()).isEqualTo("file");
        assertThat(config.home()).isEqualTo(throwaway.toAbsolutePath());
        assertThat(config.instanceId()).isEqualTo("startup-training");
    }
}
