package dev.flywall.diag;

import static dev.flywall.diag.DiagnosticFixtures.CONFIG;
import static dev.flywall.diag.DiagnosticFixtures.sources;
import static dev.flywall.diag.DiagnosticFixtures.unknownUplink;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

class DiagnosticFormatTest {

    private static final List<Diagnostic> DIAGNOSTICS = List.of(unknownUplink());

    @Test
    void cliNamesRoundTrip() {
        assertThat(DiagnosticFormat.TEXT.cliName()).isEqualTo("text");
        assertThat(DiagnosticFormat.GITHUB.cliName()).isEqualTo("github");
        for (DiagnosticFormat format : DiagnosticFormat.values()) {
            assertThat(DiagnosticFormat.fromCliName(format.cliName())).contains(format);
        }
        assertThat(DiagnosticFormat.fromCliName("SARIF")).contains(DiagnosticFormat.SARIF);
        assertThat(DiagnosticFormat.fromCliName("xml")).isEmpty();
        assertThat(DiagnosticFormat.fromCliName(null)).isEmpty();
    }

    @Test
    void dispatchesToTheFormatsRenderer() {
        assertThat(DiagnosticFormat.TEXT.render(DIAGNOSTICS, sources(CONFIG), false))
                .isEqualTo(new TextRenderer(false).render(DIAGNOSTICS, sources(CONFIG)));
        assertThat(DiagnosticFormat.TEXT.render(DIAGNOSTICS, sources(CONFIG), true))
                .isEqualTo(new TextRenderer(true).render(DIAGNOSTICS, sources(CONFIG)));
        assertThat(DiagnosticFormat.JSON.render(DIAGNOSTICS, sources(CONFIG), true))
                .isEqualTo(new JsonRenderer().render(DIAGNOSTICS, sources(CONFIG)));
        assertThat(DiagnosticFormat.SARIF.render(DIAGNOSTICS, sources(CONFIG), true))
                .isEqualTo(new SarifRenderer().render(DIAGNOSTICS, sources(CONFIG)));
        assertThat(DiagnosticFormat.GITHUB.render(DIAGNOSTICS, sources(CONFIG), true))
                .isEqualTo(new GithubRenderer().render(DIAGNOSTICS, sources(CONFIG)));
    }

    @Test
    void colourOnlyAffectsText() {
        for (DiagnosticFormat format : DiagnosticFormat.values()) {
            boolean differs = !format.render(DIAGNOSTICS, sources(CONFIG), true)
                    .equals(format.render(DIAGNOSTICS, sources(CONFIG), false));
            assertThat(differs).as(format.cliName()).isEqualTo(format == DiagnosticFormat.TEXT);
        }
    }

    @Test
    void writesToAPrintWriterAndLeavesItOpen() {
        for (DiagnosticFormat format : DiagnosticFormat.values()) {
            StringWriter sink = new StringWriter();
            PrintWriter out = new PrintWriter(sink);
            format.render(DIAGNOSTICS, sources(CONFIG), false, out);
            out.print("end");
            out.flush();
            assertThat(sink.toString())
                    .as(format.cliName())
                    .isEqualTo(format.render(DIAGNOSTICS, sources(CONFIG), false) + "end");
            assertThat(out.checkError()).isFalse();
        }
    }
}
