package dev.flywall.bench;

import dev.flywall.decode.Frontend;
import dev.flywall.lsp.LanguageServerMain;
import dev.flywall.source.SourceFile;
import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintWriter;
import java.io.Writer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.lsp4j.DidChangeTextDocumentParams;
import org.eclipse.lsp4j.DidOpenTextDocumentParams;
import org.eclipse.lsp4j.InitializeParams;
import org.eclipse.lsp4j.MessageActionItem;
import org.eclipse.lsp4j.MessageParams;
import org.eclipse.lsp4j.PublishDiagnosticsParams;
import org.eclipse.lsp4j.ShowMessageRequestParams;
import org.eclipse.lsp4j.TextDocumentContentChangeEvent;
import org.eclipse.lsp4j.TextDocumentItem;
import org.eclipse.lsp4j.VersionedTextDocumentIdentifier;
import org.eclipse.lsp4j.launch.LSPLauncher;
import org.eclipse.lsp4j.services.LanguageClient;
import org.eclipse.lsp4j.services.LanguageServer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * How soon {@code flywall lsp} has diagnostics for an edit of a configuration of {@code lines}
 * lines (ConfigGenerator's blocks, whole ones, up to at least that many lines); each operation
 * is one edit (a word of a comment changed and changed back: the configuration's own warnings and
 * errors stay, and every stage of the front end runs):
 * <ul>
 * <li>{@code editToDiagnostics}: an editor's didChange sent over JSON-RPC (pipes) until the
 *     server's publishDiagnostics for that version arrives, with the debounce set to 0: the
 *     server's whole work per edit — parse, evaluate, decode, validate, map, serialise. What an
 *     editor waits after the last keystroke is this plus the debounce (25 ms);</li>
 * <li>{@code frontendOnly}: only the compiler's front end on the same text (what lint runs).</li>
 * </ul>
 * Run by bench/run-lsp.sh.
 */
@BenchmarkMode(Mode.SampleTime) // percentiles: what an editor waits at worst, not only on average
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 10, time = 1)
@Measurement(iterations = 10, time = 1)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@State(Scope.Benchmark)
public class LspDiagnosticsBenchmark {

    private static final String URI = "untitled:bench.hcl";

    private static final Pattern TOP_LEVEL = Pattern.compile("\n\n(?=[^ \n])");

    @Param({"1000"})
    public int lines;

    private String[] texts;
    private int version = 1;
    private LanguageServer server;
    private PipedOutputStream toServer;
    private final BlockingQueue<PublishDiagnosticsParams> published = new LinkedBlockingQueue<>();

    @Setup(Level.Trial)
    public void setup() throws Exception {
        String clean = configuration(lines);
        // the edit: a word of a comment, so that every edit runs every stage of the front end
        // (a value typed half-way would stop it after evaluation, and cost less)
        String edited = clean.replaceFirst("# uplink 0:", "# uplink zero:");
        if (edited.equals(clean)) {
            throw new IllegalStateException("the generated configuration has no uplink 0 to edit");
        }
        texts = new String[] {edited, clean};
        toServer = new PipedOutputStream();
        PipedInputStream serverIn = new PipedInputStream(toServer, 1 << 20);
        PipedOutputStream fromServer = new PipedOutputStream();
        PipedInputStream clientIn = new PipedInputStream(fromServer, 1 << 20);
        Thread.ofPlatform().daemon().start(() -> {
            try (fromServer) {
                LanguageServerMain.run(serverIn, fromServer, new PrintWriter(Writer.nullWriter()), false, 0);
            } catch (InterruptedException | IOException e) {
                Thread.currentThread().interrupt();
            }
        });
        var launcher = new LSPLauncher.Builder<LanguageServer>()
                .setLocalService(new Client())
                .setRemoteInterface(LanguageServer.class)
                .setInput(clientIn)
                .setOutput(toServer)
                .setExecutorService(Executors.newCachedThreadPool(r -> {
                    Thread t = new Thread(r, "bench-lsp-client");
                    t.setDaemon(true); // the fork ends when the benchmark does
                    return t;
                }))
                .create();
        launcher.startListening();
        server = launcher.getRemoteProxy();
        server.initialize(new InitializeParams()).get(30, TimeUnit.SECONDS);
        server.getTextDocumentService()
                .didOpen(new DidOpenTextDocumentParams(new TextDocumentItem(URI, "hcl", version, clean)));
        await(version);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        server.shutdown().get(30, TimeUnit.SECONDS);
        server.exit();
        toServer.close();
    }

    @Benchmark
    public PublishDiagnosticsParams editToDiagnostics() throws InterruptedException {
        version++;
        server.getTextDocumentService()
                .didChange(new DidChangeTextDocumentParams(
                        new VersionedTextDocumentIdentifier(URI, version),
                        List.of(new TextDocumentContentChangeEvent(texts[version % 2]))));
        return await(version);
    }

    @Benchmark
    public Frontend.Result frontendOnly() {
        version++;
        return Frontend.load(List.of(new SourceFile(URI, texts[version % 2])), Map.of());
    }

    private PublishDiagnosticsParams await(int expected) throws InterruptedException {
        while (true) {
            PublishDiagnosticsParams p = published.poll(30, TimeUnit.SECONDS);
            if (p == null) {
                throw new IllegalStateException("no diagnostics for version " + expected + " within 30 s");
            }
            if (p.getVersion() != null && p.getVersion() == expected) {
                return p;
            }
        }
    }

    /** Whole generated blocks, as few as make at least {@code lines} lines. */
    static String configuration(int lines) {
        String hcl = ConfigGenerator.generate(lines).hcl();
        int end = 0;
        int count = 0;
        while (count < lines && end >= 0) {
            end = hcl.indexOf('\n', end + 1);
            count++;
        }
        // the next blank line before a top-level line ends the block the count reached
        Matcher next = TOP_LEVEL.matcher(hcl);
        return end >= 0 && next.find(end) ? hcl.substring(0, next.start() + 1) : hcl;
    }

    private final class Client implements LanguageClient {
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
