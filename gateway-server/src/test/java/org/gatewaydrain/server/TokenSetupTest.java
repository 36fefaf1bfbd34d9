package org.gatewaydrain.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.gatewaydrain.core.DrainControlException;
import org.gatewaydrain.http.Scope;
import org.gatewaydrain.http.TokenAuthenticator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenSetupTest {

    @TempDir
    Path temp;

    private Path home() {
        return temp.resolve("home");
    }

    private ServerConfig config() {
        return ConfigLoader.load(Optional.empty(), Map.of("GATEWAY_HOME", home().toString()), Map.of());
    }

    @Test
    void withNoTokenConfigured_oneIsGenerated_inAHomeMadeOwnerOnlyFirst_saidWhere_andReused() throws IOException {
        List<String> said = new ArrayList<>();

        TokenAuthenticator first = TokenSetup.authenticator(config(), Map.of(), said::add);
        Path file = home().resolve(TokenSetup.TOKEN_FILE);
        String token = Files.readString(file).strip();
        TokenAuthenticator second = TokenSetup.authenticator(config(), Map.of(), said::add);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(home()))).isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(said).first().asString().contains(file.toString());
        assertThat(first.authenticate("Bearer " + token)).hasValueSatisfying(p -> {
            assertThat(p.may(Scope.DRAIN)).isTrue();
            assertThat(p.may(Scope.INTERNAL)).as("a generated token never carries internal").isFalse();
        });
        assertThat(second.authenticate("Bearer " + token)).isPresent();
    }

    @Test
    void serversStartingTogetherOnAFreshHome_endWithTheSameToken_andLeaveNoTempFile() throws Exception {
        int starters = 8;
        ExecutorService pool = Executors.newFixedThreadPool(starters);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<TokenAuthenticator>> started = new ArrayList<>();
            for (int i = 0; i < starters; i++) {
                started.add(pool.submit(() -> {
                    go.await();
                    return TokenSetup.authenticator(config(), Map.of(), line -> { });
                }));
            }
            go.countDown();
            String token = null;
            for (Future<TokenAuthenticator> authenticator : started) {
                TokenAuthenticator done = authenticator.get(30, TimeUnit.SECONDS);
                token = token == null ? Files.readString(home().resolve(TokenSetup.TOKEN_FILE)).strip() : token;
                assertThat(done.authenticate("Bearer " + token)).as("every starter accepts the one token on disk").isPresent();
            }
        } finally {
            pool.shutdownNow();
        }
        try (Stream<Path> files = Files.list(home())) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly(TokenSetup.TOKEN_FILE);
        }
    }

    @Test
    void aTokenFileOthersCanWrite_isRefused() throws IOException {
        TokenSetup.authenticator(config(), Map.of(), line -> { });
        Path file = home().resolve(TokenSetup.TOKEN_FILE);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-rw-rw-"));

        assertThatThrownBy(() -> TokenSetup.authenticator(config(), Map.of(), line -> { }))
                .isInstanceOf(DrainControlException.class)
                .hasMessageContaining(file.toString()).hasMessageContaining("chmod go-w");
    }

    @Test
    void aTokenFileOfAnotherUser_isRefused() throws Exception {
        TokenSetup.authenticator(config(), Map.of(), line -> { });
        Path file = home().resolve(TokenSetup.TOKEN_FILE);
        assumeTrue(chown(file), "changing a file's owner needs root, as in CI");

        assertThatThrownBy(() -> TokenSetup.authenticator(config(), Map.of(), line -> { }))
                .isInstanceOf(DrainControlException.class).hasMessageContaining("belongs to uid 65534");
    }

    @Test
    void aHomeOthersCanWrite_isRefusedBeforeAnyTokenIsWritten() throws IOException {
        Files.createDirectories(home());
        Files.setPosixFilePermissions(home(), PosixFilePermissions.fromString("rwxrwxrwx"));

        assertThatThrownBy(() -> TokenSetup.authenticator(config(), Map.of(), line -> { }))
                .isInstanceOf(DrainControlException.class).hasMessageContaining(home().toString());
        assertThat(home().resolve(TokenSetup.TOKEN_FILE)).doesNotExist();
    }

    @Test
    void strongEnvironmentSecret_isAccepted_trimmedLikeThePresentedToken_andNoFileIsMade() {
        String secret = "Zq8#kL2!vN9@pR4$wT6%yU1^aS3&dF5*";

        TokenAuthenticator authenticator = TokenSetup.authenticator(config(), Map.of("GATEWAY_DRAIN_TOKEN", " " + secret + "\n"),
                line -> { });

        assertThat(authenticator.authenticate("Bearer " + secret))
                .hasValueSatisfying(p -> assertThat(p.name()).isEqualTo("drain-control"));
        assertThat(home().resolve(TokenSetup.TOKEN_FILE)).doesNotExist();
    }

    @Test
    void weakEnvironmentSecret_isRefusedAtStart() {
        assertThatThrownBy(() -> TokenSetup.authenticator(config(), Map.of("GATEWAY_DRAIN_TOKEN", "password123"),
                line -> { }))
                .isInstanceOf(DrainControlException.class)
                .hasMessageContaining("GATEWAY_DRAIN_TOKEN").hasMessageContaining("too weak");
    }

    @Test
    void clientToken_prefersTheFlag_thenItsFile_thenTheEnvironment_thenTheHomesFile() throws IOException {
        Files.createDirectories(home());
        Files.writeString(home().resolve(TokenSetup.TOKEN_FILE), "from-file\n");
        Path mine = Files.writeString(home().resolve("my-token"), "from-token-file\n");
        Files.setPosixFilePermissions(mine, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        Map<String, String> both = Map.of("GATEWAY_TOKEN", "client-env", "GATEWAY_DRAIN_TOKEN", "secret-env");

        assertThat(TokenSetup.clientToken(Optional.of("flag"), Optional.of(mine), both, home())).contains("flag");
        assertThat(TokenSetup.clientToken(Optional.empty(), Optional.of(mine), both, home())).contains("from-token-file");
        assertThat(TokenSetup.clientToken(Optional.empty(), Optional.empty(), both, home())).contains("client-env");
        assertThat(TokenSetup.clientToken(Optional.empty(), Optional.empty(), Map.of("GATEWAY_DRAIN_TOKEN", "secret-env"),
                home())).contains("secret-env");
        assertThat(TokenSetup.clientToken(Optional.empty(), Optional.empty(), Map.of(), home())).contains("from-file");
    }

    @Test
    void aTokenFileOthersMayWrite_isRefused() throws IOException {
        Files.createDirectories(home());
        Path shared = Files.writeString(home().resolve("shared-token"), "t\n");
        Files.setPosixFilePermissions(shared, java.nio.file.attribute.PosixFilePermissions.fromString("rw-rw-rw-"));

        assertThatThrownBy(() -> TokenSetup.clientToken(Optional.empty(), Optional.of(shared), Map.of(), home()))
                .isInstanceOf(DrainControlException.class).hasMessageContaining("shared-token");
    }

    private static boolean chown(Path path) throws InterruptedException {
        try {
            Process chown = new ProcessBuilder("chown", "65534", path.toString())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return chown.waitFor(10, TimeUnit.SECONDS) && chown.exitValue() == 0;
        } catch (IOException e) {
            return false;
        }
    }
}
