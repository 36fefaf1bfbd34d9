package org.gatewaydrain.tck;

import java.time.Duration;
import java.util.Objects;
import org.gatewaydrain.core.rollout.RolloutHolder;
import org.gatewaydrain.core.spi.RolloutLedger;
import org.gatewaydrain.core.rollout.RolloutReading;
import org.gatewaydrain.core.spi.Subscription;

/** A rollout ledger that passes every call to another; override what a test changes. Thread-safe if the delegate is. */
public class ForwardingRolloutLedger implements RolloutLedger {

    /** Where every call goes. */
    protected final RolloutLedger delegate;

    /** @param delegate where every call goes */
    public ForwardingRolloutLedger(RolloutLedger delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    @Override
    public RolloutReading read() {
        return delegate.read();
    }

    @Override
    public Lease acquire(RolloutHolder holder, Duration wait) {
        return delegate.acquire(holder, wait);
    }

    @Override
    public Duration deadHolderRelease() {
        return delegate.deadHolderRelease();
    }

    @Override
    public Subscription watch(Runnable onChange) {
        return delegate.watch(onChange);
    }

    @Override
    public String toString() {
        return delegate.toString();
    }
}
