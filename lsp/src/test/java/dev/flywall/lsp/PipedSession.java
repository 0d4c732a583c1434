package dev.flywall.lsp;

import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.lsp4j.DidChangeTextDocumentParams;
import org.eclipse.lsp4j.DidOpenTextDocumentParams;
import org.eclipse.lsp4j.InitializeParams;
import org.eclipse.lsp4j.InitializeResult;
import org.eclipse.lsp4j.MessageActionItem;
import org.eclipse.lsp4j.MessageParams;
import org.eclipse.lsp4j.PublishDiagnosticsParams;
import org.eclipse.lsp4j.ShowMessageRequestParams;
import org.eclipse.lsp4j.TextDocumentContentChangeEvent;
import org.eclipse.lsp4j.TextDocumentItem;
import org.eclipse.lsp4j.VersionedTextDocumentIdentifier;
import org.eclipse.lsp4j.jsonrpc.Launcher;
import org.eclipse.lsp4j.launch.LSPLauncher;
import org.eclipse.lsp4j.services.LanguageClient;
import org.eclipse.lsp4j.services.LanguageServer;

/**
 * An editor talking to {@link LanguageServerMain#run} over a pair of pipes, in JSON-RPC as a real
 * one would: the server runs on its own thread; {@link #server()} is the client's proxy of it.
 */
final class PipedSession implements AutoCloseable {

    private final BlockingQueue<PublishDiagnosticsParams> diagnostics = new LinkedBlockingQueue<>();
    private final LanguageServer server;
    private final CompletableFuture<Integer> exitCode = new CompletableFuture<>();
    private final StringWriter log = new StringWriter();
    private final PipedOutputStream toServer = new PipedOutputStream();

    PipedSession() throws IOException {
        PipedInputStream serverIn = new PipedInputStream(toServer, 1 << 16);
        PipedOutputStream fromServer = new PipedOutputStream();
        PipedInputStream clientIn = new PipedInputStream(fromServer, 1 << 16);
        Thread.ofPlatform().daemon().start(() -> {
            try (fromServer) {
                exitCode.complete(LanguageServerMain.run(serverIn, fromServer, new PrintWriter(log, true), false));
            } catch (InterruptedException | IOException | RuntimeException e) {
                exitCode.completeExceptionally(e);
            }
        });
        Launcher<LanguageServer> launcher = LSPLauncher.createClientLauncher(new Client(), clientIn, toServer);
        launcher.startListening();
        server = launcher.getRemoteProxy();
    }

    LanguageServer server() {
        return server;
    }

    InitializeResult initialize() throws Exception {
        return server.initialize(new InitializeParams()).get(10, TimeUnit.SECONDS);
    }

    void open(String uri, String text) {
        server.getTextDocumentService()
                .didOpen(new DidOpenTextDocumentParams(new TextDocumentItem(uri, "hcl", 1, text)));
    }

    void change(String uri, int version, String text) {
        server.getTextDocumentService()
                .didChange(new DidChangeTextDocumentParams(
                        new VersionedTextDocumentIdentifier(uri, version),
                        List.of(new TextDocumentContentChangeEvent(text))));
    }

    /** The next diagnostics published for {@code uri} (those for other files are skipped). */
    PublishDiagnosticsParams diagnostics(String uri) throws InterruptedException {
        return diagnostics(uri, null);
    }

    /** The diagnostics published for version {@code version} of {@code uri}, skipping others. */
    PublishDiagnosticsParams diagnostics(String uri, Integer version) throws InterruptedException {
        while (true) {
            PublishDiagnosticsParams p = diagnostics.poll(10, TimeUnit.SECONDS);
            if (p == null) {
                throw new AssertionError("no diagnostics for " + uri + " within 10 s; log:\n" + log);
            }
            if (p.getUri().equals(uri) && (version == null || version.equals(p.getVersion()))) {
                return p;
            }
        }
    }

    /** shutdown, then exit: the server's exit code. */
    int shutdownAndExit() throws Exception {
        server.shutdown().get(10, TimeUnit.SECONDS);
        server.exit();
        return exitCode.get(10, TimeUnit.SECONDS);
    }

    String log() {
        return log.toString();
    }

    @Override
    public void close() throws IOException {
        toServer.close();
    }

    private final class Client implements LanguageClient {
        @Override
        public void telemetryEvent(Object object) {}

        @Override
        public void publishDiagnostics(PublishDiagnosticsParams params) {
            diagnostics.add(params);
        }

        @Override
        public void showMessage(MessageParams params) {}

        @Override
        public CompletableFuture<MessageActionItem> showMessageRequest(ShowMessageRequestParams params) {
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public void logMessage(MessageParams params) {}
    }
}
