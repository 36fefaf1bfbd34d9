package org.gatewaydrain.transport.memory;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.gatewaydrain.core.DrainRequest;
import org.gatewaydrain.core.DrainTarget;
import org.gatewaydrain.core.FleetReading;
import org.gatewaydrain.core.GatewayState;
import org.gatewaydrain.core.RuntimeStatus;
import org.gatewaydrain.core.StatusReading;
import org.gatewaydrain.core.rollout.Rollout;
import org.gatewaydrain.core.rollout.RolloutBusyException;
import org.gatewaydrain.core.rollout.RolloutHolder;
import org.gatewaydrain.core.spi.RolloutLedger;
import org.gatewaydrain.core.spi.DrainControlChannel;
import org.gatewaydrain.core.spi.DrainTransport;
import org.gatewaydrain.core.spi.RuntimeStatusStore;
import org.gatewaydrain.core.spi.Subscription;
import org.gatewaydrain.core.spi.TransportSettings;
import org.gatewaydrain.tck.ForwardingChannel;
import org.gatewaydrain.tck.ForwardingRolloutLedger;
import org.gatewaydrain.tck.ForwardingStatusStore;
import org.gatewaydrain.tck.ForwardingTransport;
import org.gatewaydrain.tck.TransportBackend;
import org.gatewaydrain.tck.TransportCompatibilityKit;
import org.junit.jupiter.api.condition.EnabledIf;

/**
 * The kit on the memory transport with one {@link Bug} planted, for {@link KitCatchesBrokenTransportsTest};
 * runs only there (inside {@link org.gatewaydrain.tck.KitRun}), never on its own.
 */
@EnabledIf("planted")
class BrokenMemoryKit extends TransportCompatibilityKit {

    static volatile Bug bug;

    static boolean planted() {
        return bug != null;
    }

    @Override
    protected TransportBackend newBackend() {
        return new BrokenBackend(bug);
    }

    @Override
    protected String providerName() {
        return "memory";
    }

    @Override
    protected Duration noticeWait() {
        // The memory transport tells and shows changes synchronously: a check that waits, waits for a bug.
        return Duration.ofSeconds(1);
    }

    /** One bug in one part of the transport. */
    enum Bug {
        NONE, LIVE_FOREVER, INSTANCE_DRAINS_EVERYONE, FLEET_DRAINS_THE_WRITER_ONLY, CANCEL_REMOVES_EVERYTHING,
        FLEET_LISTS_EVERY_PUBLISH, TWO_HOLD_THE_LOCK, LOCK_OUTLIVES_ITS_HOLDER, DEAF_WATCHERS
    }

    private static final class BrokenBackend extends MemoryTransportCompatibilityTest.MemoryBackend {
        private final Bug bug;
        /** Every status any handle published, for the bug that lists them all. */
        private final List<RuntimeStatus> everyPublish = new CopyOnWriteArrayList<>();
        /** Every target any handle wrote a request for, for the bug that cancels them all. */
        private final Set<DrainTarget> everyTarget = ConcurrentHashMap.newKeySet();

        BrokenBackend(Bug bug) {
            this.bug = bug;
        }

        @Override
        public DrainTransport open(TransportSettings.Builder shared) {
            DrainTransport faithful = super.open(shared);
            return new ForwardingTransport(faithful) {
                @Override
                protected DrainControlChannel wrap(DrainControlChannel original) {
                    return brokenChannel(original);
                }

                @Override
                protected RuntimeStatusStore wrap(RuntimeStatusStore original) {
                    return brokenStore(original);
                }

                @Override
                protected RolloutLedger wrap(RolloutLedger original) {
                    return brokenLedger(original);
                }

                @Override
                public void close() {
                    if (bug == Bug.LOCK_OUTLIVES_ITS_HOLDER) {
                        // Ends the channel and the store but leaves the lock held, as a lock not tied to a session would.
                        faithful.channel().close();
                        faithful.statusStore().close();
                    } else {
                        super.close();
                    }
                }
            };
        }

        private DrainControlChannel brokenChannel(DrainControlChannel original) {
            return new ForwardingChannel(original) {
                @Override
                public void request(DrainRequest request, DrainTarget target) {
                    everyTarget.add(target);
                    if (bug == Bug.INSTANCE_DRAINS_EVERYONE && target instanceof DrainTarget.Instance) {
                        super.request(request, DrainTarget.FLEET);
                    } else if (bug == Bug.FLEET_DRAINS_THE_WRITER_ONLY && target instanceof DrainTarget.Fleet) {
                        super.request(request, DrainTarget.OWN);
                    } else {
                        super.request(request, target);
                    }
                }

                @Override
                public boolean cancel(DrainTarget target) {
                    if (bug != Bug.CANCEL_REMOVES_EVERYTHING) {
                        return super.cancel(target);
                    }
                    // Removes the whole tree of requests, as a recursive delete of the parent node would.
                    boolean wasThere = super.cancel(target);
                    for (DrainTarget written : everyTarget) {
                        wasThere |= super.cancel(written);
                    }
                    return wasThere;
                }
            };
        }

        private RuntimeStatusStore brokenStore(RuntimeStatusStore original) {
            return new ForwardingStatusStore(original) {
                @Override
                public void publish(RuntimeStatus status) {
                    super.publish(status);
                    everyPublish.add(status);
                }

                @Override
                public StatusReading read() {
                    StatusReading reading = super.read();
                    if (bug == Bug.LIVE_FOREVER && reading instanceof StatusReading.Published published) {
                        return new StatusReading.Published(published.status(),
                                published.status().state() != GatewayState.STOPPED);
                    }
                    return reading;
                }

                @Override
                public FleetReading readFleet() {
                    if (bug == Bug.FLEET_LISTS_EVERY_PUBLISH) {
                        return new FleetReading.Instances(everyPublish.stream()
                                .map(status -> new StatusReading.Published(status, true)).toList());
                    }
                    return super.readFleet();
                }
            };
        }

        private RolloutLedger brokenLedger(RolloutLedger original) {
            return new ForwardingRolloutLedger(original) {
                @Override
                public Lease acquire(RolloutHolder holder, Duration wait) {
                    try {
                        return super.acquire(holder, wait);
                    } catch (RolloutBusyException busy) {
                        if (bug != Bug.TWO_HOLD_THE_LOCK) {
                            throw busy;
                        }
                        return new Lease() {
                            @Override
                            public void record(Rollout rollout) {
                            }

                            @Override
                            public void close() {
                            }
                        };
                    }
                }

                @Override
                public Subscription watch(Runnable onChange) {
                    return bug == Bug.DEAF_WATCHERS ? () -> { } : super.watch(onChange);
                }
            };
        }
    }
}
