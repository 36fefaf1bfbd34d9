package org.gatewaydrain.bench;

import java.nio.file.Path;

/**
 * What one bench run is asked to do.
 *
 * @param runs how many times each figure is measured (JMH forks, harness runs)
 * @param quick a smoke pass: tiny counts, no forks, figures that only show the harness works
 * @param root the repository, where {@code ./gateway} is
 * @param work a folder for homes and logs
 */
record BenchSettings(int runs, boolean quick, Path root, Path work) {

    BenchSettings {
        if (runs < 1) {
            throw new IllegalArgumentException("runs must be at least 1");
        }
        root = root.toAbsolutePath().normalize();
        work = work.toAbsolutePath().normalize();
    }

    /** @return {@code full} normally, {@code quick} in a smoke pass */
    int pick(int full, int quick) {
        return this.quick ? quick : full;
    }

    Path launcher() {
        return root.resolve("gateway");
    }
}
