package dev.flywall.lsp;

import java.io.PrintWriter;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.eclipse.lsp4j.InitializeParams;
import org.eclipse.lsp4j.InitializeResult;
import org.eclipse.lsp4j.ServerCapabilities;
import org.eclipse.lsp4j.ServerInfo;
import org.eclipse.lsp4j.TextDocumentSyncKind;
import org.eclipse.lsp4j.services.LanguageClient;
import org.eclipse.lsp4j.services.LanguageClientAware;
import org.eclipse.lsp4j.services.LanguageServer;
import org.eclipse.lsp4j.services.TextDocumentService;
import org.eclipse.lsp4j.services.WorkspaceService;

/**
 * The flywall language server: the protocol's lifecycle (initialize, shutdown, exit) and what
 * it offers. The work is done by {@link FlywallTextDocuments} on a {@link Workspace}.
 */
public final class FlywallLanguageServer implements LanguageServer, LanguageClientAware {

    private final Workspace workspace;
    private final FlywallTextDocuments documents;
    private final FlywallWorkspaceService workspaceService;
    private final CountDownLatch exited = new CountDownLatch(1);
    private volatile boolean shutdownRequested;

    /**
     * @param log where each analysis and its time are written
     * @param debounceMillis how long after an edit its diagnostics are computed
     */
    FlywallLanguageServer(PrintWriter log, long debounceMillis) {
        this.workspace = new Workspace(log, debounceMillis);
        this.documents = new FlywallTextDocuments(workspace);
        this.workspaceService = new FlywallWorkspaceService(workspace);
    }

    @Override
    public void connect(LanguageClient client) {
        workspace.connect(client);
    }

    @Override
    public CompletableFuture<InitializeResult> initialize(InitializeParams params) {
        ServerCapabilities capabilities = new ServerCapabilities();
        // the whole text on every change: parsing and checking 1,000 lines takes milliseconds
        capabilities.setTextDocumentSync(TextDocumentSyncKind.Full);
        documents.declare(capabilities);
        return CompletableFuture.completedFuture(
                new InitializeResult(capabilities, new ServerInfo("flywall", FlywallLanguageServer.version())));
    }

    @Override
    public CompletableFuture<Object> shutdown() {
        shutdownRequested = true;
        workspace.shutdown();
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public void exit() {
        exited.countDown();
    }

    @Override
    public TextDocumentService getTextDocumentService() {
        return documents;
    }

    @Override
    public WorkspaceService getWorkspaceService() {
        return workspaceService;
    }

    /** Stops the worker (the client is gone). */
    void stop() {
        workspace.shutdown();
    }

    /** Waits for the exit notification. */
    void awaitExit() throws InterruptedException {
        exited.await();
    }

    /** The exit code the protocol asks for: 0 after a shutdown request, 1 without one. */
    int exitCode() {
        return shutdownRequested ? 0 : 1;
    }

    private static String version() {
        String v = FlywallLanguageServer.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }
}
