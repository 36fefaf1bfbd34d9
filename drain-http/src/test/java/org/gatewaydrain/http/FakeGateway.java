package org.gatewaydrain.http;

import java.time.Instant;
import java.util.Optional;
import org.gatewaydrain.core.ChannelHealth;
import org.gatewaydrain.core.DrainSignal;
import org.gatewaydrain.core.GatewayState;
import org.gatewaydrain.core.RuntimeStatus;
import org.gatewaydrain.core.spi.DrainControlChannel;
import org.gatewaydrain.core.spi.RuntimeStatusStore;
import org.gatewaydrain.core.spi.Subscription;

/**
 * A stand-in for a gateway in another process, for tests of the HTTP plane without the
 * runtime: it follows a channel and publishes what a gateway would (draining on a request,
 * running otherwise, stale requests as ignored) with the in-flight count the test sets.
 */
final class FakeGateway implements AutoCloseable {

    private final DrainControlChannel channel;
    private final RuntimeStatusStore store;
    private final Subscription subscription;
    private volatile int activeTurns;
    private volatile boolean following = true;

    FakeGateway(DrainControlChannel channel, RuntimeStatusStore store) {
        this.channel = channel;
        this.store = store;
        this.subscription = channel.subscribe(this::follow, Runnable::run);
        follow();
    }

    /** Sets the in-flight count and publishes it. */
    void activeTurns(int count) {
        activeTurns = count;
        follow();
    }

    /** Stops following the channel, as a gateway whose watcher hangs. */
    void stopFollowing() {
        following = false;
    }

    synchronized void follow() {
        if (!following) {
            return;
        }
        DrainSignal signal = channel.read();
        Instant now = Instant.now();
        Optional<RuntimeStatus.Drain> drain = signal instanceof DrainSignal.Present present
                ? Optional.of(RuntimeStatus.Drain.of(present.request(), now)) : Optional.empty();
        Optional<RuntimeStatus.IgnoredDrain> ignored = signal instanceof DrainSignal.Stale stale
                ? Optional.of(RuntimeStatus.IgnoredDrain.of(stale)) : Optional.empty();
        store.publish(new RuntimeStatus(ProcessHandle.current().pid(), RuntimeStatus.KIND_GATEWAY, "fake-gw", "fake-host",
                now, drain.isPresent() ? GatewayState.DRAINING : GatewayState.RUNNING, activeTurns, drain, ignored,
                ChannelHealth.OK, Optional.empty(), now));
    }

    @Override
    public void close() {
        subscription.close();
    }
}
