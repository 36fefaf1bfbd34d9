package org.gatewaydrain.core;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * This host's name as statuses show it and default instance ids use it. Read once, without a
 * DNS lookup where the kernel can tell ({@code /proc/sys/kernel/hostname}). Thread-safe.
 */
public final class LocalHost {

    private static final String NAME = lookUp();

    private LocalHost() {
    }

    /** @return this host's name, {@code localhost} when nothing can tell */
    public static String name() {
        return NAME;
    }

    private static String lookUp() {
        try {
            String kernel = Files.readString(Path.of("/proc/sys/kernel/hostname"), StandardCharsets.UTF_8).strip();
            if (!kernel.isEmpty()) {
                return kernel;
            }
        } catch (IOException | RuntimeException e) {
            // Not Linux: ask the resolver instead.
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException | RuntimeException e) {
            return "localhost";
        }
    }
}
