package org.gatewaydrain.http;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import org.gatewaydrain.core.DrainControlException;
import org.gatewaydrain.core.DrainRequest;
import org.gatewaydrain.core.DrainSignal;
import org.gatewaydrain.core.DrainTarget;
import org.gatewaydrain.core.FleetReading;
import org.gatewaydrain.core.GatewayState;
import org.gatewaydrain.core.RuntimeStatus;
import org.gatewaydrain.core.StaleReason;
import org.gatewaydrain.core.StatusReading;
import org.gatewaydrain.core.spi.DaemonThreads;
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

    /** How often another instance's status is looked at while a drain aimed at it is confirmed. */
    private static final Duration FLEET_POLL = Duration.ofMillis(50);
    private static final ScheduledExecutorService POLLER =
            Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("drain-confirm-fleet"));

    private final DrainControlChannel channel;
    private final StatusSource status;
    private final Supplier<FleetReading> fleet;
    private final Duration confirmWait;
    private final Clock clock;

    /**
     * @param channel where requests are written
     * @param status where the gateway's state is read
     * @param confirmWait how long a drain waits to see the gateway draining
     * @param clock stamps requests
     */
    public DrainControl(DrainControlChannel channel, StatusSource status, Duration confirmWait, Clock clock) {
        this(channel, status, () -> FleetReading.NOT_A_FLEET, confirmWait, clock);
    }

    /**
     * @param fleet the fleet's statuses, to confirm a drain aimed at another instance
     */
    public DrainControl(DrainControlChannel channel, StatusSource status, Supplier<FleetReading> fleet,
            Duration confirmWait, Clock clock) {
        this.channel = Objects.requireNonNull(channel, "channel");
        this.status = Objects.requireNonNull(status, "status");
        this.fleet = Objects.requireNonNull(fleet, "fleet");
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
        channel.request(written, order.target());
        if (order.target() instanceof DrainTarget.Instance other) {
            return confirmInFleet(written, fleetNow -> fleetNow.instances().stream()
                    .filter(p -> p.status().instanceId().equals(other.id())).findFirst()
                    .flatMap(p -> shown(p.status(), written)));
        }
        if (order.target() instanceof DrainTarget.Fleet) {
            return confirmInFleet(written, instances -> shownByAll(instances, written));
        }
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
        return cancel(DrainTarget.OWN);
    }

    /**
     * Withdraws the drain request for {@code target}, and only that one.
     *
     * @return whether a request was there
     * @throws DrainControlException if it cannot be withdrawn, or the transport has no such target
     */
    public boolean cancel(DrainTarget target) {
        return channel.cancel(target);
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

    /**
     * A drain aimed at another instance, or at the fleet, is confirmed by the statuses in the
     * fleet, looked at now and then.
     */
    private CompletableFuture<DrainOutcome> confirmInFleet(DrainRequest written,
            Function<FleetReading.Instances, Optional<DrainOutcome>> shownIn) {
        CompletableFuture<DrainOutcome> outcome = new CompletableFuture<>();
        Runnable check = () -> {
            if (fleet.get() instanceof FleetReading.Instances instances) {
                shownIn.apply(instances).ifPresent(outcome::complete);
            }
        };
        ScheduledFuture<?> polling = POLLER.scheduleWithFixedDelay(check, 0, FLEET_POLL.toMillis(),
                TimeUnit.MILLISECONDS);
        return outcome.completeOnTimeout(new DrainOutcome(written, false, Optional.empty()), confirmWait.toMillis(),
                        TimeUnit.MILLISECONDS)
                .whenComplete((result, failure) -> polling.cancel(false));
    }

    /** Every live instance draining on this request, or the first one that ignores it. */
    private static Optional<DrainOutcome> shownByAll(FleetReading.Instances fleetNow, DrainRequest written) {
        List<StatusReading.Published> live = fleetNow.live();
        List<Optional<DrainOutcome>> shown = live.stream().map(p -> shown(p.status(), written)).toList();
        Optional<DrainOutcome> ignored = shown.stream().flatMap(Optional::stream)
                .filter(o -> o.ignored().isPresent()).findFirst();
        if (ignored.isPresent()) {
            return ignored;
        }
        return !live.isEmpty() && shown.stream().allMatch(Optional::isPresent)
                ? Optional.of(new DrainOutcome(written, true, Optional.empty())) : Optional.empty();
    }

    private Optional<DrainOutcome> shown(DrainRequest written) {
        return status.read().published().flatMap(published -> shown(published.status(), written));
    }

    private static Optional<DrainOutcome> shown(RuntimeStatus now, DrainRequest written) {
        Optional<RuntimeStatus.IgnoredDrain> ignored = now.drainIgnored()
                .filter(i -> i.principal().equals(written.principal()) && i.requestedAt().equals(written.requestedAt()));
        if (ignored.isPresent()) {
            return Optional.of(new DrainOutcome(written, false, Optional.of(ignored.get().why())));
        }
        boolean showsThisRequest = now.state() == GatewayState.DRAINING && now.drain()
                .filter(d -> !d.requestedAt().isBefore(written.requestedAt())).isPresent();
        return showsThisRequest ? Optional.of(new DrainOutcome(written, true, Optional.empty())) : Optional.empty();
    }

    /**
     * What a requester asks for.
     *
     * @param reason why, shown in the status
     * @param ttl how long until the request goes stale by itself
     * @param suppressNotification ask the gateway not to announce the drain to its users
     * @param target whom the request is for: the channel's own gateway, the fleet or one instance
     */
    public record DrainOrder(Optional<String> reason, Optional<Duration> ttl, boolean suppressNotification,
            DrainTarget target) {
        public DrainOrder {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(ttl, "ttl");
            Objects.requireNonNull(target, "target");
        }

        /** An order for the channel's own gateway. */
        public DrainOrder(Optional<String> reason, Optional<Duration> ttl, boolean suppressNotification) {
            this(reason, ttl, suppressNotification, DrainTarget.OWN);
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
