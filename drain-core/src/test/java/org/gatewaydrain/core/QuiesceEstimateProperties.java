package org.gatewaydrain.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/** The quiesce estimate against distributions whose answer is known. */
class QuiesceEstimateProperties {

    /** Any instant: the estimate compares only the instants it is given. */
    private static final Instant NOW = Instant.parse("2031-05-17T08:00:00Z");

    private static List<Instant> startedAgo(List<Integer> ages) {
        return ages.stream().map(age -> NOW.minusSeconds(age)).toList();
    }

    @Property(tries = 200)
    void whenEveryTurnTakesD_eachEndsDAfterItsStart_andTheLatestIsTheEstimate(
            @ForAll @IntRange(min = 1, max = 600) int d, @ForAll @Size(min = 1, max = 20) List<@IntRange(min = 0, max = 599) Integer> ages,
            @ForAll @IntRange(min = 1, max = 50) int history) {
        List<Integer> younger = ages.stream().map(age -> age % d).toList();
        List<Duration> durations = Collections.nCopies(history, Duration.ofSeconds(d));

        Optional<Instant> estimate = QuiesceEstimate.of(NOW, startedAgo(younger), durations);

        int youngest = Collections.min(younger);
        assertThat(estimate).contains(NOW.minusSeconds(youngest).plusSeconds(d));
    }

    @Property(tries = 200)
    void withDurationsOneToAHundredSeconds_aTurnOfAgeAExpectsTheMedianOfTheLongerOnes(
            @ForAll @IntRange(min = 1, max = 100) int age) {
        List<Duration> uniform = new ArrayList<>(IntStream.rangeClosed(1, 100).mapToObj(Duration::ofSeconds).toList());
        Collections.shuffle(uniform);

        Optional<Instant> estimate = QuiesceEstimate.of(NOW, List.of(NOW.minusSeconds(age)), uniform);

        // The durations of at least `age` are age..100; their (lower) median is age + (100 - age) / 2.
        assertThat(estimate).contains(NOW.minusSeconds(age).plusSeconds(age + (100 - age) / 2));
    }

    @Property(tries = 200)
    void anotherTurnInFlight_neverMakesTheEstimateEarlier(
            @ForAll @Size(min = 1, max = 10) List<@IntRange(min = 0, max = 100) Integer> ages,
            @ForAll @IntRange(min = 0, max = 100) int another,
            @ForAll @Size(min = 1, max = 30) List<@IntRange(min = 1, max = 200) Integer> seconds) {
        List<Duration> durations = seconds.stream().map(Duration::ofSeconds).toList();
        List<Integer> more = new ArrayList<>(ages);
        more.add(another);

        Optional<Instant> before = QuiesceEstimate.of(NOW, startedAgo(ages), durations);
        Optional<Instant> after = QuiesceEstimate.of(NOW, startedAgo(more), durations);

        if (before.isPresent() && after.isPresent()) {
            assertThat(after.get()).isAfterOrEqualTo(before.get());
        }
        if (before.isEmpty()) {
            assertThat(after).as("a turn nothing in the history is as long as stays unjudged").isEmpty();
        }
        after.ifPresent(end -> assertThat(end).isAfterOrEqualTo(NOW));
    }

    @Test
    void withoutHistory_orATurnLongerThanAnyRecorded_thereIsNoEstimate_andWithNothingInFlightItIsNow() {
        assertThat(QuiesceEstimate.of(NOW, List.of(NOW.minusSeconds(1)), List.of())).isEmpty();
        assertThat(QuiesceEstimate.of(NOW, List.of(NOW.minusSeconds(61)), List.of(Duration.ofSeconds(60)))).isEmpty();
        assertThat(QuiesceEstimate.of(NOW, List.of(), List.of())).contains(NOW);
    }
}
