package l2l.tensor.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class JsonTest {

    @Test
    void parsesNestedValues() {
        Object value = Json.parse("{\"kind\": \"lstm_cell\", \"shape\": [2, 3], \"tolerance\": {\"abs\": 1e-9},"
                + " \"ok\": true, \"none\": null, \"name\": \"a\\\"b\\u00e9\"}");

        assertThat(value).isInstanceOf(Map.class);
        Map<?, ?> map = (Map<?, ?>) value;
        assertThat(map.get("kind")).isEqualTo("lstm_cell");
        assertThat(map.get("shape")).isEqualTo(List.of(2L, 3L));
        assertThat(((Map<?, ?>) map.get("tolerance")).get("abs")).isEqualTo(1e-9);
        assertThat(map.get("ok")).isEqualTo(Boolean.TRUE);
        assertThat(map.containsKey("none")).isTrue();
        assertThat(map.get("none")).isNull();
        assertThat(map.get("name")).isEqualTo("a\"b\u00e9");
    }

    @Test
    void integersBecomeLongsAndOthersDoubles() {
        assertThat(Json.parse("42")).isEqualTo(42L);
        assertThat(Json.parse("-0.5")).isEqualTo(-0.5);
        assertThat(Json.parse("2E3")).isEqualTo(2000.0);
        assertThat(Json.parse("123456789012345678901234")).isEqualTo(1.2345678901234568E23);
    }

    @Test
    void doublesRoundTripExactly() {
        double[] values = {0.1, -1.0 / 3.0, 1e-300, 6.02214076e23, 4.9e-324, 0.0, 12345.0};
        List<?> parsed = (List<?>) Json.parse(Json.write(values));

        for (int i = 0; i < values.length; i++) {
            assertThat(((Number) parsed.get(i)).doubleValue()).isEqualTo(values[i]);
        }
    }

    @Test
    void writesPrettyObjects() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("train", List.of("Greek/character01", "Latin/character02"));
        map.put("seed", 1234);

        assertThat(Json.writePretty(map)).isEqualTo(
                "{\n  \"train\": [\"Greek/character01\", \"Latin/character02\"],\n  \"seed\": 1234\n}");
        assertThat(Json.parse(Json.writePretty(map))).isEqualTo(Map.of("train",
                List.of("Greek/character01", "Latin/character02"), "seed", 1234L));
    }

    @Test
    void writeRejectsNan() {
        assertThatThrownBy(() -> Json.write(List.of(Double.NaN)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("JSON cannot represent the number NaN");
    }

    @Test
    void errorsNameLineAndColumn() {
        assertThatThrownBy(() -> Json.parse("{\n  \"a\": [1, 2,]\n}"))
                .isInstanceOf(JsonParseException.class)
                .hasMessage("Invalid JSON at line 2, column 14: unexpected character ']', expected a value");
    }

    @Test
    void rejectsTrailingText() {
        assertThatThrownBy(() -> Json.parse("{} x"))
                .isInstanceOf(JsonParseException.class)
                .hasMessageContaining("unexpected text after the JSON value");
    }

    @Test
    void rejectsDuplicateKeys() {
        assertThatThrownBy(() -> Json.parse("{\"a\": 1, \"a\": 2}"))
                .isInstanceOf(JsonParseException.class)
                .hasMessageContaining("duplicate key \"a\"");
    }

    @Test
    void rejectsTruncatedInput() {
        assertThatThrownBy(() -> Json.parse("[1, 2"))
                .isInstanceOf(JsonParseException.class)
                .hasMessageContaining("unexpected end of input");
        assertThatThrownBy(() -> Json.parse("\"abc"))
                .isInstanceOf(JsonParseException.class)
                .hasMessageContaining("closing '\"'");
    }

    @Test
    void rejectsLeadingZerosAndBareWords() {
        assertThatThrownBy(() -> Json.parse("[01]")).isInstanceOf(JsonParseException.class);
        assertThatThrownBy(() -> Json.parse("nul")).isInstanceOf(JsonParseException.class);
        assertThatThrownBy(() -> Json.parse("NaN")).isInstanceOf(JsonParseException.class);
    }

    @Test
    void parsedCollectionsAreUnmodifiable() {
        List<?> list = (List<?>) Json.parse("[1]");

        assertThatThrownBy(() -> list.remove(0)).isInstanceOf(UnsupportedOperationException.class);
    }
}
