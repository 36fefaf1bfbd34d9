package org.gatewaydrain.transport.file;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BootEpochTest {

    private static final String STAT = "1 (my (odd) init) S 0 1 1 0 -1 4194560 29137 5303745 96 3124 51 130"
            + " 9412 3453 20 0 1 0 987654 172453888 3035";

    @TempDir
    Path temp;

    @Test
    void epoch_isBootIdColonPid1StartTime_likeTheReference() throws IOException {
        Path bootId = Files.writeString(temp.resolve("boot_id"), "0b5a3c1e-aaaa-bbbb-cccc-1234567890ab\n");
        Path stat = Files.writeString(temp.resolve("stat"), STAT);

        assertThat(BootEpoch.compute(bootId, stat)).isEqualTo("0b5a3c1e-aaaa-bbbb-cccc-1234567890ab:987654");
    }

    @Test
    void unreadableWitnesses_giveAnEmptyEpoch() {
        assertThat(BootEpoch.compute(temp.resolve("missing"), temp.resolve("missing-too"))).isEmpty();
    }

    @Test
    void onlyTheBootId_isStillAnEpoch() throws IOException {
        Path bootId = Files.writeString(temp.resolve("boot_id"), "abc\n");

        assertThat(BootEpoch.compute(bootId, temp.resolve("missing"))).isEqualTo("abc:");
    }

    @Test
    void thisLinuxHost_hasAnEpoch() {
        assertThat(BootEpoch.current()).matches("[0-9a-f-]{36}:\\d+");
    }

    @Test
    void hostScope_comparesTheBootIdOnly_instanceScopeTheWholeEpoch() {
        var host = BootEpoch.check("boot-a:100", BootEpoch.Scope.HOST);
        var instance = BootEpoch.check("boot-a:100", BootEpoch.Scope.INSTANCE);

        assertThat(host.staleBecause("boot-a:200")).isEmpty();
        assertThat(host.staleBecause("boot-b:100")).hasValueSatisfying(why -> assertThat(why).contains("boot-b:100"));
        assertThat(instance.staleBecause("boot-a:100")).isEmpty();
        assertThat(instance.staleBecause("boot-a:200")).isPresent();
        assertThat(BootEpoch.check("", BootEpoch.Scope.INSTANCE).staleBecause("anything")).isEmpty();
    }
}
