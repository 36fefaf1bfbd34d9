package org.gatewaydrain.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SlotsTest {

    private final Slots slots = new Slots("event streams", 3, 2);

    @Test
    void aPrincipalGetsItsShare_thenA429WithRetryAfter() {
        slots.acquire("alice");
        slots.acquire("alice");

        assertThatThrownBy(() -> slots.acquire("alice")).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.status()).isEqualTo(429);
            assertThat(e.headers()).containsKey("Retry-After");
            assertThat(e.getMessage()).contains("This token already holds 2 open event streams");
        });
    }

    @Test
    void everyoneTogether_getsTheTotal() {
        slots.acquire("alice");
        slots.acquire("bob");
        slots.acquire("carol");

        assertThatThrownBy(() -> slots.acquire("dave")).isInstanceOfSatisfying(ApiException.class,
                e -> assertThat(e.getMessage()).contains("The server already holds 3"));
    }

    @Test
    void closingASlot_freesIt_once() {
        Slots.Slot first = slots.acquire("alice");
        slots.acquire("alice");

        first.close();
        first.close();

        slots.acquire("alice");
        assertThat(slots.used()).isEqualTo(2);
        assertThatThrownBy(() -> slots.acquire("alice")).isInstanceOf(ApiException.class);
    }
}
