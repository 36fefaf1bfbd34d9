package org.gatewaydrain.core.spi;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class ChangeFanoutTest {

    private final ChangeFanout<Consumer<String>> fanout = new ChangeFanout<>();

    @Test
    void everyListenerIsTold_andOneThatThrowsIsCountedAndStays() {
        List<String> heard = new ArrayList<>();
        fanout.add(news -> {
            throw new IllegalStateException("listener failure");
        }, Runnable::run);
        fanout.add(heard::add, Runnable::run);

        fanout.fire(listener -> listener.accept("one"));
        fanout.fire(listener -> listener.accept("two"));

        assertThat(heard).containsExactly("one", "two");
        assertThat(fanout.failures()).isEqualTo(2);
    }

    @Test
    void aRefusingExecutor_isCounted_andOthersAreStillTold() {
        List<String> heard = new ArrayList<>();
        fanout.add(heard::add, task -> {
            throw new RejectedExecutionException("shut down");
        });
        fanout.add(heard::add, Runnable::run);

        fanout.fire(listener -> listener.accept("news"));

        assertThat(heard).containsExactly("news");
        assertThat(fanout.failures()).isEqualTo(1);
    }

    @Test
    void aClosedSubscription_isNotTold_evenOfANoticeAlreadyQueued() {
        List<Runnable> queued = new ArrayList<>();
        Executor later = queued::add;
        List<String> heard = new ArrayList<>();
        Subscription subscription = fanout.add(heard::add, later);

        fanout.fire(listener -> listener.accept("queued before close"));
        subscription.close();
        queued.forEach(Runnable::run);
        fanout.fire(listener -> listener.accept("after close"));

        assertThat(heard).isEmpty();
        assertThat(queued).hasSize(1);
        assertThat(fanout.isEmpty()).isTrue();
    }

    @Test
    void clear_silencesEveryone() {
        List<String> heard = new ArrayList<>();
        fanout.add(heard::add, Runnable::run);

        fanout.clear();
        fanout.fire(listener -> listener.accept("news"));

        assertThat(heard).isEmpty();
    }
}
