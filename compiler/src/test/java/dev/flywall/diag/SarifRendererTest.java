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

class SarifRendererTest {

    private static final SarifRenderer SARIF = new SarifRenderer();

    private static JsonNode render(List<Diagnostic> diagnostics) throws Exception {
        return new ObjectMapper().readTree(SARIF.render(diagnostics, sources(CONFIG)));
    }

    @Test
    void emptyLogHasOneRunWithNoRulesOrResults() {
        assertThat(SARIF.render(List.of(), sources(CONFIG))).isEqualTo("""
                {
                  "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
                  "version": "2.1.0",
                  "runs": [
                    {
                      "tool": {
                        "driver": {
                          "name": "flywall",
                          "rules": []
                        }
                      },
                      "columnKind": "unicodeCodePoints",
                      "results": []
                    }
                  ]
                }
                """);
    }

    @Test
    void rulesAreTheCodesUsedInCodeOrder() throws Exception {
        Diagnostic missingEquals = Diagnostic.warning(Code.E0106, "Missing equals sign", "", null);
        JsonNode run = render(List.of(unknownUplink(), missingEquals, unknownUplink()))
                .get("runs")
                .get(0);
        JsonNode rules = run.get("tool").get("driver").get("rules");
        assertThat(rules).hasSize(2);
        assertThat(rules.get(0).get("id").asText()).isEqualTo("E0106");
        assertThat(rules.get(0).get("name").asText()).isEqualTo(Code.E0106.title());
        assertThat(rules.get(0).get("shortDescription").get("text").asText()).isEqualTo(Code.E0106.description());
        assertThat(rules.get(1).get("id").asText()).isEqualTo("E0203");
        JsonNode results = run.get("results");
        assertThat(results).hasSize(3);
        assertThat(results.get(0).get("ruleId").asText()).isEqualTo("E0203");
        assertThat(results.get(0).get("ruleIndex").asInt()).isEqualTo(1);
        assertThat(results.get(1).get("ruleId").asText()).isEqualTo("E0106");
        assertThat(results.get(1).get("ruleIndex").asInt()).isZero();
        assertThat(results.get(1).get("level").asText()).isEqualTo("warning");
    }

    @Test
    void resultCarriesLevelMessageAndRegion() throws Exception {
        Diagnostic diagnostic = new Diagnostic(
                Severity.ERROR,
                Code.E0203,
                "Unknown uplink",
                "No interface is named \"eht0\".",
                spanOf(CONFIG, "\"eht0\""),
                "here",
                List.of("did you mean \"eth0\"?"));
        JsonNode root = render(List.of(diagnostic));
        assertThat(root.get("$schema").asText()).isEqualTo(SarifRenderer.SCHEMA);
        assertThat(root.get("version").asText()).isEqualTo("2.1.0");
        assertThat(root.get("runs")).hasSize(1);
        JsonNode run = root.get("runs").get(0);
        assertThat(run.get("tool").get("driver").get("name").asText()).isEqualTo("flywall");
        assertThat(run.get("columnKind").asText()).isEqualTo("unicodeCodePoints");
        JsonNode result = run.get("results").get(0);
        assertThat(result.get("level").asText()).isEqualTo("error");
        assertThat(result.get("message").get("text").asText())
                .isEqualTo("Unknown uplink: No interface is named \"eht0\".\nhelp: did you mean \"eth0\"?");
        JsonNode location = result.get("locations").get(0).get("physicalLocation");
        assertThat(location.get("artifactLocation").get("uri").asText()).isEqualTo("config.hcl");
        JsonNode region = location.get("region");
        assertThat(region.get("startLine").asInt()).isEqualTo(14);
        assertThat(region.get("startColumn").asInt()).isEqualTo(12);
        assertThat(region.get("endLine").asInt()).isEqualTo(14);
        assertThat(region.get("endColumn").asInt()).isEqualTo(18);
    }

    @Test
    void messageIsTheSummaryAloneWithoutDetail() throws Exception {
        Diagnostic diagnostic = Diagnostic.error(Code.E0112, "Unexpected token", "  ", spanOf(CONFIG, "policy"));
        JsonNode result =
                render(List.of(diagnostic)).get("runs").get(0).get("results").get(0);
        assertThat(result.get("message").get("text").asText()).isEqualTo("Unexpected token");
    }

    @Test
    void multiLineSubjectRegionSpansItsLines() throws Exception {
        Diagnostic diagnostic =
                Diagnostic.error(Code.E0109, "Empty group", "", spanOf(CONFIG, "\"wan\" {\n  mode = \"failover\"\n}"));
        JsonNode region = render(List.of(diagnostic))
                .get("runs")
                .get(0)
                .get("results")
                .get(0)
                .get("locations")
                .get(0)
                .get("physicalLocation")
                .get("region");
        assertThat(region.get("startLine").asInt()).isEqualTo(10);
        assertThat(region.get("startColumn").asInt()).isEqualTo(14);
        assertThat(region.get("endLine").asInt()).isEqualTo(12);
        assertThat(region.get("endColumn").asInt()).isEqualTo(2);
    }

    @Test
    void noSubjectMeansNoLocations() throws Exception {
        Diagnostic diagnostic = Diagnostic.error(Code.E0001, "Cannot read file", "", null);
        JsonNode result =
                render(List.of(diagnostic)).get("runs").get(0).get("results").get(0);
        assertThat(result.has("locations")).isFalse();
        assertThat(result.get("ruleId").asText()).isEqualTo("E0001");
    }

    @Test
    void fileNamesBecomeRelativeUriReferences() throws Exception {
        SourceFile file = new SourceFile("my configs\\wän#1.hcl", "x = 1\n");
        Diagnostic diagnostic = Diagnostic.error(Code.E0112, "Unexpected token", "", file.span(0, 1));
        JsonNode root = new ObjectMapper().readTree(SARIF.render(List.of(diagnostic), sources(file)));
        JsonNode location =
                root.get("runs").get(0).get("results").get(0).get("locations").get(0);
        assertThat(location.get("physicalLocation")
                        .get("artifactLocation")
                        .get("uri")
                        .asText())
                .isEqualTo("my%20configs/w%C3%A4n%231.hcl");
        assertThat(SarifRenderer.uri("etc/flywall/a-b_c.~d.hcl")).isEqualTo("etc/flywall/a-b_c.~d.hcl");
    }
}
