package org.gatewaydrain.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LogTextTest {

    @Test
    void controlCharactersAndLineBreaks_areEscaped() {
        assertThat(LogText.escape("a\nb\rc\u0000d\u2028e\\f")).isEqualTo("a\\u000ab\\u000dc\\u0000d\\u2028e\\u005cf");
    }

    @Test
    void longValues_areCut_andNullIsADash() {
        assertThat(LogText.escape("x".repeat(1000))).hasSize(201).endsWith("…");
        assertThat(LogText.escape(null)).isEqualTo("-");
        assertThat(LogText.escape("plain ops-alice")).isEqualTo("plain ops-alice");
    }
}
