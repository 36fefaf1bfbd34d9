package org.gatewaydrain.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HostNameTest {

    @ParameterizedTest
    @ValueSource(strings = {"gw-1", "gw-1.example.org", "10.0.0.7", "a", "x1-y2.z3", "EXAMPLE.COM"})
    void hostNames_areValid(String name) {
        assertThat(HostName.isValid(name)).as(name).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "-oProxyCommand=touch pwned", "gw_1", "gw 1", "gw-", "a..b", ".a", "a.", "h;reboot",
            "$(id)", "h\\nx", "::1", "ünï"})
    void anythingElse_isNot(String name) {
        assertThat(HostName.isValid(name)).as(name).isFalse();
    }

    @org.junit.jupiter.api.Test
    void overlongNamesAndLabels_areNot() {
        assertThat(HostName.isValid("a".repeat(64))).isFalse();
        assertThat(HostName.isValid(("a".repeat(60) + ".").repeat(5) + "a")).isFalse();
        assertThat(HostName.isValid("a".repeat(63))).isTrue();
    }
}
