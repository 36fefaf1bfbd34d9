package org.gatewaydrain.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Optional;
import org.gatewaydrain.core.DrainControlException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GatewayHomeTest {

    @TempDir
    Path temp;

    @Test
    void explicitPath_winsOverEnvironment() {
        Path resolved = GatewayHome.resolve(Optional.of(temp.resolve("flag")),
                Map.of("GATEWAY_HOME", "/from/env", "HOME", "/home/ops"));

        assertThat(resolved).isEqualTo(temp.resolve("flag"));
    }

    @Test
    void environmentVariable_winsOverUserHome() {
        assertThat(GatewayHome.resolve(Optional.empty(), Map.of("GATEWAY_HOME", "/from/env", "HOME", "/home/ops")))
                .isEqualTo(Path.of("/from/env"));
    }

    @Test
    void nothingConfigured_usesDotGatewayUnderHome() {
        assertThat(GatewayHome.resolve(Optional.empty(), Map.of("HOME", "/home/ops", "GATEWAY_HOME", " ")))
                .isEqualTo(Path.of("/home/ops/.gateway"));
    }

    @Test
    void relativePath_isMadeAbsolute() {
        assertThat(GatewayHome.resolve(Optional.of(Path.of("rel/../home")), Map.of()))
                .isEqualTo(Path.of("home").toAbsolutePath());
    }

    @Test
    void prepare_createsMissingFoldersWithMode0700() throws IOException {
        Path home = temp.resolve("a/b/home");

        GatewayHome.prepare(home);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(home))).isEqualTo("rwx------");
    }

    @Test
    void prepare_leavesAnExistingFolderAlone() throws IOException {
        Path home = Files.createDirectory(temp.resolve("home"));
        Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwxr-x---"));

        GatewayHome.prepare(home);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(home))).isEqualTo("rwxr-x---");
    }

    @Test
    void prepare_refusesAHomeWritableByOthers_namingThePathAndTheFix() throws IOException {
        Path home = Files.createDirectory(temp.resolve("home"));
        Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwxrwxrwx"));

        assertThatThrownBy(() -> GatewayHome.prepare(home))
                .isInstanceOf(DrainControlException.class)
                .hasMessageContaining(home.toString()).hasMessageContaining("writable by its group or others")
                .hasMessageContaining("chmod go-w");
    }

    @Test
    void prepare_refusesAHomeOfAnotherUser() throws Exception {
        Path home = Files.createDirectory(temp.resolve("home"));
        assumeTrue(chown(home, 65534), "changing a folder's owner needs root, as in CI");

        assertThatThrownBy(() -> GatewayHome.prepare(home))
                .isInstanceOf(DrainControlException.class)
                .hasMessageContaining(home.toString()).hasMessageContaining("belongs to uid 65534");
    }

    static boolean chown(Path path, int uid) throws InterruptedException {
        try {
            Process chown = new ProcessBuilder("chown", String.valueOf(uid), path.toString())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return chown.waitFor(10, java.util.concurrent.TimeUnit.SECONDS) && chown.exitValue() == 0;
        } catch (IOException e) {
            return false;
        }
    }

    @Test
    void prepare_refusesAFileWithAClearMessage() throws IOException {
        Path file = Files.writeString(temp.resolve("home"), "not a folder");

        assertThatThrownBy(() -> GatewayHome.prepare(file))
                .isInstanceOf(DrainControlException.class)
                .hasMessageContaining(file.toString()).hasMessageContaining("not a folder");
    }

    @Test
    void prepare_belowAFile_failsNamingThePath() throws IOException {
        Path file = Files.writeString(temp.resolve("file"), "x");

        assertThatThrownBy(() -> GatewayHome.prepare(file.resolve("home")))
                .isInstanceOf(DrainControlException.class).hasMessageContaining(file.resolve("home").toString());
    }
}
