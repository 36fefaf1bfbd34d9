package org.gatewaydrain.runtime;

import com.google.common.util.concurrent.ThreadFactoryBuilder;
import java.util.concurrent.ThreadFactory;

/** The runtime's own threads are named daemons: they never keep a JVM alive that is shutting down. */
final class DaemonThreads {

    private DaemonThreads() {
    }

    static ThreadFactory named(String name) {
        return new ThreadFactoryBuilder().setNameFormat(name).setDaemon(true).build();
    }
}
