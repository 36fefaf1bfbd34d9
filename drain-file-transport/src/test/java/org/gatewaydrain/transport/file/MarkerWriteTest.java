package org.gatewaydrain.transport.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.gatewaydrain.core.DrainControlException;
import org.gatewaydrain.core.DrainRequest;
import org.gatewaydrain.core.DrainSignal;
import org.gatewaydrain.core.spi.DrainControlChannel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MarkerWriteTest {

    private static final String EPOCH = "boot-a:1234";

    @TempDir
    Path temp;

    private Path home;
    private Path marker;
    private DrainControlChannel channel;

    @BeforeEach
    void open() {
        home = temp.resolve("home");
        channel = FileDrainChannel.builder().home(home).epoch(EPOCH).build();
        marker = home.resolve(FileDrainChannel.MARKER_FILE);
    }

    @AfterEach
    void close() {
        channel.close();
    }

    private static DrainRequest request() {
        return DrainRequest.of("ops", Instant.now()).withReason("patch");
    }

    private String[] entries() throws IOException {
        try (Stream<Path> files = Files.list(home)) {
            return files.map(p -> p.getFileName().toString()).sorted().toArray(String[]::new);
        }
    }

    @Test
    void build_createsTheHomeFolderOwnerOnly() throws IOException {
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(home))).isEqualTo("rwx------");
    }

    @Test
    void request_writesOwnerOnlyMarkerAndNoTempFile() throws IOException {
        channel.request(request());

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(marker))).isEqualTo("rw-------");
        assertThat(entries()).containsExactly(FileDrainChannel.MARKER_FILE);
    }

    @Test
    void request_writesTheReferenceFieldNamesInIsoUtc() throws IOException {
        channel.request(DrainRequest.of("nas", Instant.parse("2026-06-27T11:22:03.123456Z"))
                .withReason("patch").withExpiresAt(Instant.parse("2026-06-27T12:22:03Z")));

        JsonNode json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(Files.readString(marker));
        assertThat(json.path("action").asText()).isEqualTo("drain");
        assertThat(json.path("requested_at").asText()).isEqualTo("2026-06-27T11:22:03.123456+00:00");
        assertThat(json.path("principal").asText()).isEqualTo("nas");
        assertThat(json.path("epoch").asText()).isEqualTo(EPOCH);
        assertThat(json.path("suppress_notification").isBoolean()).isTrue();
        assertThat(json.path("reason").asText()).isEqualTo("patch");
        assertThat(json.path("expires_at").asText()).isEqualTo("2026-06-27T12:22:03.000000+00:00");
    }

    @Test
    void request_keepsAnEpochTheRequesterStamped() {
        channel.request(request().withEpoch("other:1"));

        assertThat(channel.read()).isInstanceOfSatisfying(DrainSignal.Stale.class,
                stale -> assertThat(stale.request().epoch()).contains("other:1"));
    }

    @Test
    void request_refusesToWriteThroughASymbolicLink() throws IOException {
        Path target = Files.writeString(temp.resolve("target.json"), "untouched");
        Files.createSymbolicLink(marker, target);

        assertThatThrownBy(() -> channel.request(request()))
                .isInstanceOf(DrainControlException.class)
                .hasMessageContaining("symbolic link").hasMessageContaining(marker.toString());

        assertThat(Files.readString(target)).isEqualTo("untouched");
        assertThat(Files.isSymbolicLink(marker)).isTrue();
    }

    @Test
    void requestOntoAFolderAtTheMarkerPath_throws_andLeavesNoTempFile() throws IOException {
        Files.createDirectory(marker);

        assertThatThrownBy(() -> channel.request(request()))
                .isInstanceOf(DrainControlException.class)
                .hasMessageContaining(marker.toString()).hasMessageContaining("folder is in the way");
        assertThat(entries()).containsExactly(FileDrainChannel.MARKER_FILE);
        assertThat(Files.isDirectory(marker)).isTrue();
    }

    @Test
    void requestIntoAHomeThatIsNoLongerAFolder_throwsNamingThePath_andLeavesNothing() throws IOException {
        Files.delete(home);
        Files.writeString(home, "a file where the home folder should be");

        assertThatThrownBy(() -> channel.request(request()))
                .isInstanceOf(DrainControlException.class)
                .hasMessageContaining(marker.toString());

        assertThat(Files.readString(home)).isEqualTo("a file where the home folder should be");
        try (Stream<Path> files = Files.list(temp)) {
            assertThat(files).containsExactly(home);
        }
    }

    @Test
    void requestIntoAFolderNobodyMayWrite_throwsNamingThePath_andLeavesNothing() throws Exception {
        // Mode bits do not stop root; the immutable attribute does (ext4, CAP_LINUX_IMMUTABLE).
        assumeTrue(chattr("+i", home), "chattr +i is not available on this file system");
        try {
            assertThatThrownBy(() -> channel.request(request()))
                    .isInstanceOf(DrainControlException.class)
                    .hasMessageContaining(marker.toString());
        } finally {
            chattr("-i", home);
        }
        assertThat(entries()).isEmpty();
    }

    private static boolean chattr(String flag, Path folder) throws InterruptedException {
        try {
            Process process = new ProcessBuilder("chattr", flag, folder.toString())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return process.waitFor(10, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        }
    }

    /** @return the file system's own time now: the modification time it gives a file written there */
    private Instant fileSystemNow() throws IOException {
        Path probe = Files.writeString(temp.resolve("clock-probe"), "now");
        try {
            return Files.getLastModifiedTime(probe).toInstant();
        } finally {
            Files.delete(probe);
        }
    }

    private Path tempFileAged(String name, Duration age) throws IOException {
        Path leftover = Files.writeString(home.resolve(name), "{\"action\":\"dr");
        Files.setLastModifiedTime(leftover, FileTime.from(fileSystemNow().minus(age)));
        return leftover;
    }

    @Test
    void leftoverTempFileFromACrashedWriter_isCleanedByTheNextWrite() throws IOException {
        tempFileAged(".drain_request.json.8731.tmp", Duration.ofMinutes(5));

        channel.request(request());

        assertThat(entries()).containsExactly(FileDrainChannel.MARKER_FILE);
    }

    @Test
    void tempFileAge_isJudgedByTheFileSystemsClock_notTheJvms() throws IOException {
        // Ages are measured from the file system's time, as its own timestamps give it: just under the
        // limit stays, just over goes, whatever this JVM's clock says (a file server's clock may differ).
        tempFileAged(".drain_request.json.young.tmp", AtomicFiles.LEFTOVER_AGE.minusSeconds(5));
        tempFileAged(".drain_request.json.old.tmp", AtomicFiles.LEFTOVER_AGE.plusSeconds(5));

        channel.request(request());

        assertThat(entries()).containsExactlyInAnyOrder(".drain_request.json.young.tmp", FileDrainChannel.MARKER_FILE);
    }

    @Test
    void freshTempFile_mayBelongToALiveWriter_andIsLeftAlone() throws IOException {
        Files.writeString(home.resolve(".drain_request.json.8731.tmp"), "{\"action\":\"dr");

        channel.request(request());

        assertThat(entries()).containsExactlyInAnyOrder(".drain_request.json.8731.tmp", FileDrainChannel.MARKER_FILE);
    }

    @Test
    void aTempFileRemovedBeforeItsRename_failsSayingSo_notThatTheFolderIsMissing() {
        byte[] content = "{}\n".getBytes(java.nio.charset.StandardCharsets.UTF_8);

        assertThatThrownBy(() -> AtomicFiles.replace(marker, content, () -> {
            try (Stream<Path> files = Files.list(home)) {
                for (Path file : files.toList()) {
                    Files.delete(file);
                }
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        })).isInstanceOf(DrainControlException.class)
                .hasMessageContaining("temp file").hasMessageContaining("removed by another process")
                .hasMessageNotContaining("does not exist");
        assertThat(Files.exists(marker)).isFalse();
    }

    @Test
    void cancel_removesASymbolicLinkItself_notItsTarget() throws IOException {
        Path target = Files.writeString(temp.resolve("target.json"), "kept");
        Files.createSymbolicLink(marker, target);

        assertThat(channel.cancel()).isTrue();

        assertThat(Files.exists(marker, LinkOption.NOFOLLOW_LINKS)).isFalse();
        assertThat(Files.readString(target)).isEqualTo("kept");
    }

    @Test
    void cancel_removesACorruptMarker() throws IOException {
        Files.writeString(marker, "garbage");

        assertThat(channel.cancel()).isTrue();
        assertThat(channel.read()).isEqualTo(DrainSignal.ABSENT);
    }

    @Test
    void cancelOfAFolderWithContent_throwsNamingThePath() throws IOException {
        Files.createDirectories(marker.resolve("inside"));

        assertThatThrownBy(() -> channel.cancel())
                .isInstanceOf(DrainControlException.class).hasMessageContaining(marker.toString());
    }

    @Test
    void unknownEpochScope_failsAtBuildNamingTheChoices() {
        assertThatThrownBy(() -> FileDrainChannel.builder().home(home).epochScope("galaxy"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("host or instance");
    }

    @Test
    void negativeMaxAge_failsAtBuildNamingTheKey() {
        assertThatThrownBy(() -> FileDrainChannel.builder().home(home).maxAge(Duration.ofSeconds(-1)).build())
                .isInstanceOf(DrainControlException.class).hasMessageContaining("drain.max_age");
    }
}
