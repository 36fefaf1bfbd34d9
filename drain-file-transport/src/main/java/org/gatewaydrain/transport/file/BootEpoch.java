package org.gatewaydrain.transport.file;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The identity of this host boot, {@code "<boot_id>:<pid1 start time>"}, exactly as the
 * reference gateway computes it: the Linux boot id changes on a reboot and PID 1's start
 * time on a container restart. A marker stamped with another epoch survived a restart of
 * the host and is stale. Empty where neither is readable, which disables the check.
 */
final class BootEpoch {

    private static final Path BOOT_ID = Path.of("/proc/sys/kernel/random/boot_id");
    private static final Path PID1_STAT = Path.of("/proc/1/stat");
    /** Field 22 of /proc/PID/stat, counted after the ")" that ends the command name. */
    private static final int START_TIME_INDEX_AFTER_COMM = 19;

    private static final String CURRENT = compute(BOOT_ID, PID1_STAT);

    private BootEpoch() {
    }

    /** @return this host boot's epoch, computed once; empty when unknown */
    static String current() {
        return CURRENT;
    }

    static String compute(Path bootIdFile, Path pid1StatFile) {
        String bootId = readOrEmpty(bootIdFile);
        String pid1Start = startTime(readOrEmpty(pid1StatFile));
        return bootId.isEmpty() && pid1Start.isEmpty() ? "" : bootId + ":" + pid1Start;
    }

    private static String startTime(String stat) {
        int endOfComm = stat.lastIndexOf(')');
        if (endOfComm < 0) {
            return "";
        }
        String[] fields = stat.substring(endOfComm + 1).trim().split("\\s+");
        return fields.length > START_TIME_INDEX_AFTER_COMM ? fields[START_TIME_INDEX_AFTER_COMM] : "";
    }

    private static String readOrEmpty(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8).strip();
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }
}
