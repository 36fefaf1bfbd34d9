package org.gatewaydrain.client;

import java.util.Optional;
import java.util.Set;
import org.gatewaydrain.core.DrainControlException;
import org.gatewaydrain.core.DrainTarget;
import org.gatewaydrain.core.rollout.RolloutReading;
import org.gatewaydrain.core.spi.RolloutLedger;

/**
 * What acts on gateways from outside them (the CLI, a control plane, an orchestrator, the
 * maintenance and rollout engines): drain, cancel, read and, through {@link StatusFeed}, hear of
 * changes. Two implementations answer the same way: {@link TransportClient} on a transport, and
 * {@link HttpControlClient} on a server's HTTP API. Reads never throw; writes throw
 * {@link DrainControlException}. Thread-safe.
 */
public interface ControlClient extends StatusFeed, AutoCloseable {

    /**
     * Writes a drain request and waits briefly for the gateway to show it. Blocks at most the
     * write and the confirmation wait.
     *
     * @throws DrainControlException if the request cannot be written or is refused
     */
    DrainAnswer drain(DrainOrder order);

    /**
     * Withdraws the request for {@code target}, and only that one. Blocks for the removal.
     *
     * @return whether one was there
     * @throws DrainControlException if it cannot be withdrawn, or there is no such target
     */
    boolean cancel(DrainTarget target);

    /** @return the scopes drains may target besides the gateway's own: {@code fleet}, {@code instance}, or none */
    Set<String> scopes();

    /** @return the cluster's rollout, where there is a fleet that keeps one; empty otherwise; never throws */
    Optional<RolloutReading> rollout();

    /**
     * @return the cluster's rollout lock and record, to run a rollout with; only a client on the
     *     transport itself has one (a server's API shows the record but hands out no lock)
     */
    Optional<RolloutLedger> ledger();

    /** @return where this client sends requests, for messages ("the file transport (home …)", a URL) */
    String where();

    /** Releases connections and threads; idempotent. */
    @Override
    void close();
}
