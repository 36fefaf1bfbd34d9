package org.gatewaydrain.client;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.gatewaydrain.core.DrainControlException;
import org.gatewaydrain.core.DrainRequest;
import org.gatewaydrain.core.DrainSignal;
import org.gatewaydrain.core.DrainTarget;
import org.gatewaydrain.core.spi.DrainControlChannel;

/**
 * What a requester does, wherever it asks from (the HTTP API, the CLI on a transport, an
 * orchestrator): build the request, write it to the channel, say whether the gateway would
 * ignore it as stale, and watch briefly for the gateway to show it; or withdraw it. Thread-safe.
 */
public final class DrainControl {

    /** How long a drain waits, by default, for the gateway to show draining. */
    public static final Duration DEFAULT_CONFIRM_WAIT = Duration.ofSeconds(2);

    private final DrainControlChannel channel;
    private final StatusFeed feed;
    private final Duration confirmWait;
    private final Clock clock;
    private final StatusWatch.Pace pace;

    /**
     * @param channel where requests are written
     * @param feed where the gateways' statuses are read (the fleet's for a targeted drain)
     * @param confirmWait how long a drain waits to see the gateway draining
     * @param clock stamps requests
     */
    public DrainControl(DrainControlChannel channel, StatusFeed feed, Duration confirmWait, Clock clock) {
        this(channel, feed, confirmWait, clock, StatusWatch.Pace.DEFAULT);
    }

    /** @param pace how often the confirmation looks without being told */
    public DrainControl(DrainControlChannel channel, StatusFeed feed, Duration confirmWait, Clock clock,
            StatusWatch.Pace pace) {
        this.channel = Objects.requireNonNull(channel, "channel");
        this.feed = Objects.requireNonNull(feed, "feed");
        this.confirmWait = Objects.requireNonNull(confirmWait, "confirmWait");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.pace = Objects.requireNonNull(pace, "pace");
    }

    /**
     * Writes a drain request. Blocks for the write; the returned stage completes within the
     * confirmation wait, as soon as the gateway (every live instance, for a fleet) shows the
     * request, or ignores it as stale.
     *
     * @param principal who asks
     * @throws DrainControlException if the request cannot be written
     */
    public CompletableFuture<DrainAnswer> drain(String principal, DrainOrder order) {
        DrainRequest request = DrainRequest.of(principal, clock.instant())
                .withReason(order.reason().orElse(null))
                .withSuppressNotification(order.suppressNotification());
        request = request.withPolicy(order.timing().policyAt(request.requestedAt()));
        DrainRequest written = order.ttl().map(request::withTimeToLive).orElse(request);
        channel.request(written, order.target());
        if (order.target() instanceof DrainTarget.Own && channel.read() instanceof DrainSignal.Stale stale) {
            return CompletableFuture.completedFuture(answer(written, order.target(), false, Optional.of(stale.why())));
        }
        DrainAnswer unconfirmed = answer(written, order.target(), false, Optional.empty());
        CompletableFuture<Until.Shown> shown = StatusWatch.when(feed, order.target(),
                Until.confirmed(order.target(), written), pace, look -> { });
        return shown.thenApply(s -> s instanceof Until.Shown.Ignored ignored
                        ? answer(written, order.target(), false, Optional.of(ignored.why()))
                        : answer(written, order.target(), true, Optional.empty()))
                .completeOnTimeout(unconfirmed, confirmWait.toMillis(), TimeUnit.MILLISECONDS)
                .whenComplete((done, failure) -> shown.cancel(false));
    }

    /**
     * Withdraws the drain request for {@code target}, and only that one. Blocks for the removal.
     *
     * @return whether a request was there
     * @throws DrainControlException if it cannot be withdrawn, or the channel has no such target
     */
    public boolean cancel(DrainTarget target) {
        return channel.cancel(target);
    }

    private static DrainAnswer answer(DrainRequest written, DrainTarget target, boolean draining,
            Optional<org.gatewaydrain.core.StaleReason> ignored) {
        return new DrainAnswer(written.principal(), written.requestedAt(), target, draining, ignored);
    }
}
