package org.gatewaydrain.server;

/** The CLI's exit codes. */
final class ExitCodes {

    /** Done. */
    static final int OK = 0;
    /** Something failed; the message says what. */
    static final int FAILED = 1;
    /** The command line was wrong. */
    static final int USAGE = 2;
    /** {@code --wait} gave up at {@code --timeout}. */
    static final int TIMED_OUT = 3;
    /** A signal (Ctrl-C, SIGTERM, SIGHUP) ended the command while it waited. */
    static final int INTERRUPTED = 4;

    private ExitCodes() {
    }
}
