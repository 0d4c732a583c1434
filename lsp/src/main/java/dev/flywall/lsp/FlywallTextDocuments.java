package dev.flywall.lsp;

import dev.flywall.syntax.ConfigFile;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.eclipse.lsp4j.CodeAction;
import org.eclipse.lsp4j.CodeActionKind;
import org.eclipse.lsp4j.CodeActionOptions;
import org.eclipse.lsp4j.CodeActionParams;
import org.eclipse.lsp4j.Command;
import org.eclipse.lsp4j.CompletionItem;
import org.eclipse.lsp4j.CompletionList;
import org.eclipse.lsp4j.CompletionOptions;
import org.eclipse.lsp4j.CompletionParams;
import org.eclipse.lsp4j.DefinitionParams;
import org.eclipse.lsp4j.DidChangeTextDocumentParams;
import org.eclipse.lsp4j.DidCloseTextDocumentParams;
import org.eclipse.lsp4j.DidOpenTextDocumentParams;
import org.eclipse.lsp4j.DidSaveTextDocumentParams;
import org.eclipse.lsp4j.DocumentFormattingParams;
import org.eclipse.lsp4j.DocumentSymbol;
import org.eclipse.lsp4j.DocumentSymbolParams;
import org.eclipse.lsp4j.Hover;
import org.eclipse.lsp4j.HoverParams;
import org.eclipse.lsp4j.Location;
import org.eclipse.lsp4j.LocationLink;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.ReferenceParams;
import org.eclipse.lsp4j.ServerCapabilities;
import org.eclipse.lsp4j.SymbolInformation;
import org.eclipse.lsp4j.TextDocumentContentChangeEvent;
import org.eclipse.lsp4j.TextEdit;
import org.eclipse.lsp4j.jsonrpc.messages.Either;
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
    void declare(ServerCapabilities capabilities) {
        // inside a string: the words, names and ipsets it may hold
        capabilities.setCompletionProvider(new CompletionOptions(false, List.of("\"", "@")));
        capabilities.setHoverProvider(true);
        capabilities.setDefinitionProvider(true);
        capabilities.setReferencesProvider(true);
        capabilities.setDocumentFormattingProvider(true);
        capabilities.setDocumentSymbolProvider(true);
        capabilities.setCodeActionProvider(new CodeActionOptions(List.of(CodeActionKind.QuickFix)));
    }

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

    @Override
    public CompletableFuture<Either<List<CompletionItem>, CompletionList>> completion(CompletionParams params) {
        String uri = params.getTextDocument().getUri();
        Position position = params.getPosition();
        return workspace.request(uri, analysis -> {
            List<CompletionItem> items = analysis.configuration()
                    .member(uri)
                    .map(m -> Positions.cursor(m.source(), position))
                    .map(cursor -> {
                        String before = textBefore(analysis, uri, cursor);
                        return Completions.at(CompletionContext.at(before), position, workspace.definitions(analysis));
                    })
                    .orElse(List.of());
            return Either.forLeft(items);
        });
    }

    @Override
    public CompletableFuture<Hover> hover(HoverParams params) {
        String uri = params.getTextDocument().getUri();
        return workspace.request(
                uri,
                analysis -> file(analysis, uri)
                        .flatMap(f -> Hovers.at(analysis, uri, f, Positions.cursor(f.source(), params.getPosition())))
                        .orElse(null));
    }

    @Override
    public CompletableFuture<Either<List<? extends Location>, List<? extends LocationLink>>> definition(
            DefinitionParams params) {
        String uri = params.getTextDocument().getUri();
        return workspace.request(uri, analysis -> {
            List<Names.Occurrence> names = Names.all(analysis);
            List<Location> found = file(analysis, uri)
                    .flatMap(f -> Names.at(names, uri, Positions.cursor(f.source(), params.getPosition())))
                    .map(o -> Names.definitions(names, o).stream()
                            .map(FlywallTextDocuments::location)
                            .toList())
                    .orElse(List.of());
            return Either.forLeft(found);
        });
    }

    @Override
    public CompletableFuture<List<? extends Location>> references(ReferenceParams params) {
        String uri = params.getTextDocument().getUri();
        boolean declarations =
                params.getContext() != null && params.getContext().isIncludeDeclaration();
        return workspace.request(uri, analysis -> {
            List<Names.Occurrence> names = Names.all(analysis);
            return file(analysis, uri)
                    .flatMap(f -> Names.at(names, uri, Positions.cursor(f.source(), params.getPosition())))
                    .map(o -> Names.references(names, o, declarations).stream()
                            .map(FlywallTextDocuments::location)
                            .toList())
                    .orElse(List.of());
        });
    }

    @Override
    public CompletableFuture<List<? extends TextEdit>> formatting(DocumentFormattingParams params) {
        String uri = params.getTextDocument().getUri();
        return workspace.request(
                uri,
                analysis -> analysis.configuration()
                        .member(uri)
                        .map(m -> Formatting.of(m.source()))
                        .orElse(List.of()));
    }

    @Override
    public CompletableFuture<List<Either<SymbolInformation, DocumentSymbol>>> documentSymbol(
            DocumentSymbolParams params) {
        String uri = params.getTextDocument().getUri();
        return workspace.request(
                uri,
                analysis -> file(analysis, uri)
                        .map(f -> Symbols.of(f.source(), f.body()).stream()
                                .map(Either::<SymbolInformation, DocumentSymbol>forRight)
                                .toList())
                        .orElse(List.of()));
    }

    @Override
    public CompletableFuture<List<Either<Command, CodeAction>>> codeAction(CodeActionParams params) {
        String uri = params.getTextDocument().getUri();
        return workspace.request(
                uri,
                analysis -> QuickFixes.in(analysis, uri, params.getRange()).stream()
                        .map(Either::<Command, CodeAction>forRight)
                        .toList());
    }

    private static Optional<ConfigFile> file(Analysis analysis, String uri) {
        return analysis.file(uri);
    }

    /** The document's text from its start to the cursor. */
    private static String textBefore(Analysis analysis, String uri, Positions.Cursor cursor) {
        var source = analysis.configuration().member(uri).orElseThrow().source();
        String text = source.text();
        int offset = text.offsetByCodePoints(0, source.lineStart(cursor.line()));
        return text.substring(0, offset) + cursor.before();
    }

    private static Location location(Names.Occurrence o) {
        return new Location(o.uri(), Positions.toLsp(o.source(), o.span()));
    }
}
