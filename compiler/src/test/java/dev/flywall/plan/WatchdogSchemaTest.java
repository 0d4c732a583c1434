package dev.flywall.plan;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.flywall.Compiler;
import dev.flywall.source.SourceFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every example's watchdog.json conforms to docs/watchdog.schema.json, and secrets stay references. */
class WatchdogSchemaTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    static JsonSchema schema() throws IOException {
        JsonNode schema = JSON.readTree(Files.readString(Path.of("..", "docs", "watchdog.schema.json")));
        return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(schema);
    }

    static Stream<Path> examples() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("..", "examples"))) {
            return files.filter(p -> p.toString().endsWith(".hcl")).sorted().toList().stream();
        }
    }

    private static Compiler.Artifacts compile(String name, String text) {
        return Compiler.compile(List.of(new SourceFile(name, text)), Map.of())
                .artifacts()
                .orElseThrow();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void conformsToTheSchema(Path example) throws IOException {
        String watchdog = compile(example.getFileName().toString(), Files.readString(example))
                .watchdogJson();
        Set<ValidationMessage> problems = schema().validate(JSON.readTree(watchdog));
        assertThat(problems).isEmpty();
    }

    @Test
    void theSchemaRejectsAPlaintextSecret() throws IOException {
        JsonNode bad = JSON.readTree("{\"schema_version\":1}");
        assertThat(schema().validate(bad)).isNotEmpty();
        String text = """
                interface "eth0" {
                  zone = "WAN"
                  dhcp = true
                  wan {}
                }
                uplink_group "default" {
                  member "eth0" {}
                }
                notifications {
                  email {
                    smtp     = "smtp.example.com:587"
                    to       = ["ops@example.com"]
                    password = "hunter2"
                  }
                }
                api {
                  token = env("FLYWALL_TOKEN")
                }
                """;
        Compiler.Artifacts a = compile("t.hcl", text);
        assertThat(a.watchdogJson())
                .doesNotContain("hunter2")
                .contains("\"bundled\": \"notifications.email.password\"", "\"env\": \"FLYWALL_TOKEN\"");
        assertThat(a.secretsJson()).hasValueSatisfying(s -> assertThat(s).contains("hunter2"));
        assertThat(schema().validate(JSON.readTree(a.watchdogJson()))).isEmpty();
    }

    @Test
    void maintenanceWindowsAreOmittedWhenThereAreNone() throws IOException {
        String text = Files.readString(Path.of("..", "examples", "dual-wan.hcl"));
        assertThat(compile("dual-wan.hcl", text).watchdogJson()).doesNotContain("maintenance");
    }

    @Test
    void theSchemaTakesEitherFormOfAMaintenanceWindowButNotBoth() throws IOException {
        JsonNode example =
                JSON.readTree(compile("maintenance.hcl", Files.readString(Path.of("..", "examples", "maintenance.hcl")))
                        .watchdogJson());
        assertThat(example.get("maintenance")).hasSize(2);
        assertThat(schema().validate(example)).isEmpty();
        com.fasterxml.jackson.databind.node.ObjectNode mixed = example.deepCopy();
        ((com.fasterxml.jackson.databind.node.ObjectNode)
                        mixed.get("maintenance").get(0))
                .put("from", "2027-01-14T22:00");
        assertThat(schema().validate(mixed)).isNotEmpty();
        com.fasterxml.jackson.databind.node.ObjectNode lacking = example.deepCopy();
        ((com.fasterxml.jackson.databind.node.ObjectNode)
                        lacking.get("maintenance").get(1))
                .remove("until");
        assertThat(schema().validate(lacking)).isNotEmpty();
        com.fasterxml.jackson.databind.node.ObjectNode badDay = example.deepCopy();
        ((com.fasterxml.jackson.databind.node.ArrayNode)
                        badDay.get("maintenance").get(0).get("days"))
                .add("sunday");
        assertThat(schema().validate(badDay)).isNotEmpty();
    }
}
