package dev.flywall.lsp;

import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
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
        return run(in, out, log, trace, Workspace.DEBOUNCE_MILLIS);
    }

    /**
     * {@link #run(InputStream, OutputStream, PrintWriter, boolean)} computing diagnostics {@code
     * debounceMillis} after an edit instead of the editor's default (the benchmark measures the
     * work itself with 0).
     */
    public static int run(InputStream in, OutputStream out, PrintWriter log, boolean trace, long debounceMillis)
            throws InterruptedException {
        FlywallLanguageServer server = new FlywallLanguageServer(log, debounceMillis);
        // JSON-RPC's own threads: daemons, stopped on return, so that an embedding JVM (a test, a
        // benchmark) is not kept alive by them
        ExecutorService rpc = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "flywall-lsp-jsonrpc");
            t.setDaemon(true);
            return t;
        });
        Launcher<LanguageClient> launcher = new LSPLauncher.Builder<LanguageClient>()
                .setExecutorService(rpc)
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
        rpc.shutdownNow();
        log.flush();
        return code;
    }
}
