package dev.flywall;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

/** The layout of the JSON artifacts (watchdog.json, secrets): only the separator differs from Jackson's default. */
class CompilerJsonTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Test
    void keysAreFollowedByColonSpaceAndStringValuesAreLeftAsTheyAre() {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("description", "key\" : value");
        root.putArray("list").add("a \" : b").add(1);
        root.putObject("nested").put("x\" : y", true);
        root.putObject("empty");
        root.putArray("none");

        assertThat(Compiler.json(root)).isEqualTo("""
                {
                  "description": "key\\" : value",
                  "list": [
                    "a \\" : b",
                    1
                  ],
                  "nested": {
                    "x\\" : y": true
                  },
                  "empty": { },
                  "none": [ ]
                }
                """);
    }
}
