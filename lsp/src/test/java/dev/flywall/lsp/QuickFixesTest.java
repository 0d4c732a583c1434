package dev.flywall.lsp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.eclipse.lsp4j.CodeAction;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.TextEdit;
import org.junit.jupiter.api.Test;

/** The edit of each kind of "did you mean": a block type, a number for a duration, a variable. */
class QuickFixesTest {

    private static final String URI = "untitled:gateway.hcl";

    @Test
    void aMisspeltBlockTypeBecomesTheSuggestedOne() {
        assertThat(fixes("interfce \"eth0\" {\n  zone = \"LAN\"\n}\n"))
                .containsExactly(new TextEdit(range(0, 0, 0, 8), "interface"));
    }

    @Test
    void aNumberWhereADurationGoesBecomesAString() {
        String text = TypingSessionTest.CONFIG.replace("  member \"eth0\" {\n    priority = 1\n  }", """
                  member "eth0" {
                    priority = 1
                    health_check {
                      interval = 5
                    }
                  }""");
        assertThat(fixes(text)).containsExactly(new TextEdit(range(25, 15, 25, 16), "\"5s\""));
    }

    @Test
    void aMisspeltVariableNameBecomesTheDeclaredOne() {
        String text = "variable \"zone\" {\n  default = \"LAN\"\n}\n\ninterface \"eth0\" {\n  zone = var.zon\n}\n";
        assertThat(fixes(text)).containsExactly(new TextEdit(range(5, 13, 5, 16), "zone"));
    }

    @Test
    void noSuggestionNoFix() {
        assertThat(fixes("interface \"eth0\" {\n  zone = \"LAN\"\n  xyzzy = 1\n}\n"))
                .isEmpty();
    }

    private static List<TextEdit> fixes(String text) {
        OpenDocuments open = new OpenDocuments();
        open.put(URI, text, 1);
        Analysis analysis = Analysis.of(Configuration.of(URI, open));
        return QuickFixes.in(analysis, URI, range(0, 0, 1000, 0)).stream()
                .map(CodeAction::getEdit)
                .flatMap(e -> e.getChanges().getOrDefault(URI, List.of()).stream())
                .toList();
    }

    private static Range range(int l1, int c1, int l2, int c2) {
        return new Range(new Position(l1, c1), new Position(l2, c2));
    }
}
