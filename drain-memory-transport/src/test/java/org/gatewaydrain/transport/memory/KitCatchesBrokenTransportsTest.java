package org.gatewaydrain.transport.memory;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.gatewaydrain.tck.KitRun;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The kit's own test: the memory transport with one bug planted at a time must fail the check
 * that guards against that bug, and the memory transport as it is must fail none.
 */
class KitCatchesBrokenTransportsTest {

    @AfterEach
    void noBugPlanted() {
        BrokenMemoryKit.bug = null;
    }

    /** Runs the kit's groups that could notice {@code bug} (all of them for none), with it planted. */
    private static List<String> failedChecksWith(BrokenMemoryKit.Bug bug, String... groups) {
        BrokenMemoryKit.bug = bug;
        return KitRun.failedChecks(BrokenMemoryKit.class, groups);
    }

    @Test
    void theMemoryTransportAsItIs_failsNoCheck() {
        assertThat(failedChecksWith(BrokenMemoryKit.Bug.NONE)).isEmpty();
    }

    @Test
    void aStoreThatCallsAPublisherLiveForever_failsTheDeadPublisherCheck() {
        assertThat(failedChecksWith(BrokenMemoryKit.Bug.LIVE_FOREVER, "DeadPublisher", "Status"))
                .containsExactly("aPublisherThatGoesAwayWithoutSayingStopped_readsNotLiveOrAbsent");
    }

    @Test
    void anInstanceRequestThatDrainsTheWholeFleet_failsTheInstanceCheck() {
        assertThat(failedChecksWith(BrokenMemoryKit.Bug.INSTANCE_DRAINS_EVERYONE, "Fleet"))
                .contains("anInstanceRequest_drainsThatInstanceOnly_underScopeInstance");
    }

    @Test
    void aFleetRequestThatDrainsOnlyTheWriter_failsTheFleetCheck() {
        assertThat(failedChecksWith(BrokenMemoryKit.Bug.FLEET_DRAINS_THE_WRITER_ONLY, "Fleet"))
                .contains("aFleetRequest_drainsEveryInstance_underScopeFleet");
    }

    @Test
    void aCancelThatRemovesEveryRequest_failsTheCancelByScopeCheck() {
        assertThat(failedChecksWith(BrokenMemoryKit.Bug.CANCEL_REMOVES_EVERYTHING, "Fleet", "Requests")).contains("aCancelByScope_removesThatRequestOnly");
    }

    @Test
    void aFleetThatListsEveryPublish_failsTheFleetListingCheck() {
        assertThat(failedChecksWith(BrokenMemoryKit.Bug.FLEET_LISTS_EVERY_PUBLISH, "Fleet"))
                .containsExactly("readFleet_listsEachLivePublisherOnce_underItsOwnId_withItsLastStatus");
    }

    @Test
    void aLockTwoMayHold_failsTheLockCheck() {
        assertThat(failedChecksWith(BrokenMemoryKit.Bug.TWO_HOLD_THE_LOCK, "Ledger"))
                .containsExactly("aSecondAcquire_isRefusedAtOnce_namingTheHolder_untilTheFirstReleases");
    }

    @Test
    void aLockThatOutlivesItsHolder_failsTheDeadHolderCheck() {
        assertThat(failedChecksWith(BrokenMemoryKit.Bug.LOCK_OUTLIVES_ITS_HOLDER, "Ledger"))
                .containsExactly("aLockWhoseHolderGoesAway_isFreeWithinTheDeadHolderRelease");
    }

    @Test
    void watchersTheLedgerNeverTells_failTheWatchCheck() {
        assertThat(failedChecksWith(BrokenMemoryKit.Bug.DEAF_WATCHERS, "Ledger"))
                .containsExactly("watchers_hearOfARecordAndOfAReleasedLock_andNothingBefore");
    }
}
