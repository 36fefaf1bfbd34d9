package org.gatewaydrain.server;

import java.io.PrintWriter;

/**
 * Where a command's lines go: what it reports on standard output, what went wrong (and what
 * it leaves behind) on standard error, each line flushed at once so a terminal or a log sees
 * it when it happens. Thread-safe (a {@link PrintWriter} is).
 */
record Lines(PrintWriter out, PrintWriter err) {

    /** Reports {@code line}. */
    void say(String line) {
        out.println(line);
        out.flush();
    }

    /** Reports a failure: {@code gateway: <sentence>} on standard error. */
    void fail(String sentence) {
        err.println("gateway: " + sentence);
        err.flush();
    }

    /** @return lines that start with {@code prefix}, for one of several parallel tasks */
    Lines prefixed(String prefix) {
        return new Lines(LinePrefixWriter.prefixed(out, prefix), LinePrefixWriter.prefixed(err, prefix));
    }
}
