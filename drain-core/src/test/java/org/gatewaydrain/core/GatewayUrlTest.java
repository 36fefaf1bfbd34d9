package org.gatewaydrain.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GatewayUrlTest {

    @ParameterizedTest
    @ValueSource(strings = {"http://127.0.0.1:8080", "https://gw-1.example.org:443", "http://[::1]:18080",
            "http://localhost:1", "http://[fe80::1]:65535"})
    void theShape_isRead(String text) {
        assertThat(GatewayUrl.parse(text)).contains(URI.create(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "ftp://h:21", "http://h", "http://h:0", "http://h:70000", "http://u:p@h:1", "http://h:1/",
            "http://h:1/api", "http://h:1?q", "http://h:1#f", "http://-h:1", "http://h_1:8", "http://h:1 ", "http://h:1;rm",
            "http://$(id):1", "//h:1", "mailto:x@y", "http://a..b:1"})
    void anythingElse_isNot(String text) {
        assertThat(GatewayUrl.parse(text)).as(text).isEmpty();
    }

    @Test
    void aLongName_isNot() {
        assertThat(GatewayUrl.parse("http://" + "a".repeat(GatewayUrl.MAX_LENGTH) + ":1")).isEmpty();
    }

    @Test
    void theUrlOfABinding_namesTheHostForEveryAddress_andBracketsIpv6() {
        assertThat(GatewayUrl.of("127.0.0.1", "box", 8080)).contains(URI.create("http://127.0.0.1:8080"));
        assertThat(GatewayUrl.of("0.0.0.0", "box", 8080)).contains(URI.create("http://box:8080"));
        assertThat(GatewayUrl.of("::", "box", 8080)).contains(URI.create("http://box:8080"));
        assertThat(GatewayUrl.of("::1", "box", 18080)).contains(URI.create("http://[::1]:18080"));
        assertThat(GatewayUrl.of("0.0.0.0", "bad_host", 1)).isEmpty();
    }
}
