package dev.flywall.lsp;

import java.util.List;
import org.eclipse.lsp4j.DidChangeTextDocumentParams;
import org.eclipse.lsp4j.DidCloseTextDocumentParams;
import org.eclipse.lsp4j.DidOpenTextDocumentParams;
import org.eclipse.lsp4j.DidSaveTextDocumentParams;
import org.eclipse.lsp4j.ServerCapabilities;
import org.eclipse.lsp4j.TextDocumentContentChangeEvent;
import org.eclipse.lsp4j.services.TextDocumentService;

/**
 * The text document half of the protocol: the editor's documents in, diagnostics out, and the
 * requests about a place in a document, each answered on the {@link Workspace}'s worker.
 */
final class FlywallTextDocuments implements TextDocumentService {

    private final Workspace workspace;

    FlywallTextDocuments(Workspace workspace) {
        this.workspace = workspace;
    }

    /** Declares the requests answered here. */
    void declare(ServerCapabilities capabilities) {}

    @Override
    public void didOpen(DidOpenTextDocumentParams params) {
        var doc = params.getTextDocument();
        workspace.changed(doc.getUri(), doc.getText(), doc.getVersion());
    }

    @Override
    public void didChange(DidChangeTextDocumentParams params) {
        List<TextDocumentContentChangeEvent> changes = params.getContentChanges();
        if (changes.isEmpty()) {
            return;
        }
        // full sync: the last change is the whole text
        var doc = params.getTextDocument();
        workspace.changed(doc.getUri(), changes.get(changes.size() - 1).getText(), doc.getVersion());
    }

    @Override
    public void didClose(DidCloseTextDocumentParams params) {
        workspace.closed(params.getTextDocument().getUri());
    }

    @Override
    public void didSave(DidSaveTextDocumentParams params) {
        workspace.schedule(params.getTextDocument().getUri());
    }
}
