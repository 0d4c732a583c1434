package dev.flywall.plan;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flywall.Compiler;
import dev.flywall.decode.SecretRedaction;
import dev.flywall.source.SourceFile;
import dev.flywall.syntax.Document;
import dev.flywall.syntax.DocumentJson;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A webhook URL is a secret (Slack-style URLs carry a token in the path): it goes to the
 * bundle's secrets file, never into watchdog.json, and inspect shows only its origin.
 */
class WebhookUrlSecretTest {

    private static final String TOKEN = "T0AAA/B0BBB/XyZsEcReTtOkEn";

    private static final String CONFIG = """
            interface "eth0" {
              zone = "WAN"
              dhcp = true
              wan {}
            }
            uplink_group "default" {
              member "eth0" {}
            }
            notifications {
              webhook {
                url = "https://hooks.slack.com/services/%s"
              }
            }
            """.formatted(TOKEN);

    @Test
    void theUrlGoesToTheSecretsFileNotToWatchdogJson() throws Exception {
        Compiler.Artifacts a = Compiler.compile(List.of(new SourceFile("t.hcl", CONFIG)), Map.of())
                .artifacts()
                .orElseThrow();

        assertThat(a.watchdogJson())
                .doesNotContain(TOKEN)
                .doesNotContain("hooks.slack.com")
                .contains("\"bundled\": \"notifications.webhook.url\"");
        String secrets = a.secretsJson().orElseThrow();
        assertThat(new ObjectMapper()
                        .readTree(secrets)
                        .get("notifications.webhook.url")
                        .asText())
                .isEqualTo("https://hooks.slack.com/services/" + TOKEN);
        assertThat(WatchdogSchemaTest.schema().validate(new ObjectMapper().readTree(a.watchdogJson())))
                .isEmpty();
    }

    @Test
    void inspectShowsOnlyTheOriginOfTheUrl() {
        ObjectNode tree = DocumentJson.toJson(Document.load(List.of(new SourceFile("t.hcl", CONFIG)), Map.of()));

        SecretRedaction.redact(tree);

        assertThat(tree.toString()).doesNotContain(TOKEN).contains("\"url\":\"https://hooks.slack.com/(sensitive)\"");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "https://hooks.slack.com/services/T/B/X, https://hooks.slack.com/(sensitive)",
        "https://example.com:8443/hook?token=abc, https://example.com:8443/(sensitive)",
        "https://user:pa55@example.com/hook, https://example.com/(sensitive)",
        "https://user:pa55@example.com, https://example.com/(sensitive)",
        "https://example.com, https://example.com",
        "not a url, (sensitive)",
    })
    void theOriginKeepsSchemeHostAndPortOnly(String url, String shown) {
        assertThat(SecretRedaction.webhookOrigin(url)).isEqualTo(shown);
    }
}
