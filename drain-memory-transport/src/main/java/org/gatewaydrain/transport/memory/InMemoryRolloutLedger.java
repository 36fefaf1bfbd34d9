package org.gatewaydrain.transport.memory;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.gatewaydrain.core.DrainControlException;
import org.gatewaydrain.core.rollout.Rollout;
import org.gatewaydrain.core.rollout.RolloutBusyException;
import org.gatewaydrain.core.rollout.RolloutHolder;
import org.gatewaydrain.core.spi.RolloutLedger;
import org.gatewaydrain.core.rollout.RolloutReading;
import org.gatewaydrain.core.spi.ChangeFanout;
import org.gatewaydrain.core.spi.Subscription;

/**
 * A fleet's rollout lock and record in memory. A handle is one process's view: the lock it
 * takes is released when the lease closes or when the handle itself closes, as a ZooKeeper
 * lock ends with its session, so a test can play a rolling process that dies. Watchers are
 * told on the thread that made the change, after it. Thread-safe.
 */
public final class InMemoryRolloutLedger implements RolloutLedger {

    private final Space space;
    private volatile boolean closed;

    /** A ledger of its own for the fleet called {@code cluster}. */
    public InMemoryRolloutLedger(String cluster) {
        this(new Space(Objects.requireNonNull(cluster, "cluster")));
    }

    private InMemoryRolloutLedger(Space space) {
        this.space = space;
    }

    /** @return another process's handle on the same ledger */
    public InMemoryRolloutLedger handle() {
        return new InMemoryRolloutLedger(space);
    }

    @Override
    public RolloutReading read() {
        space.lock.lock();
        try {
            return new RolloutReading.Recorded(space.record, space.lease.map(InMemoryLease::holder));
        } finally {
            space.lock.unlock();
        }
    }

    @Override
    public Lease acquire(RolloutHolder holder, Duration wait) {
        Objects.requireNonNull(holder, "holder");
        if (closed) {
            throw new DrainControlException("This in-memory rollout ledger handle is closed.");
        }
        InMemoryLease lease;
        space.lock.lock();
        try {
            long remaining = wait.toNanos();
            while (space.lease.isPresent()) {
                if (remaining <= 0) {
                    throw new RolloutBusyException(space.cluster, space.lease.map(InMemoryLease::holder));
                }
                try {
                    remaining = space.freed.awaitNanos(remaining);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new DrainControlException("Interrupted while waiting for the rollout lock.", e);
                }
            }
            lease = new InMemoryLease(this, holder);
            space.lease = Optional.of(lease);
        } finally {
            space.lock.unlock();
        }
        space.watchers.fire(Runnable::run);
        return lease;
    }

    /** @return zero: a lock whose holder went away is free at once */
    @Override
    public Duration deadHolderRelease() {
        return Duration.ZERO;
    }

    @Override
    public Subscription watch(Runnable onChange) {
        return space.watchers.add(Objects.requireNonNull(onChange, "onChange"), Runnable::run);
    }

    /** Ends this handle, and with it any lock it holds. Idempotent. */
    public void close() {
        closed = true;
        space.lock.lock();
        Optional<InMemoryLease> held;
        try {
            held = space.lease.filter(lease -> lease.owner == this);
        } finally {
            space.lock.unlock();
        }
        held.ifPresent(InMemoryLease::close);
    }

    @Override
    public String toString() {
        return "in-memory rollout ledger of " + space.cluster;
    }

    private static final class Space {
        final String cluster;
        final ReentrantLock lock = new ReentrantLock();
        final Condition freed = lock.newCondition();
        final ChangeFanout<Runnable> watchers = new ChangeFanout<>();
        Optional<Rollout> record = Optional.empty();
        Optional<InMemoryLease> lease = Optional.empty();

        Space(String cluster) {
            this.cluster = cluster;
        }
    }

    private final class InMemoryLease implements Lease {
        private final InMemoryRolloutLedger owner;
        private final RolloutHolder holder;
        private boolean released;

        InMemoryLease(InMemoryRolloutLedger owner, RolloutHolder holder) {
            this.owner = owner;
            this.holder = holder;
        }

        RolloutHolder holder() {
            return holder;
        }

        @Override
        public void record(Rollout rollout) {
            Objects.requireNonNull(rollout, "rollout");
            space.lock.lock();
            try {
                if (released) {
                    throw new DrainControlException("The rollout lock was released; the record is not this rollout's"
                            + " to write any more.");
                }
                space.record = Optional.of(rollout);
            } finally {
                space.lock.unlock();
            }
            space.watchers.fire(Runnable::run);
        }

        @Override
        public void close() {
            space.lock.lock();
            try {
                if (released) {
                    return;
                }
                released = true;
                space.lease = Optional.empty();
                space.freed.signalAll();
            } finally {
                space.lock.unlock();
            }
            space.watchers.fire(Runnable::run);
        }
    }
}
