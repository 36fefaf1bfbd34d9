package org.gatewaydrain.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.stream.Stream;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.gatewaydrain.core.ChannelHealth;
import org.gatewaydrain.core.DrainControlException;
import org.gatewaydrain.core.DrainPolicy;
import org.gatewaydrain.core.DrainRequest;
import org.gatewaydrain.core.DrainSignal;
import org.gatewaydrain.core.DrainTarget;
import org.gatewaydrain.core.FleetReading;
import org.gatewaydrain.core.GatewayState;
import org.gatewaydrain.core.LocalHost;
import org.gatewaydrain.core.OnDeadline;
import org.gatewaydrain.core.RuntimeStatus;
import org.gatewaydrain.core.StaleReason;
import org.gatewaydrain.core.StatusReading;
import org.gatewaydrain.core.rollout.MaxDraining;
import org.gatewaydrain.core.rollout.Rollout;
import org.gatewaydrain.core.rollout.RolloutBusyException;
import org.gatewaydrain.core.rollout.RolloutHolder;
import org.gatewaydrain.core.spi.RolloutLedger;
import org.gatewaydrain.core.rollout.RolloutReading;
import org.gatewaydrain.core.spi.ChannelListener;
import org.gatewaydrain.core.spi.DrainControlChannel;
import org.gatewaydrain.core.spi.DrainTransport;
import org.gatewaydrain.core.spi.DrainTransportProvider;
import org.gatewaydrain.core.spi.Subscription;
import org.gatewaydrain.core.spi.TransportSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The behaviour every transport owes the runtime. A transport joins by subclassing this in
 * its own tests and handing out fresh backend state per test:
 *
 * <pre>{@code
 * class FileTransportCompatibilityTest extends TransportCompatibilityKit {
 *     @TempDir Path home;
 *
 *     protected TransportBackend newBackend() {
 *         return shared -> new FileTransportProvider().open(shared.home(home).build());
 *     }
 *
 *     protected String providerName() {
 *         return "file";
 *     }
 * }
 * }</pre>
 *
 * The kit opens one handle, {@link #transport}, before each test and more where a test needs
 * a second process's view; it closes them all. Time is a {@link MutableClock} the kit moves.
 */
public abstract class TransportCompatibilityKit {

    /** How long a pushed notice or a cross-handle change may take, unless {@link #noticeWait()} says otherwise. */
    protected static final Duration NOTICE = Duration.ofSeconds(10);

    private static final int THREADS = 8;
    private static final int OPERATIONS_PER_THREAD = 300;

    /** The kit's time; transports must take it from the settings, not from the system. */
    protected final MutableClock clock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.MICROS));

    /** The first handle, opened before each test with no maximum age. */
    protected DrainTransport transport;

    private final List<DrainTransport> handles = new ArrayList<>();
    private TransportBackend backend;

    /**
     * @return how long the kit waits for a pushed notice or a change made through another handle
     *     ({@link #NOTICE} by default); a transport that tells synchronously may shorten it
     */
    protected Duration noticeWait() {
        return NOTICE;
    }

    /** @return fresh, empty state for one test; closed by the kit */
    protected abstract TransportBackend newBackend() throws Exception;

    /** @return the name the transport's provider registers, checked through {@link ServiceLoader} */
    protected abstract String providerName();

    @BeforeEach
    void openFirstHandle() throws Exception {
        backend = newBackend();
        transport = open(Duration.ZERO);
    }

    @AfterEach
    void closeEverything() throws Exception {
        for (DrainTransport handle : handles) {
            handle.close();
        }
        backend.close();
    }

    /** The instance every handle is unless a test opens one {@linkplain #openAs as another}. */
    protected static final String KIT_INSTANCE = "kit-instance";

    /** The heartbeat every handle is opened with; a publisher silent for three of them is gone. */
    protected static final Duration HEARTBEAT = Duration.ofSeconds(5);

    /** No process has this pid (Linux caps pids far lower): a status naming it has no process to vouch for it. */
    protected static final long GONE_PID = 999_999_999L;

    /** @return a new handle on the test's state whose reads apply {@code maxAge}; closed by the kit */
    protected DrainTransport open(Duration maxAge) {
        // Every handle names the same instance: they are two processes working one gateway's channel.
        return open(maxAge, KIT_INSTANCE);
    }

    /** @return a new handle on the test's state, as instance {@code instanceId} of the fleet; closed by the kit */
    protected DrainTransport openAs(String instanceId) {
        return open(Duration.ZERO, instanceId);
    }

    private DrainTransport open(Duration maxAge, String instanceId) {
        DrainTransport handle = backend.open(TransportSettings.builder().clock(clock).maxAge(maxAge)
                .heartbeat(HEARTBEAT).instanceId(instanceId));
        handles.add(handle);
        return handle;
    }

    /** @return a new handle on the test's state, as another process would open it */
    protected DrainTransport openAnother() {
        return open(Duration.ZERO);
    }

    /** @return a request by {@code principal}, stamped with the kit's clock */
    protected DrainRequest requestBy(String principal) {
        return DrainRequest.of(principal, clock.instant());
    }

    /** @return a status as this process would publish it, stamped with the kit's clock */
    protected RuntimeStatus statusOfThisProcess(GatewayState state, int activeTurns) {
        ProcessHandle self = ProcessHandle.current();
        Instant started = self.info().startInstant().orElse(clock.instant()).truncatedTo(ChronoUnit.MICROS);
        return status(self.pid(), started, KIT_INSTANCE, state, activeTurns);
    }

    /** @return a status of instance {@code instanceId} published by a process that is gone, stamped with the kit's clock */
    protected RuntimeStatus statusOfAGoneProcess(String instanceId, GatewayState state) {
        return status(GONE_PID, clock.instant().minusSeconds(60), instanceId, state, 0);
    }

    private RuntimeStatus status(long pid, Instant started, String instanceId, GatewayState state, int activeTurns) {
        Optional<RuntimeStatus.Drain> drain = state == GatewayState.DRAINING
                ? Optional.of(new RuntimeStatus.Drain("kit", clock.instant(), Optional.of("compatibility kit"),
                        Optional.of(clock.instant().plusSeconds(600)), clock.instant(), Optional.empty(),
                        new DrainPolicy(Optional.of(clock.instant().plusSeconds(300)), OnDeadline.INTERRUPT,
                                Duration.ofSeconds(60)),
                        Optional.of(new RuntimeStatus.Grace(clock.instant().plusSeconds(60), 2)), Optional.empty()))
                : Optional.empty();
        return new RuntimeStatus(pid, RuntimeStatus.KIND_GATEWAY, instanceId, LocalHost.name(), started, state,
                activeTurns, drain, Optional.empty(), ChannelHealth.OK,
                state == GatewayState.STOPPED ? Optional.of("kit over") : Optional.empty(), clock.instant());
    }

    private DrainControlChannel channel() {
        return transport.channel();
    }

    @Nested
    class Provider {

        @Test
        void provider_isFoundByServiceLoaderUnderItsName_andDescribesItsKeys() {
            List<DrainTransportProvider> found = ServiceLoader.load(DrainTransportProvider.class).stream()
                    .map(ServiceLoader.Provider::get).filter(p -> p.name().equals(providerName())).toList();

            assertThat(found).as("providers named %s", providerName()).hasSize(1);
            assertThat(found.get(0).keys()).allSatisfy((key, description) -> {
                assertThat(key).isNotBlank().isLowerCase();
                assertThat(description).isNotBlank();
            });
        }
    }

    @Nested
    class Requests {

        @Test
        void nothingWritten_readsAbsent() {
            assertThat(channel().read()).isEqualTo(DrainSignal.ABSENT);
        }

        @Test
        void request_readsPresentWithPrincipalAndReason() {
            channel().request(requestBy("ops-alice").withReason("kernel patch"));

            assertThat(channel().read()).isInstanceOfSatisfying(DrainSignal.Present.class, present -> {
                assertThat(present.request().principal()).isEqualTo("ops-alice");
                assertThat(present.request().reason()).contains("kernel patch");
            });
        }

        @Test
        void requestAgain_refreshesRequestedAt() {
            Instant first = clock.instant();
            channel().request(DrainRequest.of("ops", first));
            channel().request(DrainRequest.of("ops", first.plusSeconds(1)));

            assertThat(channel().read()).isInstanceOfSatisfying(DrainSignal.Present.class,
                    present -> assertThat(present.request().requestedAt()).isEqualTo(first.plusSeconds(1)));
        }

        @Test
        void cancel_returnsTrueThenFalse_andLeavesNothing() {
            channel().request(requestBy("ops"));

            assertThat(channel().cancel()).isTrue();
            assertThat(channel().cancel()).isFalse();
            assertThat(channel().read()).isEqualTo(DrainSignal.ABSENT);
        }

        @Test
        void cancelOnNothing_isNoOp() {
            assertThat(channel().cancel()).isFalse();
            assertThat(channel().read()).isEqualTo(DrainSignal.ABSENT);
        }

        @Test
        void everyField_roundTrips_toTheMicrosecond() {
            channel().request(requestBy("probe"));
            // A transport may stamp its own epoch and judge requests by it; write one it accepts.
            String epoch = ((DrainSignal.Present) channel().read()).request().epoch().orElse("kit-epoch");
            DrainRequest full = new DrainRequest(clock.instant().truncatedTo(ChronoUnit.SECONDS).plusNanos(123_456_789), "ops-bob",
                    Optional.of("reason with \"quotes\", ünïcödé and a\nnewline"),
                    Optional.of(clock.instant().plus(Duration.ofDays(2)).plusNanos(987_654_000)), Optional.of(epoch), true,
                    // A deadline, its action and a session grace travel too (a plain drain to the reference's client).
                    new DrainPolicy(Optional.of(clock.instant().plus(Duration.ofMinutes(10)).plusNanos(555_000)),
                            OnDeadline.STOP, Duration.ofSeconds(120)));

            channel().request(full);

            assertThat(channel().read()).isInstanceOfSatisfying(DrainSignal.Present.class,
                    present -> assertThat(present.request()).isEqualTo(full));
            assertThat(full.requestedAt().getNano()).as("microseconds written").isEqualTo(123_456_000);
        }

        @Test
        void close_isIdempotent_andEndsOnlyThatHandle() {
            DrainTransport other = openAnother();
            AtomicInteger heardByClosed = new AtomicInteger();
            transport.channel().subscribe(heardByClosed::incrementAndGet, Runnable::run);

            assertThatCode(() -> {
                transport.close();
                transport.close();
            }).doesNotThrowAnyException();

            other.channel().request(requestBy("after close"));
            assertThat(other.channel().read()).isInstanceOf(DrainSignal.Present.class);
            assertThat(other.channel().cancel()).isTrue();
            assertThat(heardByClosed.get()).as("notices to the closed handle").isZero();
        }
    }

    @Nested
    class TwoHandles {

        @Test
        void aRequestWrittenThroughOneHandle_isReadThroughAnother_andSoIsACancel() {
            DrainTransport other = openAnother();

            channel().request(requestBy("writer").withReason("from handle one"));
            await().atMost(noticeWait()).until(() -> other.channel().read() instanceof DrainSignal.Present);
            assertThat(other.channel().read()).isInstanceOfSatisfying(DrainSignal.Present.class,
                    present -> assertThat(present.request().reason()).contains("from handle one"));

            assertThat(other.channel().cancel()).isTrue();
            await().atMost(noticeWait()).until(() -> channel().read().equals(DrainSignal.ABSENT));
        }

        @Test
        void aStatusPublishedThroughOneHandle_isReadThroughAnother() {
            DrainTransport other = openAnother();
            RuntimeStatus status = statusOfThisProcess(GatewayState.DRAINING, 2);

            transport.statusStore().publish(status);

            await().atMost(noticeWait()).until(() -> other.statusStore().read() instanceof StatusReading.Published);
            assertThat(other.statusStore().read()).isEqualTo(new StatusReading.Published(status, true));
        }
    }

    @Nested
    class Subscriptions {

        @Test
        void subscriber_isToldOfRequestAndCancel_onTheExecutorItGave() {
            ExecutorService executor = Executors.newSingleThreadExecutor(r -> new Thread(r, "kit-listener"));
            List<String> threads = new CopyOnWriteArrayList<>();
            try (Subscription ignored = channel().subscribe(() -> threads.add(Thread.currentThread().getName()), executor)) {
                channel().request(requestBy("ops"));
                await().atMost(noticeWait()).until(() -> !threads.isEmpty());
                int beforeCancel = threads.size();

                channel().cancel();

                await().atMost(noticeWait()).until(() -> threads.size() > beforeCancel);
                assertThat(threads).allMatch("kit-listener"::equals);
            } finally {
                executor.shutdownNow();
            }
        }

        @Test
        void subscriber_isToldOfAWriteThroughAnotherHandle() {
            DrainTransport other = openAnother();
            AtomicInteger notices = new AtomicInteger();
            try (Subscription ignored = channel().subscribe(notices::incrementAndGet, Runnable::run)) {
                other.channel().request(requestBy("elsewhere"));

                await().atMost(noticeWait()).until(() -> notices.get() > 0 && channel().read() instanceof DrainSignal.Present);
            }
        }

        @Test
        void throwingListener_staysSubscribed() {
            AtomicInteger calls = new AtomicInteger();
            ChannelListener throwing = () -> {
                calls.incrementAndGet();
                throw new IllegalStateException("listener failure the channel must survive");
            };
            try (Subscription ignored = channel().subscribe(throwing, Runnable::run)) {
                channel().request(requestBy("ops"));
                await().atMost(noticeWait()).until(() -> calls.get() > 0);
                int afterFirst = calls.get();

                channel().cancel();

                await().atMost(noticeWait()).until(() -> calls.get() > afterFirst);
            }
        }

        @Test
        void closedSubscription_hearsNothingMore() {
            AtomicInteger closedOne = new AtomicInteger();
            AtomicInteger probe = new AtomicInteger();
            Subscription closing = channel().subscribe(closedOne::incrementAndGet, Runnable::run);
            try (Subscription ignored = channel().subscribe(probe::incrementAndGet, Runnable::run)) {
                closing.close();

                channel().request(requestBy("ops"));
                await().atMost(noticeWait()).until(() -> probe.get() > 0);
                channel().cancel();
                await().atMost(noticeWait()).until(() -> probe.get() > 1);

                assertThat(closedOne.get()).isZero();
            }
        }

        @Test
        void closedHandle_hearsNothingMore() {
            DrainTransport writer = openAnother();
            DrainTransport closing = openAnother();
            AtomicInteger closedOne = new AtomicInteger();
            AtomicInteger probe = new AtomicInteger();
            closing.channel().subscribe(closedOne::incrementAndGet, Runnable::run);
            try (Subscription ignored = channel().subscribe(probe::incrementAndGet, Runnable::run)) {
                closing.close();

                writer.channel().request(requestBy("ops"));
                await().atMost(noticeWait()).until(() -> probe.get() > 0);
                writer.channel().cancel();
                await().atMost(noticeWait()).until(() -> probe.get() > 1);

                assertThat(closedOne.get()).isZero();
            }
        }
    }

    @Nested
    class Staleness {

        @Test
        void aRequestPastItsExpiry_readsStale_expired() {
            channel().request(requestBy("ops").withExpiresAt(clock.instant().plusSeconds(10)));
            assertThat(channel().read()).isInstanceOf(DrainSignal.Present.class);

            clock.advance(Duration.ofSeconds(11));

            assertThat(channel().read()).isInstanceOfSatisfying(DrainSignal.Stale.class, stale -> {
                assertThat(stale.why()).isEqualTo(StaleReason.EXPIRED);
                assertThat(stale.request().principal()).isEqualTo("ops");
            });
        }

        @Test
        void aRequestOlderThanTheMaximumAge_readsStale_untilItIsWrittenAgain() {
            DrainControlChannel hourLimit = open(Duration.ofHours(1)).channel();
            hourLimit.request(requestBy("ops"));
            assertThat(hourLimit.read()).isInstanceOf(DrainSignal.Present.class);

            clock.advance(Duration.ofMinutes(61));
            assertThat(hourLimit.read()).isInstanceOfSatisfying(DrainSignal.Stale.class,
                    stale -> assertThat(stale.why()).isEqualTo(StaleReason.MAX_AGE));

            hourLimit.request(requestBy("ops"));
            assertThat(hourLimit.read()).isInstanceOf(DrainSignal.Present.class);
        }
    }

    @Nested
    class Status {

        @Test
        void nothingPublished_readsAbsent() {
            assertThat(transport.statusStore().read()).isEqualTo(StatusReading.ABSENT);
        }

        @Test
        void aLivePublishersStatus_readsBackEqual_andLive() {
            RuntimeStatus status = statusOfThisProcess(GatewayState.RUNNING, 0);

            transport.statusStore().publish(status);

            assertThat(transport.statusStore().read()).isEqualTo(new StatusReading.Published(status, true));
        }

        @Test
        void aStoppedStatus_readsNotLive_withItsExitReason() {
            RuntimeStatus stopped = statusOfThisProcess(GatewayState.STOPPED, 0);

            transport.statusStore().publish(stopped);

            assertThat(transport.statusStore().read()).isEqualTo(new StatusReading.Published(stopped, false));
        }

        @Test
        void aStoreThatPushes_tellsItsSubscriberOfEachPublishThroughAnotherHandle_andNothingOnceClosed() {
            AtomicInteger heard = new AtomicInteger();
            Optional<Subscription> subscribed = transport.statusStore().subscribe(heard::incrementAndGet, Runnable::run);
            assumeTrue(subscribed.isPresent(), "the store cannot push changes");
            DrainTransport publisher = openAnother();
            try (Subscription subscription = subscribed.get()) {
                for (int beat = 1; beat <= 3; beat++) {
                    int before = heard.get();
                    RuntimeStatus status = statusOfThisProcess(GatewayState.RUNNING, beat);

                    publisher.statusStore().publish(status);

                    await().atMost(noticeWait()).until(() -> heard.get() > before
                            && transport.statusStore().read().equals(new StatusReading.Published(status, true)));
                }
                subscription.close();
                int afterClose = heard.get();
                publisher.statusStore().publish(statusOfThisProcess(GatewayState.DRAINING, 0));
                await().atMost(noticeWait()).until(() -> transport.statusStore().read().published()
                        .map(p -> p.status().state() == GatewayState.DRAINING).orElse(false));
                assertThat(heard.get()).as("notices after the subscription closed").isEqualTo(afterClose);
            }
        }

        @Test
        void aLaterPublish_replacesTheEarlierOne() {
            transport.statusStore().publish(statusOfThisProcess(GatewayState.RUNNING, 3));
            clock.advance(Duration.ofSeconds(1));
            RuntimeStatus later = statusOfThisProcess(GatewayState.DRAINING, 1);

            transport.statusStore().publish(later);

            assertThat(transport.statusStore().read()).isEqualTo(new StatusReading.Published(later, true));
        }
    }

    @Nested
    class Concurrency {

        @Test
        @Timeout(value = 120, unit = TimeUnit.SECONDS)
        void mixedRequestsCancelsAndReadsOnTwoHandles_neverTear_andEndOnALastWrite() throws Exception {
            DrainTransport other = openAnother();
            AtomicInteger sequence = new AtomicInteger();
            List<Write> writes = new CopyOnWriteArrayList<>();
            ExecutorService pool = Executors.newFixedThreadPool(THREADS);
            try {
                List<Future<Integer>> workers = new ArrayList<>();
                for (int t = 0; t < THREADS; t++) {
                    DrainControlChannel handle = (t % 2 == 0 ? transport : other).channel();
                    int worker = t;
                    workers.add(pool.submit(() -> runMixed(worker, handle, sequence, writes)));
                }
                int reads = 0;
                for (Future<Integer> worker : workers) {
                    reads += worker.get(110, TimeUnit.SECONDS);
                }
                assertThat(reads).as("reads performed").isPositive();
            } finally {
                pool.shutdownNow();
            }

            int lastStart = writes.stream().mapToInt(Write::start).max().orElseThrow();
            List<Optional<String>> possibleLast = writes.stream().filter(w -> w.end() > lastStart).map(Write::reason).toList();
            DrainSignal finalState = channel().read();
            Optional<String> finalReason = finalState instanceof DrainSignal.Present present
                    ? present.request().reason() : Optional.empty();
            assertThat(finalState).isInstanceOfAny(DrainSignal.Present.class, DrainSignal.Absent.class);
            assertThat(possibleLast).as("writes that may have taken effect last").contains(finalReason);
        }

        private int runMixed(int worker, DrainControlChannel handle, AtomicInteger sequence, List<Write> writes) {
            int reads = 0;
            for (int i = 0; i < OPERATIONS_PER_THREAD; i++) {
                int op = (i * 7 + worker * 3) % 5;
                if (op <= 1) {
                    String reason = "worker " + worker + " op " + i;
                    int start = sequence.incrementAndGet();
                    handle.request(requestBy("worker-" + worker).withReason(reason));
                    writes.add(new Write(start, sequence.incrementAndGet(), Optional.of(reason)));
                } else if (op == 2) {
                    int start = sequence.incrementAndGet();
                    handle.cancel();
                    writes.add(new Write(start, sequence.incrementAndGet(), Optional.empty()));
                } else {
                    DrainSignal signal = handle.read();
                    assertThat(signal).as("read during concurrent writes")
                            .isInstanceOfAny(DrainSignal.Absent.class, DrainSignal.Present.class);
                    reads++;
                }
            }
            return reads;
        }
    }

    /** A write and when it began and returned, in one global order; a cancel has no reason. */
    private record Write(int start, int end, Optional<String> reason) {
    }

    @Nested
    class Unreachable {

        @Test
        void anUnreachableBackend_readsUnknown_neverThrows_andWritesFailWithTheOneException() {
            assumeTrue(backend.makeUnreachable(), "the transport cannot make its backend unreachable here");

            await().atMost(noticeWait()).until(() -> channel().read() instanceof DrainSignal.Unknown);
            await().atMost(noticeWait()).until(() -> transport.statusStore().read() instanceof StatusReading.Unknown);
            assertThatThrownBy(() -> channel().request(requestBy("ops"))).isInstanceOf(DrainControlException.class);
            assertThatThrownBy(() -> transport.statusStore().publish(statusOfThisProcess(GatewayState.RUNNING, 0)))
                    .isInstanceOf(DrainControlException.class);
        }
    }

    /** What a broken writer or a hostile neighbour can leave where a request lives: none of it may read as no request. */
    static Stream<RawContent> corruptRequests() {
        return Stream.of(
                new RawContent("bytes that are not JSON", "{\"action\": \"dr"),
                new RawContent("bytes that are not UTF-8", new byte[] {'{', (byte) 0xff, (byte) 0xfe, '}'}),
                new RawContent("nothing at all", new byte[0]),
                new RawContent("a JSON array", "[\"drain\"]"),
                new RawContent("a JSON string", "\"drain\""),
                new RawContent("JSON null", "null"),
                new RawContent("another action", "{\"action\": \"resume\", \"principal\": \"ops\"}"),
                new RawContent("an oversized request (70 KiB)", "{\"action\": \"drain\", \"principal\": \"ops\", \"reason\": \""
                        + "x".repeat(70 * 1024) + "\"}"));
    }

    /** Bytes planted where a request lives, and what they are, for the test's name. */
    protected record RawContent(String what, byte[] bytes) {
        RawContent(String what, String text) {
            this(what, text.getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public String toString() {
            return what;
        }
    }

    private void plant(DrainTarget target, RawContent content) throws Exception {
        try {
            backend.plantRaw(target, content.bytes());
        } catch (TransportBackend.CannotHoldRawContent e) {
            assumeTrue(false, "this transport cannot hold raw content: " + e.getMessage());
        }
    }

    @Nested
    class CorruptContent {

        @ParameterizedTest(name = "{0}")
        @MethodSource("org.gatewaydrain.tck.TransportCompatibilityKit#corruptRequests")
        void corruptContentWhereTheRequestLives_readsUnreadable_neverAbsentOrPresent(RawContent content) throws Exception {
            plant(DrainTarget.OWN, content);

            assertThat(channel().read()).as("%s where the request lives", content).isInstanceOf(DrainSignal.Unreadable.class);
            await().atMost(noticeWait()).until(() -> openAnother().channel().read() instanceof DrainSignal.Unreadable);
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("org.gatewaydrain.tck.TransportCompatibilityKit#corruptRequests")
        void corruptContentWhereTheFleetsRequestLives_readsUnreadable(RawContent content) throws Exception {
            assumeTrue(channel().scopes().contains(DrainTarget.Scopes.FLEET), "the channel has no fleet request");
            plant(DrainTarget.FLEET, content);

            assertThat(channel().read()).as("%s where the fleet's request lives", content)
                    .isInstanceOf(DrainSignal.Unreadable.class);
        }

        @Test
        void aCancel_removesCorruptContent() throws Exception {
            plant(DrainTarget.OWN, corruptRequests().findFirst().orElseThrow());

            assertThat(channel().cancel()).as("something was there").isTrue();
            assertThat(channel().read()).isEqualTo(DrainSignal.ABSENT);
        }
    }

    @Nested
    class DeadPublisher {

        @Test
        void aPublisherThatGoesAwayWithoutSayingStopped_readsNotLiveOrAbsent() {
            DrainTransport publisher = openAnother();
            publisher.statusStore().publish(statusOfAGoneProcess(KIT_INSTANCE, GatewayState.DRAINING));
            await().atMost(noticeWait()).until(() -> transport.statusStore().read() instanceof StatusReading.Published);

            publisher.close();
            clock.advance(HEARTBEAT.multipliedBy(3).plusSeconds(1));

            await().atMost(noticeWait()).untilAsserted(() -> assertThat(transport.statusStore().read())
                    .as("a status nobody publishes any more, three heartbeats on")
                    .satisfiesAnyOf(
                            reading -> assertThat(reading).isEqualTo(StatusReading.ABSENT),
                            reading -> assertThat(reading).isInstanceOfSatisfying(StatusReading.Published.class,
                                    published -> assertThat(published.live()).as("live").isFalse())));
        }

        @Test
        void aPublisherThatKeepsPublishing_staysLive_howeverFarTheClockMoves() {
            DrainTransport publisher = openAnother();
            for (int beat = 0; beat < 5; beat++) {
                clock.advance(HEARTBEAT);
                RuntimeStatus status = statusOfAGoneProcess(KIT_INSTANCE, GatewayState.RUNNING);
                publisher.statusStore().publish(status);

                await().atMost(noticeWait()).until(() -> transport.statusStore().read().equals(
                        new StatusReading.Published(status, true)));
            }
        }
    }

    /** The part of the SPI only a fleet transport has: requests by scope, every instance's status, the rollout ledger. */
    @Nested
    class Fleet {

        private DrainTransport alpha;
        private DrainTransport beta;

        @BeforeEach
        void openTwoInstances() {
            assumeTrue(channel().scopes().containsAll(List.of(DrainTarget.Scopes.FLEET, DrainTarget.Scopes.INSTANCE)),
                    "the channel has no fleet and instance scopes");
            alpha = openAs("kit-alpha");
            beta = openAs("kit-beta");
        }

        private DrainSignal awaitRead(DrainTransport handle, Class<? extends DrainSignal> kind) {
            await().atMost(noticeWait()).until(() -> kind.isInstance(handle.channel().read()));
            return handle.channel().read();
        }

        @Test
        void aFleetRequest_drainsEveryInstance_underScopeFleet() {
            alpha.channel().request(requestBy("ops").withReason("the whole fleet"), DrainTarget.FLEET);

            for (DrainTransport instance : List.of(alpha, beta)) {
                assertThat(awaitRead(instance, DrainSignal.Present.class)).isInstanceOfSatisfying(DrainSignal.Present.class,
                        present -> {
                            assertThat(present.scope()).contains(DrainTarget.Scopes.FLEET);
                            assertThat(present.request().reason()).contains("the whole fleet");
                        });
            }
        }

        @Test
        void anInstanceRequest_drainsThatInstanceOnly_underScopeInstance() {
            alpha.channel().request(requestBy("ops").withReason("beta only"), new DrainTarget.Instance("kit-beta"));

            assertThat(awaitRead(beta, DrainSignal.Present.class)).isInstanceOfSatisfying(DrainSignal.Present.class,
                    present -> assertThat(present.scope()).contains(DrainTarget.Scopes.INSTANCE));
            assertThat(alpha.channel().read()).isEqualTo(DrainSignal.ABSENT);
        }

        @Test
        void aChannelsOwnRequest_isItsInstancesRequest() {
            alpha.channel().request(requestBy("ops"), new DrainTarget.Instance("kit-beta"));

            assertThat(beta.channel().cancel()).as("beta's own request is the one written for instance kit-beta").isTrue();
            assertThat(alpha.channel().cancel(new DrainTarget.Instance("kit-beta"))).isFalse();
        }

        @Test
        void aCancelByScope_removesThatRequestOnly() {
            alpha.channel().request(requestBy("ops").withReason("fleet"), DrainTarget.FLEET);
            alpha.channel().request(requestBy("ops").withReason("beta"), new DrainTarget.Instance("kit-beta"));

            assertThat(alpha.channel().cancel(DrainTarget.FLEET)).isTrue();

            await().atMost(noticeWait()).until(() -> alpha.channel().read().equals(DrainSignal.ABSENT));
            assertThat(beta.channel().read()).as("beta's own request stays").isInstanceOfSatisfying(
                    DrainSignal.Present.class, present -> assertThat(present.request().reason()).contains("beta"));
            assertThat(alpha.channel().cancel(new DrainTarget.Instance("kit-beta"))).isTrue();
            await().atMost(noticeWait()).until(() -> beta.channel().read().equals(DrainSignal.ABSENT));
            assertThat(alpha.channel().cancel(DrainTarget.FLEET)).isFalse();
        }

        @Test
        void readFleet_listsEachLivePublisherOnce_underItsOwnId_withItsLastStatus() {
            alpha.statusStore().publish(statusOfThisProcess(GatewayState.RUNNING, 1, "kit-alpha"));
            beta.statusStore().publish(statusOfThisProcess(GatewayState.RUNNING, 2, "kit-beta"));
            clock.advance(Duration.ofSeconds(1));
            RuntimeStatus alphaLast = statusOfThisProcess(GatewayState.DRAINING, 0, "kit-alpha");
            RuntimeStatus betaLast = statusOfThisProcess(GatewayState.RUNNING, 3, "kit-beta");
            alpha.statusStore().publish(alphaLast);
            beta.statusStore().publish(betaLast);

            await().atMost(noticeWait()).untilAsserted(() -> assertThat(transport.statusStore().readFleet())
                    .isInstanceOfSatisfying(FleetReading.Instances.class, fleet -> assertThat(fleet.instances())
                            .containsExactly(new StatusReading.Published(alphaLast, true),
                                    new StatusReading.Published(betaLast, true))));
        }
    }

    /** @return a status of instance {@code instanceId} as this process would publish it */
    private RuntimeStatus statusOfThisProcess(GatewayState state, int activeTurns, String instanceId) {
        RuntimeStatus mine = statusOfThisProcess(state, activeTurns);
        return status(mine.pid(), mine.startTime(), instanceId, state, activeTurns);
    }

    @Nested
    class OneRequestPerChannel {

        @Test
        void aChannelWithoutFleetScopes_refusesFleetAndInstanceTargets_andKeepsNoFleet() {
            assumeTrue(channel().scopes().isEmpty(), "the channel has scopes");

            assertThatThrownBy(() -> channel().request(requestBy("ops"), DrainTarget.FLEET))
                    .isInstanceOf(DrainControlException.class);
            assertThatThrownBy(() -> channel().cancel(new DrainTarget.Instance("other")))
                    .isInstanceOf(DrainControlException.class);
            assertThat(channel().read()).isEqualTo(DrainSignal.ABSENT);
            assertThat(transport.statusStore().readFleet()).isEqualTo(FleetReading.NOT_A_FLEET);
        }
    }

    /** The rollout ledger's lock and record, on a transport that offers one. */
    @Nested
    class Ledger {

        private RolloutLedger first;
        private RolloutLedger second;
        private DrainTransport secondHandle;

        @BeforeEach
        void openTwoLedgers() {
            assumeTrue(transport.rollouts().isPresent(), "the transport keeps no rollout ledger");
            first = transport.rollouts().orElseThrow();
            secondHandle = openAs("kit-second-cli");
            second = secondHandle.rollouts().orElseThrow();
        }

        private RolloutHolder holder(String rolloutId) {
            return new RolloutHolder(rolloutId, "kit", LocalHost.name(), ProcessHandle.current().pid(), clock.instant());
        }

        private Rollout rollout(String id) {
            return Rollout.start(id, "patch", "kit", MaxDraining.ONE, List.of("kit-alpha", "kit-beta"), clock.instant());
        }

        @Test
        void aSecondAcquire_isRefusedAtOnce_namingTheHolder_untilTheFirstReleases() {
            RolloutLedger.Lease lease = first.acquire(holder("r-one"), Duration.ZERO);

            assertThatThrownBy(() -> second.acquire(holder("r-two"), Duration.ZERO))
                    .isInstanceOfSatisfying(RolloutBusyException.class,
                            busy -> assertThat(busy.holder()).contains(holder("r-one")));
            assertThat(second.read()).isEqualTo(new RolloutReading.Recorded(Optional.empty(), Optional.of(holder("r-one"))));

            lease.close();
            assertThat(second.read()).isEqualTo(new RolloutReading.Recorded(Optional.empty(), Optional.empty()));
            second.acquire(holder("r-two"), Duration.ZERO).close();
        }

        @Test
        void theRecord_isReadBackWholeByAnotherHandle_andOutlivesTheLease() {
            Rollout rollout = rollout("r-rec").with("kit-alpha", Rollout.Step.DONE, "maintained", clock.instant());
            try (RolloutLedger.Lease lease = first.acquire(holder("r-rec"), Duration.ZERO)) {
                lease.record(rollout);

                assertThat(second.read()).isEqualTo(new RolloutReading.Recorded(Optional.of(rollout),
                        Optional.of(holder("r-rec"))));
            }
            assertThat(second.read()).isEqualTo(new RolloutReading.Recorded(Optional.of(rollout), Optional.empty()));
        }

        @Test
        void aReleasedLease_recordsNothingMore() {
            RolloutLedger.Lease lease = first.acquire(holder("r-late"), Duration.ZERO);
            lease.close();

            assertThatThrownBy(() -> lease.record(rollout("r-late"))).isInstanceOf(DrainControlException.class);
            assertThat(second.read()).isEqualTo(new RolloutReading.Recorded(Optional.empty(), Optional.empty()));
        }

        @Test
        void aLockWhoseHolderGoesAway_isFreeWithinTheDeadHolderRelease() {
            second.acquire(holder("r-crashed"), Duration.ZERO);

            secondHandle.close();

            first.acquire(holder("r-resumed"), second.deadHolderRelease().plus(noticeWait())).close();
        }

        @Test
        void watchers_hearOfARecordAndOfAReleasedLock_andNothingBefore() {
            RolloutLedger.Lease lease = first.acquire(holder("r-watched"), Duration.ZERO);
            AtomicInteger heard = new AtomicInteger();
            try (Subscription watching = second.watch(heard::incrementAndGet)) {
                assertThat(heard.get()).as("notices before anything changed").isZero();

                lease.record(rollout("r-watched"));
                await().atMost(noticeWait()).until(() -> heard.get() > 0);
                int afterRecord = heard.get();

                lease.close();
                await().atMost(noticeWait()).until(() -> heard.get() > afterRecord);
            }
        }
    }
}
