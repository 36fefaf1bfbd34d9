package org.gatewaydrain.tck;

import java.util.Objects;
import java.util.Optional;
import org.gatewaydrain.core.spi.RolloutLedger;
import org.gatewaydrain.core.spi.DrainControlChannel;
import org.gatewaydrain.core.spi.DrainTransport;
import org.gatewaydrain.core.spi.RuntimeStatusStore;

/**
 * A transport whose parts are another's, each passed through a hook a test overrides to wrap
 * it (with a {@link ForwardingChannel}, {@link ForwardingStatusStore} or
 * {@link ForwardingRolloutLedger}). The parts are wrapped once, on first use.
 */
public class ForwardingTransport implements DrainTransport {

    /** The transport wrapped. */
    protected final DrainTransport delegate;

    private DrainControlChannel channel;
    private RuntimeStatusStore statusStore;
    private Optional<RolloutLedger> rollouts;

    /** @param delegate the transport wrapped */
    public ForwardingTransport(DrainTransport delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    /** @return what callers get for the delegate's channel; the channel itself unless overridden */
    protected DrainControlChannel wrap(DrainControlChannel original) {
        return original;
    }

    /** @return what callers get for the delegate's status store; the store itself unless overridden */
    protected RuntimeStatusStore wrap(RuntimeStatusStore original) {
        return original;
    }

    /** @return what callers get for the delegate's rollout ledger; the ledger itself unless overridden */
    protected RolloutLedger wrap(RolloutLedger original) {
        return original;
    }

    @Override
    public synchronized DrainControlChannel channel() {
        if (channel == null) {
            channel = wrap(delegate.channel());
        }
        return channel;
    }

    @Override
    public synchronized RuntimeStatusStore statusStore() {
        if (statusStore == null) {
            statusStore = wrap(delegate.statusStore());
        }
        return statusStore;
    }

    @Override
    public synchronized Optional<RolloutLedger> rollouts() {
        if (rollouts == null) {
            rollouts = delegate.rollouts().map(this::wrap);
        }
        return rollouts;
    }

    @Override
    public void close() {
        delegate.close();
    }

    @Override
    public String toString() {
        return delegate.toString();
    }
}
