package dev.flywall.validate;

import static dev.flywall.decode.DiagnosticCase.LAN;
import static dev.flywall.decode.DiagnosticCase.ONE_WAN;
import static dev.flywall.decode.DiagnosticCase.load;
import static org.assertj.core.api.Assertions.assertThat;

import dev.flywall.decode.Frontend;
import dev.flywall.diag.Code;
import dev.flywall.diag.Diagnostic;
import dev.flywall.diag.JsonRenderer;
import dev.flywall.diag.TextRenderer;
import dev.flywall.source.SourceFile;
import org.junit.jupiter.api.Test;

/** W0507 for every secret written in the file, and none for env() and file() references. */
class SecretWarningsTest {

    @Test
    void referencesAreNotWarnedAbout() {
        Frontend.Result result = load(ONE_WAN + """
                notifications {
                  email {
                    smtp     = "smtp.example.com:587"
                    to       = ["admin@example.com"]
                    password = env("SMTP_PASSWORD")
                  }
                  webhook {
                    url     = "https://hooks.example.com/flywall"
                    headers = {
                      Authorization = env("HOOK_AUTH")
                      X-Api-Key     = file("/etc/flywall/hook-key")
                    }
                  }
                }
                api { token = file("/etc/flywall/api-token") }
                """ + LAN);
        assertThat(result.diagnostics()).isEmpty();
        assertThat(result.config()).isPresent();
    }

    @Test
    void plaintextApiTokenIsWarnedAbout() {
        Frontend.Result result = load(ONE_WAN + "api { token = \"s3cret\" }\n" + LAN);
        assertThat(result.diagnostics()).singleElement().satisfies(d -> {
            assertThat(d.code()).isEqualTo(Code.W0507);
            assertThat(d.detail()).contains("API token");
            assertThat(d.subject().start().line()).isEqualTo(9);
        });
    }

    @Test
    void everyPlaintextHeaderIsWarnedAbout() {
        Frontend.Result result = load(ONE_WAN + """
                notifications {
                  webhook {
                    url     = "https://hooks.example.com/flywall"
                    headers = {
                      Authorization = "Bearer abc"
                      X-Api-Key     = "k3y"
                    }
                  }
                }
                """ + LAN);
        assertThat(result.diagnostics()).extracting(Diagnostic::code).containsExactly(Code.W0507, Code.W0507);
        assertThat(result.diagnostics())
                .extracting(Diagnostic::detail)
                .anySatisfy(d -> assertThat(d).contains("\"Authorization\""))
                .anySatisfy(d -> assertThat(d).contains("\"X-Api-Key\""));
    }

    @Test
    void theWarningsExcerptShowsWhereTheSecretIsButNotTheSecret() {
        String config = ONE_WAN + "api { token = \"s3cret-t0ken\" }\n" + LAN;
        Frontend.Result result = load(config);
        SourceFile file = new SourceFile("t.hcl", config);

        String text = new TextRenderer(false).render(result.diagnostics(), name -> file);
        String json = new JsonRenderer().render(result.diagnostics(), name -> file);

        assertThat(text)
                .doesNotContain("s3cret-t0ken")
                .contains("9 | api { token = (sensitive) }\n" + "  |               ^^^^^^^^^^^\n");
        assertThat(json).doesNotContain("s3cret-t0ken").contains("\"code\": \"api { token = (sensitive) }\"");
    }

    @Test
    void aLineWithTwoSecretsShowsNeitherInEitherWarning() {
        String config = ONE_WAN + """
                notifications {
                  webhook {
                    url     = "https://hooks.example.com/flywall"
                    headers = { "A" = "secret-one", "B" = "secret-two" }
                  }
                }
                """ + LAN;
        Frontend.Result result = load(config);
        SourceFile file = new SourceFile("t.hcl", config);
        String text = new TextRenderer(false).render(result.diagnostics(), name -> file);
        String json = new JsonRenderer().render(result.diagnostics(), name -> file);
        assertThat(result.diagnostics()).extracting(Diagnostic::code).containsExactly(Code.W0507, Code.W0507);
        assertThat(text + json).doesNotContain("secret-one").doesNotContain("secret-two");
        assertThat(text)
                .contains("headers = { \"A\" = (sensitive), \"B\" = (sensitive) }\n"
                        + "   |                       ^^^^^^^^^^^\n")
                .contains("headers = { \"A\" = (sensitive), \"B\" = (sensitive) }\n"
                        + "   |                                          ^^^^^^^^^^^\n");
    }
}
