package org.gatewaydrain.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SafeTextTest {

    @Test
    void controlCharactersAndLineBreaks_areEscaped() {
        assertThat(SafeText.escape("a\nb\rc\u0000d\u2028e\\f\u001b[2J")).isEqualTo("a\\u000ab\\u000dc\\u0000d\\u2028e\\u005cf\\u001b[2J");
    }

    @Test
    void directionOverrides_areEscaped_soATerminalShowsTheTextInItsOrder() {
        assertThat(SafeText.escape("ops\u202egnp.exe\u2066x\u2069")).isEqualTo("ops\\u202egnp.exe\\u2066x\\u2069");
    }

    @Test
    void longValues_areCut_andNullIsADash() {
        assertThat(SafeText.escape("x".repeat(1000))).hasSize(201).endsWith("…");
        assertThat(SafeText.escape(null)).isEqualTo("-");
        assertThat(SafeText.escape("plain ops-alice ünïcode")).isEqualTo("plain ops-alice ünïcode");
    }
}
