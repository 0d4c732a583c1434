package dev.flywall.lsp;

import static dev.flywall.lsp.TypingSessionTest.CONFIG;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.eclipse.lsp4j.CodeAction;
import org.eclipse.lsp4j.CodeActionContext;
import org.eclipse.lsp4j.CodeActionParams;
import org.eclipse.lsp4j.CompletionItem;
import org.eclipse.lsp4j.CompletionParams;
import org.eclipse.lsp4j.DefinitionParams;
import org.eclipse.lsp4j.DocumentFormattingParams;
import org.eclipse.lsp4j.DocumentSymbol;
import org.eclipse.lsp4j.DocumentSymbolParams;
import org.eclipse.lsp4j.FormattingOptions;
import org.eclipse.lsp4j.Hover;
import org.eclipse.lsp4j.HoverParams;
import org.eclipse.lsp4j.Location;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.ReferenceContext;
import org.eclipse.lsp4j.ReferenceParams;
import org.eclipse.lsp4j.TextDocumentIdentifier;
import org.eclipse.lsp4j.TextEdit;
import org.eclipse.lsp4j.services.TextDocumentService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each request an editor makes while one types, over JSON-RPC on pipes: completion (on lines that
 * do not parse yet), hover, definition, references, symbols, formatting and quick fixes.
 */
class EditorFeaturesTest {

    @TempDir
    Path dir;

    private PipedSession session;
    private TextDocumentService documents;
    private String uri;
    private int version = 1;

    @BeforeEach
    void open() throws Exception {
        session = new PipedSession();
        session.initialize();
        documents = session.server().getTextDocumentService();
        uri = dir.resolve("gateway.hcl").toUri().toString();
        session.open(uri, CONFIG);
        assertThat(session.diagnostics(uri, 1).getDiagnostics()).isEmpty();
    }

    @AfterEach
    void close() throws Exception {
        assertThat(session.shutdownAndExit()).isZero();
        session.close();
    }

    @Test
    void completesArgumentAndBlockNamesFromTheSchema() throws Exception {
        assertThat(labels(complete("uplink_group \"backup\" {\n  "))).contains("mode", "sticky", "member");
        List<CompletionItem> mo = complete("uplink_group \"backup\" {\n  mo");
        assertThat(labels(mo)).containsExactly("mode");
        int line = CONFIG.split("\n", -1).length + 1; // CONFIG, a blank line, the block's header
        assertThat(mo.get(0).getTextEdit().getLeft().getRange()).isEqualTo(range(line, 2, line, 4));
        assertThat(labels(complete("interface \"eth3\" {\n  wan {\n    "))).contains("priority", "weight");
    }

    @Test
    void completesWordsUnitsAndNames() throws Exception {
        assertThat(labels(complete("uplink_group \"backup\" {\n  mode = \""))).containsExactly("failover", "balance");
        List<CompletionItem> unquoted = complete("uplink_group \"backup\" {\n  mode = ");
        assertThat(unquoted.get(0).getTextEdit().getLeft().getNewText()).isEqualTo("\"failover\"");
        assertThat(labels(complete("uplink_group \"backup\" {\n  sticky_timeout = \"10")))
                .containsExactly("10ms", "10s", "10m", "10h", "10d");
        assertThat(labels(complete("uplink_group \"backup\" {\n  member \""))).containsExactly("eth0", "eth1", "eth2");
        assertThat(labels(complete("policy_route \"web\" {\n  uplink = \"")))
                .containsExactly("eth0", "eth1", "eth2", "default");
        assertThat(labels(complete("policy_route \"web\" {\n  match {\n    source = [\"@")))
                .containsExactly("@office");
    }

    @Test
    void hoverShowsTheReferenceText() throws Exception {
        String reference = Files.readString(Path.of("..", "docs", "reference.md"));
        Hover zone = hover(1, 3);
        assertThat(zone.getRange()).isEqualTo(range(1, 2, 1, 6));
        String zoneText = zone.getContents().getRight().getValue();
        assertThat(zoneText).startsWith("`zone`: ");
        assertThat(reference).contains(zoneText.substring(zoneText.indexOf("\n\n") + 2));
        String wan = hover(3, 3).getContents().getRight().getValue();
        assertThat(reference).contains(wan.substring(wan.indexOf("\n\n") + 2));
        assertThat(hover(38, 13).getContents().getRight().getValue())
                .isEqualTo("`interface \"eth0\"`, defined at " + dir.resolve("gateway.hcl") + ":1:12");
    }

    @Test
    void goesToDefinitionsAndFindsReferences() throws Exception {
        assertThat(definition(38, 13))
                .singleElement()
                .satisfies(l -> assertThat(l.getRange()).isEqualTo(range(0, 11, 0, 15)));
        assertThat(definition(36, 23))
                .singleElement()
                .satisfies(l -> assertThat(l.getRange()).isEqualTo(range(30, 7, 30, 13)));
        List<? extends Location> eth0 = documents
                .references(new ReferenceParams(id(), new Position(0, 12), new ReferenceContext(true)))
                .get(10, TimeUnit.SECONDS);
        assertThat(eth0)
                .extracting(Location::getRange)
                .containsExactly(range(0, 11, 0, 15), range(22, 10, 22, 14), range(38, 12, 38, 16));
    }

    @Test
    void listsBlocksAsNestedSymbols() throws Exception {
        List<DocumentSymbol> symbols =
                documents.documentSymbol(new DocumentSymbolParams(id())).get(10, TimeUnit.SECONDS).stream()
                        .map(e -> e.getRight())
                        .toList();
        assertThat(symbols)
                .extracting(DocumentSymbol::getName)
                .containsExactly(
                        "interface \"eth0\"",
                        "interface \"eth1\"",
                        "interface \"eth2\"",
                        "uplink_group \"default\"",
                        "ipset \"office\"",
                        "policy_route \"vpn\"");
        assertThat(symbols.get(0).getChildren())
                .extracting(DocumentSymbol::getName)
                .containsExactly("wan");
        assertThat(symbols.get(3).getChildren())
                .extracting(DocumentSymbol::getName)
                .containsExactly("member \"eth0\"", "member \"eth1\"");
    }

    @Test
    void formatsWithFmt() throws Exception {
        edit(CONFIG.replace("  zone = \"WAN\"\n  dhcp = true", "zone=\"WAN\"\n      dhcp  =  true"));
        List<? extends TextEdit> edits = documents
                .formatting(new DocumentFormattingParams(id(), new FormattingOptions(2, true)))
                .get(10, TimeUnit.SECONDS);
        assertThat(edits)
                .singleElement()
                .satisfies(e -> assertThat(e.getNewText()).isEqualTo(CONFIG));
        edit(CONFIG);
        assertThat(documents
                        .formatting(new DocumentFormattingParams(id(), new FormattingOptions(2, true)))
                        .get(10, TimeUnit.SECONDS))
                .isEmpty();
    }

    @Test
    void offersTheSuggestedNameAsAQuickFix() throws Exception {
        edit(CONFIG.replace("member \"eth1\"", "member \"eht1\"")
                .replace("    priority = 2\n  }\n}", "    prority = 2\n  }\n}"));
        var published = session.diagnostics(uri, version).getDiagnostics();
        assertThat(published).extracting(d -> d.getCode().getLeft()).contains("E0302");
        List<CodeAction> fixes = documents
                .codeAction(new CodeActionParams(id(), range(25, 0, 26, 20), new CodeActionContext(published)))
                .get(10, TimeUnit.SECONDS)
                .stream()
                .map(e -> e.getRight())
                .toList();
        assertThat(fixes).extracting(CodeAction::getTitle).contains("Change to \"priority\"");
        CodeAction fix = fixes.stream()
                .filter(f -> f.getTitle().equals("Change to \"priority\""))
                .findFirst()
                .orElseThrow();
        assertThat(fix.getEdit().getChanges().get(uri)).containsExactly(new TextEdit(range(26, 4, 26, 11), "priority"));
    }

    private List<CompletionItem> complete(String typed) throws Exception {
        String text = CONFIG + "\n" + typed;
        edit(text);
        String[] lines = text.split("\n", -1);
        Position end = new Position(lines.length - 1, lines[lines.length - 1].length());
        return documents
                .completion(new CompletionParams(id(), end))
                .get(10, TimeUnit.SECONDS)
                .getLeft();
    }

    private Hover hover(int line, int character) throws Exception {
        return documents
                .hover(new HoverParams(id(), new Position(line, character)))
                .get(10, TimeUnit.SECONDS);
    }

    private List<? extends Location> definition(int line, int character) throws Exception {
        return documents
                .definition(new DefinitionParams(id(), new Position(line, character)))
                .get(10, TimeUnit.SECONDS)
                .getLeft();
    }

    private void edit(String text) {
        session.change(uri, ++version, text);
    }

    private TextDocumentIdentifier id() {
        return new TextDocumentIdentifier(uri);
    }

    private static List<String> labels(List<CompletionItem> items) {
        return items.stream().map(CompletionItem::getLabel).toList();
    }

    private static Range range(int l1, int c1, int l2, int c2) {
        return new Range(new Position(l1, c1), new Position(l2, c2));
    }
}
