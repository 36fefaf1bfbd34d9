package org.gatewaydrain.http;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.gatewaydrain.core.DrainControlException;
import org.gatewaydrain.core.DrainRequest;
import org.gatewaydrain.core.DrainSignal;
import org.gatewaydrain.core.GatewayState;
import org.gatewaydrain.core.RuntimeStatus;
import org.gatewaydrain.core.StaleReason;
import org.gatewaydrain.core.StatusReading;
import org.gatewaydrain.core.spi.DrainControlChannel;
import org.gatewaydrain.core.spi.Subscription;

/**
 * What a requester does, wherever it asks from (the HTTP API, the CLI on the gateway's host):
 * build the request, write it to the channel, say whether the gateway would ignore it as
 * stale, and wait briefly for the gateway to show draining; or withdraw it. Thread-safe.
 */
public final class DrainControl {

    /** How long a drain waits, by default, for the gateway to show draining. */
    public static final Duration DEFAULT_CONFIRM_WAIT = Duration.ofSeconds(2);

    private final DrainControlChannel channel;
    private final StatusSource status;
    private final Duration confirmWait;
    private final Clock clock;

    /**
     * @param channel where requests are written
     * @param status where the gateway's state is read
     * @param confirmWait how long a drain waits to see the gateway draining
     * @param clock stamps requests
     */
    public DrainControl(DrainControlChannel channel, StatusSource status, Duration confirmWait, Clock clock) {
        this.channel = Objects.requireNonNull(channel, "channel");
        this.status = Objects.requireNonNull(status, "status");
        this.confirmWait = Objects.requireNonNull(confirmWait, "confirmWait");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Writes a drain request. Blocks for the write; the returned stage completes within the
     * confirmation wait.
     *
     * @param principal who asks
     * @param order what they ask for
     * @return completes with what was written and what the gateway showed
     * @throws DrainControlException if the request cannot be written
     */
    public CompletableFuture<DrainOutcome> drain(String principal, DrainOrder order) {
        DrainRequest request = DrainRequest.of(principal, clock.instant())
                .withReason(order.reason().orElse(null))
                .withSuppressNotification(order.suppressNotification());
        DrainRequest written = order.ttl().map(request::withTimeToLive).orElse(request);
        channel.request(written);
        if (channel.read() instanceof DrainSignal.Stale stale) {
            return CompletableFuture.completedFuture(new DrainOutcome(written, false, Optional.of(stale.why())));
        }
        return confirm(written);
    }

    /**
     * Withdraws the drain request. Blocks for the removal.
     *
     * @return whether a request was there
     * @throws DrainControlException if it cannot be withdrawn
     */
    public boolean cancel() {
        return channel.cancel();
    }

    /**
     * Completes as soon as the gateway shows draining on this request (or on a later re-write),
     * or shows it as ignored (its epoch rule may differ from the writer's); otherwise, not
     * draining, after the wait.
     */
    private CompletableFuture<DrainOutcome> confirm(DrainRequest written) {
        CompletableFuture<DrainOutcome> outcome = new CompletableFuture<>();
        Runnable check = () -> shown(written).ifPresent(outcome::complete);
        Subscription subscription = status.onChange(check);
        check.run();
        return outcome.completeOnTimeout(new DrainOutcome(written, false, Optional.empty()), confirmWait.toMillis(),
                        TimeUnit.MILLISECONDS)
                .whenComplete((result, failure) -> subscription.close());
    }

    private Optional<DrainOutcome> shown(DrainRequest written) {
        return status.read().published().map(StatusReading.Published::status).flatMap(now -> {
            Optional<RuntimeStatus.IgnoredDrain> ignored = now.drainIgnored()
                    .filter(i -> i.principal().equals(written.principal()) && i.requestedAt().equals(written.requestedAt()));
            if (ignored.isPresent()) {
                return Optional.of(new DrainOutcome(written, false, Optional.of(ignored.get().why())));
            }
            boolean showsThisRequest = now.state() == GatewayState.DRAINING && now.drain()
                    .filter(d -> !d.requestedAt().isBefore(written.requestedAt())).isPresent();
            return showsThisRequest ? Optional.of(new DrainOutcome(written, true, Optional.empty())) : Optional.empty();
        });
    }

    /**
     * What a requester asks for.
     *
     * @param reason why, shown in the status
     * @param ttl how long until the request goes stale by itself
     * @param suppressNotification ask the gateway not to announce the drain to its users
     */
    public record DrainOrder(Optional<String> reason, Optional<Duration> ttl, boolean suppressNotification) {
        public DrainOrder {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(ttl, "ttl");
        }
    }

    /**
     * What came of a drain.
     *
     * @param request the request as written
     * @param draining whether the gateway showed draining within the confirmation wait
     * @param ignored why the gateway treats the request as stale, if it does
     */
    public record DrainOutcome(DrainRequest request, boolean draining, Optional<StaleReason> ignored) {
    }
}
