package org.gatewaydrain.client;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;

/**
 * Runs a maintenance command for the engines: the real one runs {@code sh -c} with the output
 * passed through ({@link ShellCommandRunner}); tests hand a fake. Implementations are thread-safe.
 */
public interface CommandRunner {

    /**
     * Starts {@code command} with {@code environment} added to what the runner passes on.
     *
     * @throws IOException if it cannot be started
     */
    Running start(String command, Map<String, String> environment) throws IOException;

    /** A command that runs. */
    interface Running {

        /**
         * Blocks until the command ends.
         *
         * @return its exit code
         * @throws InterruptedException if the waiting thread is interrupted (the command runs on)
         */
        int waitFor() throws InterruptedException;

        /**
         * Ends the command and whatever it started: asks it to stop, and forces it after
         * {@code grace}. Blocks until it has ended, or a bounded while after forcing.
         */
        void stop(Duration grace);
    }
}
