package org.gatewaydrain.server;

import java.io.PrintWriter;
import java.io.Writer;

/**
 * Writes whole lines to a shared writer, each starting with a prefix: several instances'
 * windows of one rollout print through one terminal without cutting into each other's lines.
 * Thread-safe.
 */
final class LinePrefixWriter extends Writer {

    private final PrintWriter target;
    private final String prefix;
    private final StringBuilder line = new StringBuilder();

    private LinePrefixWriter(PrintWriter target, String prefix) {
        this.target = target;
        this.prefix = prefix;
    }

    /** @return a print writer whose lines go to {@code target} behind {@code prefix} */
    static PrintWriter prefixed(PrintWriter target, String prefix) {
        return new PrintWriter(new LinePrefixWriter(target, prefix), true);
    }

    @Override
    public synchronized void write(char[] chars, int offset, int length) {
        for (int i = offset; i < offset + length; i++) {
            char c = chars[i];
            if (c == '\r') {
                continue;
            }
            if (c == '\n') {
                emit();
            } else {
                line.append(c);
            }
        }
    }

    private void emit() {
        synchronized (target) {
            target.println(prefix + line);
            target.flush();
        }
        line.setLength(0);
    }

    @Override
    public synchronized void flush() {
        target.flush();
    }

    @Override
    public synchronized void close() {
        if (line.length() > 0) {
            emit();
        }
    }
}
