package org.gatewaydrain.core.rollout;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The disruption budget of a rollout: how many instances may be drained at once, counting
 * instances drained by anyone else. A count ({@code 2}) or a share of the live fleet
 * ({@code 25%}, rounded down but never below one, so a rollout can always move).
 *
 * @param value the count, or the percentage when {@code percent}
 * @param percent whether {@code value} is a percentage of the live fleet
 */
public record MaxDraining(int value, boolean percent) {

    private static final Pattern TEXT = Pattern.compile("([0-9]{1,9})(%?)");

    /** One at a time, the default. */
    public static final MaxDraining ONE = new MaxDraining(1, false);

    /** @throws IllegalArgumentException for a count below 1 or a share outside 1–100 % */
    public MaxDraining {
        if (value < 1 || (percent && value > 100)) {
            throw new IllegalArgumentException(percent
                    ? "a budget of " + value + "% is not a share of the fleet; use 1% to 100%"
                    : "a budget of " + value + " would never drain anything; use 1 or more");
        }
    }

    /**
     * @param text {@code N} or {@code P%}
     * @return the budget
     * @throws IllegalArgumentException saying what the budget may be
     */
    public static MaxDraining parse(String text) {
        Matcher m = TEXT.matcher(text.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a budget; use a count such as 2 or a share such"
                    + " as 25%");
        }
        return new MaxDraining(Integer.parseInt(m.group(1)), !m.group(2).isEmpty());
    }

    /**
     * @param liveInstances how many instances of the fleet are live
     * @return how many may be drained at once: at least 1
     */
    public int limit(int liveInstances) {
        if (!percent) {
            return value;
        }
        return Math.max(1, (int) ((long) liveInstances * value / 100));
    }

    @Override
    public String toString() {
        return value + (percent ? "%" : "");
    }
}
