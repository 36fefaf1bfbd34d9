package org.gatewaydrain.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.gatewaydrain.core.DrainControlException;
import org.gatewaydrain.http.TokenAuthenticator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenSetupTest {

    @TempDir
    Path home;

    private ServerConfig config() {
        return ConfigLoader.load(Optional.empty(), Map.of("GATEWAY_HOME", home.toString()), Map.of());
    }

    @Test
    void withNoTokenConfigured_oneIsGeneratedOwnerOnly_saidWhere_andReused() throws IOException {
        List<String> said = new ArrayList<>();

        TokenAuthenticator first = TokenSetup.authenticator(config(), Map.of(), said::add);
        Path file = home.resolve(TokenSetup.TOKEN_FILE);
        String token = Files.readString(file).strip();
        TokenAuthenticator second = TokenSetup.authenticator(config(), Map.of(), said::add);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(said).first().asString().contains(file.toString());
        assertThat(first.authenticate("Bearer " + token)).isPresent();
        assertThat(second.authenticate("Bearer " + token)).isPresent();
    }

    @Test
    void strongEnvironmentSecret_isAccepted_andNoFileIsMade() {
        String secret = "Zq8#kL2!vN9@pR4$wT6%yU1^aS3&dF5*";

        TokenAuthenticator authenticator = TokenSetup.authenticator(config(), Map.of("GATEWAY_DRAIN_TOKEN", secret),
                line -> { });

        assertThat(authenticator.authenticate("Bearer " + secret))
                .hasValueSatisfying(p -> assertThat(p.name()).isEqualTo("drain-control"));
        assertThat(home.resolve(TokenSetup.TOKEN_FILE)).doesNotExist();
    }

    @Test
    void weakEnvironmentSecret_isRefusedAtStart() {
        assertThatThrownBy(() -> TokenSetup.authenticator(config(), Map.of("GATEWAY_DRAIN_TOKEN", "password123"),
                line -> { }))
                .isInstanceOf(DrainControlException.class)
                .hasMessageContaining("GATEWAY_DRAIN_TOKEN").hasMessageContaining("too weak");
    }

    @Test
    void clientToken_prefersTheFlag_thenTheEnvironment_thenTheFile() throws IOException {
        Files.writeString(home.resolve(TokenSetup.TOKEN_FILE), "from-file\n");

        assertThat(TokenSetup.clientToken(Optional.of("flag"), Map.of("GATEWAY_DRAIN_TOKEN", "env"), home)).contains("flag");
        assertThat(TokenSetup.clientToken(Optional.empty(), Map.of("GATEWAY_DRAIN_TOKEN", "env"), home)).contains("env");
        assertThat(TokenSetup.clientToken(Optional.empty(), Map.of(), home)).contains("from-file");
    }
}
