package org.gatewaydrain.core.spi;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Named daemon threads for transports and the layers above: they never keep a JVM alive that
 * is shutting down, and a thread dump says whose they are.
 */
public final class DaemonThreads {

    private DaemonThreads() {
    }

    /**
     * @param name the thread name; a {@code %d} in it is replaced by a per-factory counter
     * @return a factory of daemon threads so named
     */
    public static ThreadFactory named(String name) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, name.contains("%d")
                    ? name.replace("%d", String.valueOf(count.getAndIncrement())) : name);
            thread.setDaemon(true);
            return thread;
        };
    }

    /** Starts {@code body} on a new daemon thread called {@code name}. */
    public static Thread start(String name, Runnable body) {
        Thread thread = named(name).newThread(body);
        thread.start();
        return thread;
    }
}
