package dev.flywall.diag;

import static dev.flywall.diag.DiagnosticFixtures.CONFIG;
import static dev.flywall.diag.DiagnosticFixtures.sources;
import static dev.flywall.diag.DiagnosticFixtures.spanOf;
import static dev.flywall.diag.DiagnosticFixtures.unknownUplink;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flywall.source.SourceFile;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonRendererTest {

    private static final JsonRenderer JSON = new JsonRenderer();

    private static JsonNode parse(String text) throws Exception {
        return new ObjectMapper().readTree(text);
    }

    @Test
    void rendersTheTerraformShapeExactly() {
        assertThat(JSON.render(List.of(unknownUplink()), sources(CONFIG))).isEqualTo("""
                {
                  "format_version": "1.0",
                  "valid": false,
                  "error_count": 1,
                  "warning_count": 0,
                  "diagnostics": [
                    {
                      "severity": "error",
                      "code": "E0203",
                      "summary": "unknown uplink \\"eht0\\"",
                      "detail": "",
                      "range": {
                        "filename": "config.hcl",
                        "start": {
                          "line": 14,
                          "column": 12,
                          "byte": 161
                        },
                        "end": {
                          "line": 14,
                          "column": 18,
                          "byte": 167
                        }
                      },
                      "snippet": {
                        "context": null,
                        "code": "  uplink = \\"eht0\\"",
                        "start_line": 14,
                        "highlight_start_offset": 11,
                        "highlight_end_offset": 17
                      },
                      "label": "no interface or uplink_group is named \\"eht0\\"",
                      "hints": [
                        "did you mean \\"eth0\\"?"
                      ]
                    }
                  ]
                }
                """);
    }

    @Test
    void noDiagnosticsIsValid() {
        assertThat(JSON.render(List.of(), sources(CONFIG))).isEqualTo("""
                {
                  "format_version": "1.0",
                  "valid": true,
                  "error_count": 0,
                  "warning_count": 0,
                  "diagnostics": []
                }
                """);
    }

    @Test
    void warningsAloneAreValid() throws Exception {
        Diagnostic warning =
                Diagnostic.warning(Code.E0116, "Duplicate argument", "Remove one.", spanOf(CONFIG, "zone", 1));
        JsonNode root = parse(JSON.render(List.of(warning, warning), sources(CONFIG)));
        assertThat(root.get("valid").asBoolean()).isTrue();
        assertThat(root.get("error_count").asInt()).isZero();
        assertThat(root.get("warning_count").asInt()).isEqualTo(2);
        JsonNode first = root.get("diagnostics").get(0);
        assertThat(first.get("severity").asText()).isEqualTo("warning");
        assertThat(first.get("detail").asText()).isEqualTo("Remove one.");
        assertThat(first.get("label").asText()).isEmpty();
        assertThat(first.get("hints").isArray()).isTrue();
        assertThat(first.get("hints")).isEmpty();
    }

    @Test
    void noSubjectMeansNoRangeOrSnippet() throws Exception {
        Diagnostic diagnostic = Diagnostic.error(Code.E0001, "Cannot read file", "It does not exist.", null);
        JsonNode item = parse(JSON.render(List.of(diagnostic), sources(CONFIG)))
                .get("diagnostics")
                .get(0);
        assertThat(item.has("range")).isFalse();
        assertThat(item.has("snippet")).isFalse();
        assertThat(fieldNames(item)).containsExactly("severity", "code", "summary", "detail", "label", "hints");
    }

    @Test
    void unknownSourceKeepsTheRangeButHasNoSnippet() throws Exception {
        JsonNode item = parse(JSON.render(List.of(unknownUplink()), name -> null))
                .get("diagnostics")
                .get(0);
        assertThat(item.get("range").get("filename").asText()).isEqualTo("config.hcl");
        assertThat(item.has("snippet")).isFalse();
    }

    @Test
    void multiLineSubjectSnippetIsItsFirstLine() throws Exception {
        Diagnostic diagnostic =
                Diagnostic.error(Code.E0109, "Empty group", "", spanOf(CONFIG, "\"wan\" {\n  mode = \"failover\"\n}"));
        JsonNode item = parse(JSON.render(List.of(diagnostic), sources(CONFIG)))
                .get("diagnostics")
                .get(0);
        assertThat(item.get("range").get("start").get("line").asInt()).isEqualTo(10);
        assertThat(item.get("range").get("end").get("line").asInt()).isEqualTo(12);
        assertThat(item.get("range").get("end").get("column").asInt()).isEqualTo(2);
        JsonNode snippet = item.get("snippet");
        assertThat(snippet.get("code").asText()).isEqualTo("uplink_group \"wan\" {");
        assertThat(snippet.get("start_line").asInt()).isEqualTo(10);
        assertThat(snippet.get("highlight_start_offset").asInt()).isEqualTo(13);
        assertThat(snippet.get("highlight_end_offset").asInt()).isEqualTo(20);
        assertThat(snippet.get("context").isNull()).isTrue();
    }

    @Test
    void columnsAndOffsetsCountCodePointsAndBytesCountUtf8() throws Exception {
        SourceFile file = new SourceFile("u.hcl", "a = \"wän😀\"\tb = 1\n");
        Diagnostic diagnostic = Diagnostic.error(Code.E0112, "Unexpected token", "", spanOf(file, "b"));
        JsonNode item = parse(JSON.render(List.of(diagnostic), sources(file)))
                .get("diagnostics")
                .get(0);
        JsonNode start = item.get("range").get("start");
        // a, space, =, space, ", w, ä, n, 😀, ", tab: 11 code points; ä is 2 bytes and 😀 is 4
        assertThat(start.get("column").asInt()).isEqualTo(12);
        assertThat(start.get("byte").asInt()).isEqualTo(15);
        assertThat(item.get("range").get("end").get("column").asInt()).isEqualTo(13);
        assertThat(item.get("snippet").get("code").asText()).isEqualTo("a = \"wän😀\"\tb = 1");
        assertThat(item.get("snippet").get("highlight_start_offset").asInt()).isEqualTo(11);
        assertThat(item.get("snippet").get("highlight_end_offset").asInt()).isEqualTo(12);
    }

    @Test
    void fieldOrderIsFixed() throws Exception {
        JsonNode root = parse(JSON.render(List.of(unknownUplink()), sources(CONFIG)));
        assertThat(fieldNames(root))
                .containsExactly("format_version", "valid", "error_count", "warning_count", "diagnostics");
        assertThat(fieldNames(root.get("diagnostics").get(0)))
                .containsExactly("severity", "code", "summary", "detail", "range", "snippet", "label", "hints");
        assertThat(fieldNames(root.get("diagnostics").get(0).get("snippet")))
                .containsExactly("context", "code", "start_line", "highlight_start_offset", "highlight_end_offset");
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
