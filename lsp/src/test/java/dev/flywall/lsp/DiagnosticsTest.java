package dev.flywall.lsp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.eclipse.lsp4j.DiagnosticSeverity;
import org.eclipse.lsp4j.Location;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.Range;
import org.junit.jupiter.api.Test;

/** A flywall diagnostic as the editor gets it: code, severity, range, message, related places. */
class DiagnosticsTest {

    private static final String URI = "untitled:gateway.hcl";

    @Test
    void thePlaceADetailNamesIsRelatedInformation() {
        String text = "variable \"zone\" {\n  default = \"LAN\"\n}\n\nvariable \"zone\" {\n  default = \"WAN\"\n}\n";
        OpenDocuments open = new OpenDocuments();
        open.put(URI, text, 1);
        Configuration configuration = Configuration.of(URI, open);
        Analysis analysis = Analysis.of(configuration);
        assertThat(analysis.diagnostics()).hasSize(1);
        var d = Diagnostics.toLsp(
                analysis.diagnostics().get(0),
                Optional.of(configuration.files().get(0).source()),
                configuration);
        assertThat(d.getSeverity()).isEqualTo(DiagnosticSeverity.Error);
        assertThat(d.getRange().getStart()).isEqualTo(new Position(4, 9)); // the second "zone"
        assertThat(d.getMessage()).startsWith(analysis.diagnostics().get(0).summary() + "\n");
        assertThat(d.getRelatedInformation()).singleElement().satisfies(r -> {
            assertThat(r.getLocation()).isEqualTo(new Location(URI, new Range(new Position(0, 0), new Position(0, 0))));
            assertThat(r.getMessage()).isEqualTo("see " + URI + ":1:1");
        });
    }
}
