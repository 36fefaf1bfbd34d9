package org.gatewaydrain.client.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * The client's small JSON codec against Jackson: what either writes, the other reads to the same
 * value; text Jackson refuses, it refuses too; and what no JSON is, it refuses with a reason.
 */
class JsonTextProperties {

    private static final ObjectMapper JACKSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.USE_LONG_FOR_INTS)
            .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    @Property(tries = 200)
    void whatItWrites_jacksonReadsTheSame_andSoDoesIt(@ForAll("values") Object value) throws JsonProcessingException {
        String compact = JsonText.write(value);
        String pretty = JsonText.writePretty(value);

        assertThat(JACKSON.readValue(compact, Object.class)).isEqualTo(value);
        assertThat(JsonText.parse(compact)).isEqualTo(value);
        assertThat(JsonText.parse(pretty)).isEqualTo(value);
    }

    @Property(tries = 200)
    void whatJacksonWrites_itReadsTheSame(@ForAll("values") Object value) throws JsonProcessingException {
        assertThat(JsonText.parse(JACKSON.writeValueAsString(value))).isEqualTo(value);
    }

    @Property(tries = 1000)
    void textJacksonRefuses_itRefusesToo_andTextJacksonReads_itReadsAlike(@ForAll("nearlyJson") String text) {
        Object jackson;
        try {
            jackson = JACKSON.readValue(text, Object.class);
        } catch (JsonProcessingException refused) {
            assertThatThrownBy(() -> JsonText.parse(text)).as("%s", text).isInstanceOf(IllegalArgumentException.class);
            return;
        }
        assertThat(JsonText.parse(text)).as("%s", text).isEqualTo(jackson);
    }

    @Test
    void nestingDeeperThanTheBound_isRefused_notAStackOverflow() {
        String deep = "[".repeat(100_000) + "]".repeat(100_000);

        assertThatThrownBy(() -> JsonText.parse(deep)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("nesting");
    }

    @Test
    void anObjectIsTold_fromOtherValues() {
        StringBuilder why = new StringBuilder();
        assertThat(JsonText.parseObject("[1]", why)).isEmpty();
        assertThat(why.toString()).contains("not an object");
        assertThat(JsonText.parseObject("{\"a\": 1}", new StringBuilder())).contains(Map.of("a", 1L));
    }

    @Provide
    Arbitrary<Object> values() {
        Arbitrary<Object> leaf = Arbitraries.oneOf(
                Arbitraries.strings().all().ofMaxLength(12).map(s -> (Object) s),
                Arbitraries.longs().map(l -> (Object) l),
                Arbitraries.of(true, false).map(b -> (Object) b),
                Arbitraries.doubles().between(-1e9, 1e9).filter(d -> d != Math.rint(d)).map(d -> (Object) d));
        return Arbitraries.recursive(() -> leaf, this::container, 3);
    }

    private Arbitrary<Object> container(Arbitrary<Object> inner) {
        Arbitrary<Object> list = inner.list().ofMaxSize(4).map(l -> (Object) List.copyOf(l));
        Arbitrary<Object> map = Arbitraries.maps(Arbitraries.strings().alpha().ofMaxLength(6), inner).ofMaxSize(4)
                .map(m -> (Object) new LinkedHashMap<>(m));
        return Arbitraries.oneOf(list, map);
    }

    @Provide
    Arbitrary<String> nearlyJson() {
        Arbitrary<String> valid = values().map(JsonText::write);
        return Arbitraries.oneOf(valid, Arbitraries.strings().withChars("{}[]\",:0123456789.-+eEtrufalsn \\/u").ofMaxLength(16),
                valid.flatMap(text -> Arbitraries.integers().between(0, Math.max(0, text.length() - 1))
                        .flatMap(at -> Arbitraries.of('{', '}', '[', ']', '"', ',', ':', '\\', 'x', ' ', '0')
                                .map(c -> text.isEmpty() ? text : text.substring(0, at) + c + text.substring(at + 1)))));
    }
}
