package dev.flywall.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link JsonTree} makes the tree {@code ObjectMapper.readTree} makes, node types included. */
class JsonTreeTest {

    private static final ObjectMapper JACKSON = new ObjectMapper();

    @Test
    void sameTreeAsObjectMapper() throws Exception {
        for (String json : List.of(
                "{}",
                "[]",
                "\"text\"",
                "42",
                "null",
                "{\"a\":1,\"b\":[true,false,null,\"x\",1.5,-7],\"c\":{\"d\":{\"e\":[[],[{}]]}}}",
                "{\"int\":2147483647,\"long\":2147483648,\"big\":123456789012345678901234567890,"
                        + "\"neg\":-9223372036854775808,\"float\":1e3,\"tiny\":4.9e-324}",
                "{\"dup\":1,\"dup\":2}",
                "[{\"uplinks\":[{\"name\":\"eth0\",\"rtt_ms\":12.4,\"state\":\"up\"}]}]",
                " {\"spaces\" : [ 1 , 2 ] } ")) {
            assertThat(JsonTree.parse(json)).as(json).isEqualTo(JACKSON.readTree(json));
            assertThat(JsonTree.parse(json).toString())
                    .as(json)
                    .isEqualTo(JACKSON.readTree(json).toString());
        }
    }

    @Test
    void refusesWhatIsNotOneDocument() {
        for (String json : List.of("", "{", "[1,", "{\"a\":}", "{} {}", "nope", "[1]]")) {
            assertThatThrownBy(() -> JsonTree.parse(json)).as(json).isInstanceOf(IOException.class);
        }
    }
}
