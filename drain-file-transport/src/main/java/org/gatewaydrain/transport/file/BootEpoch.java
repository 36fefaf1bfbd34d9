package org.gatewaydrain.transport.file;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.gatewaydrain.core.WireNames;
import org.gatewaydrain.core.spi.Staleness;

/**
 * The identity of this host boot, {@code "<boot_id>:<pid1 start time>"}, exactly as the
 * reference gateway computes it: the Linux boot id changes on a reboot and PID 1's start
 * time on a container restart. Empty where neither is readable, which disables the check.
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

    /**
     * @param here this side's epoch; empty disables the check
     * @param scope how much of the epoch must match
     * @return the check a file channel applies to a request's epoch
     */
    static Staleness.EpochCheck check(String here, Scope scope) {
        return written -> {
            if (here.isEmpty() || scope.part(written).equals(scope.part(here))) {
                return Optional.empty();
            }
            return Optional.of(scope.mismatch + " (epoch " + written + ", here " + here + ")");
        };
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

    /** {@code drain.epoch_scope}: how much of two epochs must match for a request to apply. */
    enum Scope {
        /** The boot id only: a drain written from another container on this host is honoured. */
        HOST("written during another host boot"),
        /** The whole epoch, as the reference compares it: another container's drain is stale. */
        INSTANCE("written by another host boot or container instance");

        private final String mismatch;

        Scope(String mismatch) {
            this.mismatch = mismatch;
        }

        String part(String epoch) {
            if (this == INSTANCE) {
                return epoch;
            }
            int colon = epoch.indexOf(':');
            return colon < 0 ? epoch : epoch.substring(0, colon);
        }

        String wireName() {
            return WireNames.of(this);
        }

        /** @throws IllegalArgumentException naming the choices */
        static Scope fromWireName(String name) {
            return WireNames.parse(Scope.class, name).orElseThrow(() -> new IllegalArgumentException("'" + name
                    + "' is not an epoch scope; use host or instance"));
        }
    }
}
