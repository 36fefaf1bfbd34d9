package org.gatewaydrain.server;

import java.io.PrintWriter;
import java.util.function.Supplier;

/**
 * While a command waits, a signal (Ctrl-C, SIGTERM, SIGHUP) ends the process with
 * {@link ExitCodes#INTERRUPTED} after saying what was left behind, instead of the JVM's
 * own code. Closing it restores the default.
 */
final class SignalExit implements AutoCloseable {

    private final Thread hook;

    private SignalExit(Thread hook) {
        this.hook = hook;
    }

    /** @param leftBehind what the command leaves in place if it is interrupted now */
    static SignalExit during(PrintWriter err, String leftBehind) {
        return during(err, () -> leftBehind);
    }

    /**
     * @param cleanUp undoes what is to be undone before exiting (ending a child, withdrawing a
     *     drain) and says what is left in place, as a sentence
     */
    static SignalExit during(PrintWriter err, Supplier<String> cleanUp) {
        Thread hook = new Thread(() -> {
            String leftBehind = "the clean-up failed; look at the gateway's status.";
            try {
                leftBehind = cleanUp.get();
            } finally {
                err.println("gateway: interrupted; " + leftBehind);
                err.flush();
                Runtime.getRuntime().halt(ExitCodes.INTERRUPTED);
            }
        }, "gateway-interrupted");
        Runtime.getRuntime().addShutdownHook(hook);
        return new SignalExit(hook);
    }

    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // The hook is running or about to: it decides the exit code.
        }
    }
}
