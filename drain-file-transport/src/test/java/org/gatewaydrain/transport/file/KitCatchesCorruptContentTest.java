package org.gatewaydrain.transport.file;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.gatewaydrain.tck.KitRun;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The kit's own test: a transport that reads corrupt content as no request fails every corrupt-content check. */
class KitCatchesCorruptContentTest {

    @AfterEach
    void unplant() {
        BrokenFileKit.planted = false;
    }

    @Test
    void aChannelThatReadsCorruptContentAsAbsent_failsTheCheckForEachKindOfCorruption() {
        BrokenFileKit.planted = true;

        List<String> failed = KitRun.failedChecks(BrokenFileKit.class, "CorruptContent");

        assertThat(failed).hasSize(8)
                .containsOnly("corruptContentWhereTheRequestLives_readsUnreadable_neverAbsentOrPresent");
    }
}
