package org.gatewaydrain.http;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.gatewaydrain.core.rollout.Rollout;
import org.gatewaydrain.core.rollout.RolloutHolder;
import org.gatewaydrain.core.spi.RolloutLedger;
import org.gatewaydrain.core.rollout.RolloutReading;
import org.gatewaydrain.core.spi.Subscription;

/** A rollout ledger whose reading the test sets; watchers hear every change. */
public final class FakeRolloutLedger implements RolloutLedger {

    private final AtomicReference<RolloutReading> reading =
            new AtomicReference<>(new RolloutReading.Recorded(Optional.empty(), Optional.empty()));
    private final Set<Runnable> watchers = ConcurrentHashMap.newKeySet();

    /** Shows {@code rollout}, run by {@code holder} when present. */
    public void show(Rollout rollout, Optional<RolloutHolder> holder) {
        set(new RolloutReading.Recorded(Optional.of(rollout), holder));
    }

    /** Reads as {@code next} from now on, and tells the watchers. */
    public void set(RolloutReading next) {
        reading.set(next);
        watchers.forEach(Runnable::run);
    }

    @Override
    public RolloutReading read() {
        return reading.get();
    }

    @Override
    public Lease acquire(RolloutHolder holder, Duration wait) {
        throw new UnsupportedOperationException("the HTTP plane only reads the ledger");
    }

    @Override
    public Duration deadHolderRelease() {
        return Duration.ZERO;
    }

    @Override
    public Subscription watch(Runnable onChange) {
        watchers.add(onChange);
        return () -> watchers.remove(onChange);
    }
}
