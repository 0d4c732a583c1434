package dev.flywall.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.lsp4j.DidOpenTextDocumentParams;
import org.eclipse.lsp4j.InitializeParams;
import org.eclipse.lsp4j.MessageActionItem;
import org.eclipse.lsp4j.MessageParams;
import org.eclipse.lsp4j.PublishDiagnosticsParams;
import org.eclipse.lsp4j.ShowMessageRequestParams;
import org.eclipse.lsp4j.TextDocumentItem;
import org.eclipse.lsp4j.jsonrpc.Launcher;
import org.eclipse.lsp4j.launch.LSPLauncher;
import org.eclipse.lsp4j.services.LanguageClient;
import org.eclipse.lsp4j.services.LanguageServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code flywall lsp} as an editor starts it: a process of its own, JSON-RPC on its stdin and
 * stdout (where nothing else may appear), exit code 0 after shutdown and exit.
 */
class LspCommandTest {

    @TempDir
    Path dir;

    @Test
    void servesAnEditorOverStdioAndExitsCleanly() throws Exception {
        Path log = dir.resolve("lsp.log");
        Process process = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        Main.class.getName(),
                        "lsp",
                        "--log",
                        log.toString())
                .start();
        BlockingQueue<PublishDiagnosticsParams> published = new LinkedBlockingQueue<>();
        Launcher<LanguageServer> launcher = LSPLauncher.createClientLauncher(
                new Client(published), process.getInputStream(), process.getOutputStream());
        launcher.startListening();
        LanguageServer server = launcher.getRemoteProxy();

        var initialized = server.initialize(new InitializeParams()).get(30, TimeUnit.SECONDS);
        assertThat(initialized.getServerInfo().getName()).isEqualTo("flywall");
        String uri = dir.resolve("gateway.hcl").toUri().toString();
        server.getTextDocumentService()
                .didOpen(new DidOpenTextDocumentParams(
                        new TextDocumentItem(uri, "hcl", 1, "interface \"eth0\" {\n  zon = \"WAN\"\n}\n")));
        PublishDiagnosticsParams diagnostics = published.poll(30, TimeUnit.SECONDS);
        assertThat(diagnostics).isNotNull();
        assertThat(diagnostics.getDiagnostics())
                .extracting(d -> d.getCode().getLeft())
                .contains("E0302");
        server.shutdown().get(30, TimeUnit.SECONDS);
        server.exit();

        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isZero();
        assertThat(new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8))
                .isEmpty();
        assertThat(Files.readString(log)).contains("Received request 'initialize", "diagnostics for");
    }

    @Test
    void anUnwritableLogIsAUsageError() {
        StringWriter err = new StringWriter();
        int code = Main.run(
                new String[] {"lsp", "--log", dir.resolve("missing/dir/lsp.log").toString()},
                new PrintWriter(new StringWriter()),
                new PrintWriter(err, true));
        assertThat(code).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).startsWith("flywall lsp: cannot write the log ");
    }

    private record Client(BlockingQueue<PublishDiagnosticsParams> published) implements LanguageClient {
        @Override
        public void telemetryEvent(Object object) {}

        @Override
        public void publishDiagnostics(PublishDiagnosticsParams params) {
            published.add(params);
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
