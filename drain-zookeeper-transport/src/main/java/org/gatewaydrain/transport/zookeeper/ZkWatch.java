package org.gatewaydrain.transport.zookeeper;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.recipes.watch.PersistentWatcher;
import org.apache.curator.framework.state.ConnectionState;
import org.apache.curator.framework.state.ConnectionStateListener;
import org.apache.zookeeper.Watcher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Word that something under a node changed, from one persistent recursive watch (Curator's
 * {@link PersistentWatcher}): it holds no copy of the nodes, so however many a ZooKeeper client
 * writes under the node, a watching process keeps none of them. Re-registered by Curator after
 * a reconnection, which is word too (what changed meanwhile was not heard), and so, for a reader
 * that must look again, is any change of the connection. Thread-safe.
 */
final class ZkWatch implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ZkWatch.class);

    private final CuratorFramework client;
    private final PersistentWatcher watcher;
    private final ConnectionStateListener connection;
    private final CountDownLatch registered = new CountDownLatch(1);
    private final AtomicBoolean reconnected = new AtomicBoolean();

    /**
     * @param relevant which changed paths are word (a node's own, say)
     * @param connectionIsWord whether a change of the connection is word as well
     * @param changed told on ZooKeeper's event thread; must not block
     */
    ZkWatch(CuratorFramework client, String root, Predicate<String> relevant, boolean connectionIsWord, Runnable changed) {
        this.client = client;
        this.watcher = new PersistentWatcher(client, root, true);
        watcher.getListenable().addListener(event -> {
            if (event.getType() != Watcher.Event.EventType.None && event.getPath() != null
                    && relevant.test(event.getPath())) {
                changed.run();
            }
        });
        watcher.getResetListenable().addListener(() -> {
            registered.countDown();
            if (reconnected.getAndSet(false)) {
                changed.run(); // registered again after a reconnection: what changed meanwhile was not heard
            }
        });
        // The first connection is no change; a lost, suspended or regained one is (reads answer differently).
        this.connection = (source, state) -> {
            if (state == ConnectionState.RECONNECTED) {
                reconnected.set(true);
            }
            if (connectionIsWord && state != ConnectionState.CONNECTED && state != ConnectionState.READ_ONLY) {
                changed.run();
            }
        };
        client.getConnectionStateListenable().addListener(connection);
        watcher.start();
    }

    /** Blocks up to {@code wait} until the watch is registered: changes made after that are heard. */
    void awaitRegistered(Duration wait) {
        try {
            if (!registered.await(wait.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("The watch is not registered with ZooKeeper within {}; changes are heard once it is", wait);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        client.getConnectionStateListenable().removeListener(connection);
        watcher.close();
    }
}
