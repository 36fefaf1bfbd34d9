package org.gatewaydrain.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** Life-cycle laws of {@link GatewayState}, checked over any walk of allowed moves. */
class GatewayStateProperties {

    @Property
    void shutdownWins_noWalkLeadsBackFromStopping(@ForAll List<GatewayState> attempts) {
        GatewayState state = GatewayState.STARTING;
        boolean stopping = false;
        for (GatewayState target : attempts) {
            if (state.canMoveTo(target)) {
                state = target;
            }
            stopping |= state.isShuttingDown();
            if (stopping) {
                assertThat(state).isIn(GatewayState.STOPPING, GatewayState.STOPPED);
            }
        }
    }

    @Property
    void onlyRunningAdmitsExternalTurns(@ForAll GatewayState state) {
        assertThat(state.admitsNewTurns()).isEqualTo(state == GatewayState.RUNNING);
        assertThat(state.admitsInternalEvents()).isEqualTo(state == GatewayState.RUNNING || state == GatewayState.DRAINING);
    }

    @Property
    void quiesced_isDrainingWithNothingInFlight(@ForAll GatewayState state, @ForAll @IntRange(max = 3) int inFlight) {
        assertThat(state.quiescedWith(inFlight)).isEqualTo(state == GatewayState.DRAINING && inFlight == 0);
    }

    @Property
    void wireNames_roundTrip(@ForAll GatewayState state) {
        assertThat(GatewayState.fromWireName(state.wireName())).isEqualTo(state);
        assertThat(state.wireName()).isLowerCase();
    }

    @Property
    void noStateMovesToItself(@ForAll GatewayState state) {
        assertThat(state.canMoveTo(state)).isFalse();
    }
}
