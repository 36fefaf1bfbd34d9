package org.gatewaydrain.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * One figure measured in several runs: its median and its spread (lowest and highest).
 *
 * @param median the median over the runs
 * @param min the lowest run
 * @param max the highest run
 * @param runs how many runs
 */
record Spread(double median, double min, double max, int runs) {

    static Spread of(List<Double> values) {
        if (values.isEmpty()) {
            throw new IllegalArgumentException("no values");
        }
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        double median = n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
        return new Spread(median, sorted.get(0), sorted.get(n - 1), n);
    }

    /** @return e.g. {@code 1.23 (0.98–1.40)} */
    String format(int decimals) {
        String pattern = "%." + decimals + "f";
        String median = String.format(Locale.ROOT, pattern, this.median);
        return runs == 1 ? median : median + " (" + String.format(Locale.ROOT, pattern, min) + "–"
                + String.format(Locale.ROOT, pattern, max) + ")";
    }
}
