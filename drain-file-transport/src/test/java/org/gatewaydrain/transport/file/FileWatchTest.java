package org.gatewaydrain.transport.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.gatewaydrain.core.DrainRequest;
import org.gatewaydrain.core.spi.Subscription;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileWatchTest {

    private static final Duration NOTICE = Duration.ofSeconds(10);

    @TempDir
    Path home;

    private FileDrainChannelImpl channel(FileWatch.WatchServiceFactory watchServices) {
        return (FileDrainChannelImpl) FileDrainChannel.builder().home(home).epoch("")
                .pollInterval(Duration.ofMillis(50)).watchServices(watchServices).build();
    }

    @Test
    void onLinux_changesArePushedByTheOsWatcher() {
        try (FileDrainChannelImpl channel = channel(FileWatch.WatchServiceFactory.NATIVE)) {
            AtomicInteger notices = new AtomicInteger();
            try (Subscription ignored = channel.subscribe(notices::incrementAndGet, Runnable::run)) {
                assertThat(channel.watch().pushing()).isTrue();
                channel.request(DrainRequest.of("ops", Instant.now()));
                await().atMost(NOTICE).until(() -> notices.get() > 0);
            }
        }
    }

    @Test
    void whenNoWatcherCanBeRegistered_pollingStillDeliversChanges() {
        FileWatch.WatchServiceFactory refusing = folder -> {
            throw new IOException("inotify watch limit reached");
        };
        try (FileDrainChannelImpl channel = channel(refusing)) {
            AtomicInteger notices = new AtomicInteger();
            try (Subscription ignored = channel.subscribe(notices::incrementAndGet, Runnable::run)) {
                assertThat(channel.watch().pushing()).isFalse();
                channel.request(DrainRequest.of("ops", Instant.now()));
                await().atMost(NOTICE).until(() -> notices.get() > 0);
                int afterRequest = notices.get();
                channel.cancel();
                await().atMost(NOTICE).until(() -> notices.get() > afterRequest);
            }
        }
    }

    @Test
    void closedSubscription_isNotToldAgain() {
        try (FileDrainChannelImpl channel = channel(FileWatch.WatchServiceFactory.NATIVE)) {
            AtomicInteger closedOne = new AtomicInteger();
            AtomicInteger openOne = new AtomicInteger();
            Subscription closing = channel.subscribe(closedOne::incrementAndGet, Runnable::run);
            try (Subscription ignored = channel.subscribe(openOne::incrementAndGet, Runnable::run)) {
                closing.close();
                channel.request(DrainRequest.of("ops", Instant.now()));
                await().atMost(NOTICE).until(() -> openOne.get() > 0);
                assertThat(closedOne.get()).isZero();
            }
        }
    }

    @Test
    void throwingListener_isCountedAndOthersAreStillTold() {
        try (FileDrainChannelImpl channel = channel(FileWatch.WatchServiceFactory.NATIVE)) {
            AtomicInteger told = new AtomicInteger();
            try (Subscription first = channel.subscribe(() -> {
                throw new IllegalStateException("boom");
            }, Runnable::run); Subscription second = channel.subscribe(told::incrementAndGet, Runnable::run)) {
                channel.request(DrainRequest.of("ops", Instant.now()));
                await().atMost(NOTICE).until(() -> told.get() > 0);
                assertThat(channel.watch().listenerFailures()).isPositive();
            }
        }
    }

    @Test
    void homeFolderRemovedAndRecreated_isStillHeardByPolling() throws IOException {
        try (FileDrainChannelImpl channel = channel(FileWatch.WatchServiceFactory.NATIVE)) {
            AtomicInteger notices = new AtomicInteger();
            try (Subscription ignored = channel.subscribe(notices::incrementAndGet, Runnable::run)) {
                Files.delete(home);
                await().atMost(NOTICE).until(() -> !channel.watch().pushing());
                Files.createDirectory(home);
                int before = notices.get();
                channel.request(DrainRequest.of("ops", Instant.now()));
                await().atMost(NOTICE).until(() -> notices.get() > before);
            }
        }
    }
}
