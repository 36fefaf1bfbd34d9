package org.gatewaydrain.client;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.gatewaydrain.core.DrainControlException;
import org.gatewaydrain.core.DrainTarget;
import org.gatewaydrain.core.FleetReading;
import org.gatewaydrain.core.StatusReading;
import org.gatewaydrain.core.rollout.RolloutReading;
import org.gatewaydrain.core.spi.DrainTransport;
import org.gatewaydrain.core.spi.RolloutLedger;
import org.gatewaydrain.core.spi.Subscription;

/**
 * A requester on the transport itself, as the CLI is on the gateway's host or its fleet: drains
 * and cancels through the transport's channel, reads its status store, hears the store's changes,
 * and holds the fleet's rollout ledger. Owns the transport: closing the client closes it.
 * Thread-safe.
 *
 * <pre>{@code
 * try (ControlClient client = TransportClient.builder(transport).principal("ops").build()) {
 *     client.drain(DrainOrder.of("kernel patch"));
 * }
 * }</pre>
 */
public final class TransportClient implements ControlClient {

    private final DrainTransport transport;
    private final TransportFeed feed;
    private final DrainControl control;
    private final String principal;
    private final Duration confirmWait;
    private final String where;

    private TransportClient(Builder builder) {
        this.transport = builder.transport;
        this.feed = new TransportFeed(transport.statusStore());
        this.principal = builder.principal;
        this.confirmWait = builder.confirmWait;
        this.where = builder.where;
        this.control = new DrainControl(transport.channel(), feed, confirmWait, builder.clock, builder.pace);
    }

    /** @return who requests are written as when nobody says: the user's name ({@code operator} when the JVM knows none) */
    public static String defaultPrincipal() {
        String user = System.getProperty("user.name", "");
        return user.isBlank() ? "operator" : user;
    }

    /** @return a builder for a client that owns {@code transport} */
    public static Builder builder(DrainTransport transport) {
        return new Builder(transport);
    }

    @Override
    public DrainAnswer drain(DrainOrder order) {
        try {
            // The confirmation ends itself at the wait; the bound here only guards against a stage never completed.
            return control.drain(principal, order).get(confirmWait.toMillis() + 10_000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DrainControlException("Interrupted while waiting for the gateway to show the drain.", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new DrainControlException("The drain was written but could not be confirmed: " + e.getMessage(), e);
        }
    }

    @Override
    public boolean cancel(DrainTarget target) {
        return control.cancel(target);
    }

    @Override
    public StatusReading status() {
        return feed.status();
    }

    @Override
    public FleetReading fleet() {
        return feed.fleet();
    }

    @Override
    public Subscription onChange(Runnable listener) {
        return feed.onChange(listener);
    }

    @Override
    public boolean pushes(DrainTarget target) {
        return feed.pushes(target);
    }

    @Override
    public Set<String> scopes() {
        return transport.channel().scopes();
    }

    @Override
    public Optional<RolloutReading> rollout() {
        return transport.rollouts().map(RolloutLedger::read);
    }

    @Override
    public Optional<RolloutLedger> ledger() {
        return transport.rollouts();
    }

    @Override
    public String where() {
        return where;
    }

    @Override
    public void close() {
        try {
            feed.close();
        } finally {
            transport.close();
        }
    }

    @Override
    public String toString() {
        return where;
    }

    /** Collects the client's settings; not thread-safe. */
    public static final class Builder {
        private final DrainTransport transport;
        private String principal = defaultPrincipal();
        private Clock clock = Clock.systemUTC();
        private Duration confirmWait = DrainControl.DEFAULT_CONFIRM_WAIT;
        private StatusWatch.Pace pace = StatusWatch.Pace.DEFAULT;
        private String where;

        private Builder(DrainTransport transport) {
            this.transport = Objects.requireNonNull(transport, "transport");
            this.where = "the transport " + transport;
        }

        /** @param value who the requests are written as (the user's name unless set) */
        public Builder principal(String value) {
            if (value == null || value.isBlank()) {
                throw new IllegalArgumentException("a principal must not be blank");
            }
            this.principal = value;
            return this;
        }

        /** @param value stamps requests and times waits */
        public Builder clock(Clock value) {
            this.clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        /** @param value how long a drain waits to see the gateway draining (2 s unless set) */
        public Builder confirmWait(Duration value) {
            this.confirmWait = Objects.requireNonNull(value, "confirmWait");
            return this;
        }

        /** @param value how often waits look without being told */
        public Builder pace(StatusWatch.Pace value) {
            this.pace = Objects.requireNonNull(value, "pace");
            return this;
        }

        /** @param value where the client sends requests, for messages */
        public Builder where(String value) {
            this.where = Objects.requireNonNull(value, "where");
            return this;
        }

        /** @return the client */
        public TransportClient build() {
            return new TransportClient(this);
        }
    }
}
