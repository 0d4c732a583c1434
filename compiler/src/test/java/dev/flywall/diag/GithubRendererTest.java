package dev.flywall.diag;

import static dev.flywall.diag.DiagnosticFixtures.CONFIG;
import static dev.flywall.diag.DiagnosticFixtures.sources;
import static dev.flywall.diag.DiagnosticFixtures.spanOf;
import static dev.flywall.diag.DiagnosticFixtures.unknownUplink;
import static org.assertj.core.api.Assertions.assertThat;

import dev.flywall.source.SourceFile;
import java.util.List;
import org.junit.jupiter.api.Test;

class GithubRendererTest {

    private static final GithubRenderer GITHUB = new GithubRenderer();

    @Test
    void errorWithDetailAndHint() {
        Diagnostic diagnostic = unknownUplink();
        diagnostic = new Diagnostic(
                diagnostic.severity(),
                diagnostic.code(),
                diagnostic.summary(),
                "No interface is named \"eht0\".",
                diagnostic.subject(),
                diagnostic.label(),
                diagnostic.hints());
        assertThat(GITHUB.render(List.of(diagnostic), sources(CONFIG)))
                .isEqualTo(
                        "::error file=config.hcl,line=14,col=12,endLine=14,endColumn=18,title=E0203 unknown uplink \"eht0\""
                                + "::No interface is named \"eht0\".%0Ahelp: did you mean \"eth0\"?\n");
    }

    @Test
    void withoutDetailTheSummaryIsTheMessage() {
        Diagnostic diagnostic = Diagnostic.warning(Code.E0116, "Duplicate argument", "", spanOf(CONFIG, "zone", 1));
        Diagnostic unlocated = Diagnostic.error(Code.E0001, "Cannot read file", "It does not exist.", null);
        assertThat(GITHUB.render(List.of(diagnostic, unlocated), sources(CONFIG)))
                .isEqualTo("""
                ::warning file=config.hcl,line=7,col=3,endLine=7,endColumn=7,title=E0116 Duplicate argument::Duplicate argument
                ::error title=E0001 Cannot read file::It does not exist.
                """);
    }

    @Test
    void multiLineSubject() {
        Diagnostic diagnostic = Diagnostic.error(
                Code.E0109, "Empty group", "Add a member.", spanOf(CONFIG, "\"wan\" {\n  mode = \"failover\"\n}"));
        assertThat(GITHUB.render(List.of(diagnostic), sources(CONFIG)))
                .isEqualTo(
                        "::error file=config.hcl,line=10,col=14,endLine=12,endColumn=2,title=E0109 Empty group::Add a member.\n");
    }

    @Test
    void escapesPropertiesAndMessages() {
        SourceFile file = new SourceFile("C:\\cfg,v2%.hcl", "x = 1\n");
        Diagnostic diagnostic =
                Diagnostic.error(Code.E0112, "Bad: 100% sure, really", "Line one\r\nline: two, 50%", file.span(0, 1));
        assertThat(GITHUB.render(List.of(diagnostic), sources(file)))
                .isEqualTo("::error file=C%3A\\cfg%2Cv2%25.hcl,line=1,col=1,endLine=1,endColumn=2,"
                        + "title=E0112 Bad%3A 100%25 sure%2C really::Line one%0D%0Aline: two, 50%25\n");
    }

    @Test
    void escapeRules() {
        assertThat(GithubRenderer.escapeData("a%b\rc\nd:e,f")).isEqualTo("a%25b%0Dc%0Ad:e,f");
        assertThat(GithubRenderer.escapeProperty("a%b\rc\nd:e,f")).isEqualTo("a%25b%0Dc%0Ad%3Ae%2Cf");
        // % is escaped first, so an existing escape is not mistaken for one
        assertThat(GithubRenderer.escapeData("%0A")).isEqualTo("%250A");
    }

    @Test
    void rendersNothingForNoDiagnostics() {
        assertThat(GITHUB.render(List.of(), sources(CONFIG))).isEmpty();
    }
}
