package dev.flywall.lsp;

import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.eclipse.lsp4j.jsonrpc.Launcher;
import org.eclipse.lsp4j.launch.LSPLauncher;
import org.eclipse.lsp4j.services.LanguageClient;

/**
 * Runs the flywall language server on a pair of streams (the process's stdin and stdout for
 * {@code flywall lsp}) until the client sends {@code exit} or closes the input.
 */
public final class LanguageServerMain {

    private LanguageServerMain() {}

    /**
     * Serves one client.
     *
     * @param in the client's messages
     * @param out where the server's messages go; nothing else is written to it
     * @param log a human-readable log (each analysis and its time), or a writer that discards
     * @param trace whether {@code log} also gets every JSON-RPC message
     * @return the exit code: 0 when the client asked for shutdown before exit, 1 otherwise
     */
    public static int run(InputStream in, OutputStream out, PrintWriter log, boolean trace)
            throws InterruptedException {
        FlywallLanguageServer server = new FlywallLanguageServer(log);
        Launcher<LanguageClient> launcher = new LSPLauncher.Builder<LanguageClient>()
                .setLocalService(server)
                .setRemoteInterface(LanguageClient.class)
                .setInput(in)
                .setOutput(out)
                .traceMessages(trace ? log : null)
                .create();
        server.connect(launcher.getRemoteProxy());
        Future<Void> listening = launcher.startListening();
        Thread waiter = Thread.ofVirtual().start(() -> {
            try {
                server.awaitExit();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            listening.cancel(true);
        });
        try {
            listening.get();
        } catch (ExecutionException e) {
            log.println("flywall lsp: the connection failed: " + e.getCause());
        } catch (java.util.concurrent.CancellationException e) {
            // exit received
        }
        waiter.interrupt();
        int code = server.exitCode();
        server.stop();
        log.flush();
        return code;
    }
}
