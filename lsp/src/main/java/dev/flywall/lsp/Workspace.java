package dev.flywall.lsp;

import dev.flywall.diag.Diagnostic;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.eclipse.lsp4j.PublishDiagnosticsParams;
import org.eclipse.lsp4j.services.LanguageClient;

/**
 * The open documents and their analyses. Every analysis and every request runs on one worker
 * thread, in order, so the JSON-RPC thread never waits for the compiler: an edit is recorded at
 * once and its configuration analysed a moment ({@link #DEBOUNCE_MILLIS}) later, unless another edit came
 * first; an analysis whose documents changed while it ran is dropped, not published.
 */
final class Workspace {

    /**
     * How long after an edit its diagnostics are computed, so a burst of keystrokes costs one
     * analysis: short enough that, with the analysis of a 1,000-line configuration (a few
     * milliseconds, bench/run-lsp.sh), they arrive within 50 ms of the last keystroke.
     */
    static final long DEBOUNCE_MILLIS = 25;

    private final OpenDocuments open = new OpenDocuments();
    private final ScheduledExecutorService worker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "flywall-lsp-analysis");
        t.setDaemon(true);
        return t;
    });
    private final PrintWriter log;
    private final long debounceMillis;
    private volatile LanguageClient client;

    // worker thread only
    private final Map<String, ScheduledFuture<?>> pending = new HashMap<>();
    private final Map<String, Analysis> latest = new HashMap<>();
    private final Map<String, Set<String>> published = new HashMap<>();
    /** The names each file defined when it last parsed, for completion while it does not. */
    private final Map<String, List<Names.Occurrence>> lastDefinitions = new HashMap<>();

    Workspace(PrintWriter log, long debounceMillis) {
        this.log = log;
        this.debounceMillis = debounceMillis;
    }

    void connect(LanguageClient newClient) {
        this.client = newClient;
    }

    OpenDocuments open() {
        return open;
    }

    /** Records an open or edited document and schedules its configuration's diagnostics. */
    void changed(String uri, String text, int version) {
        open.put(uri, text, version);
        schedule(uri);
    }

    void closed(String uri) {
        open.remove(uri);
        schedule(uri);
    }

    /** Analyses the document's configuration again after the debounce delay (e.g. a save). */
    void schedule(String uri) {
        if (worker.isShutdown()) {
            return; // after shutdown: nothing more is analysed
        }
        worker.execute(() -> {
            String key = Configuration.keyOf(uri);
            ScheduledFuture<?> previous = pending.remove(key);
            if (previous != null) {
                previous.cancel(false);
            }
            pending.put(key, worker.schedule(() -> publish(uri, key), debounceMillis, TimeUnit.MILLISECONDS));
        });
    }

    /** Runs a request on the worker against the current analysis of the document's configuration. */
    <T> CompletableFuture<T> request(String uri, Function<Analysis, T> handler) {
        return CompletableFuture.supplyAsync(() -> handler.apply(current(uri)), worker);
    }

    /**
     * The names the configuration defines (worker thread): a file that does not parse now (a
     * line half typed) contributes those it defined when it last did.
     */
    List<Names.Occurrence> definitions(Analysis analysis) {
        List<Names.Occurrence> now = Names.all(analysis);
        List<Names.Occurrence> all = new ArrayList<>();
        for (Configuration.Member m : analysis.configuration().files()) {
            boolean parsed =
                    analysis.file(m.uri()).map(f -> !f.body().items().isEmpty()).orElse(false);
            if (parsed) {
                lastDefinitions.put(
                        m.uri(),
                        now.stream()
                                .filter(o -> o.definition() && o.uri().equals(m.uri()))
                                .toList());
            }
            all.addAll(lastDefinitions.getOrDefault(m.uri(), List.of()));
        }
        return all;
    }

    void shutdown() {
        worker.shutdownNow();
    }

    /** The analysis of the document's configuration as the editor shows it now (worker thread). */
    private Analysis current(String uri) {
        Configuration configuration = Configuration.of(uri, open);
        Analysis cached = latest.get(configuration.key());
        if (cached != null
                && !cached.configuration().staleAgainst(open)
                && cached.configuration().files().size()
                        == configuration.files().size()) {
            return cached;
        }
        Analysis fresh = Analysis.of(configuration);
        latest.put(configuration.key(), fresh);
        return fresh;
    }

    private void publish(String uri, String key) {
        pending.remove(key);
        try {
            analyseAndPublish(uri, key);
        } catch (RuntimeException e) { // a bug: say so in the log, keep serving
            log.println("flywall lsp: analysing " + key + " failed: " + e);
            e.printStackTrace(log);
            log.flush();
        }
    }

    private void analyseAndPublish(String uri, String key) {
        long started = System.nanoTime();
        Analysis analysis = Analysis.of(Configuration.of(uri, open));
        if (analysis.configuration().staleAgainst(open)) {
            return; // edited meanwhile: that edit's own analysis publishes
        }
        latest.put(key, analysis);
        definitions(analysis); // remembers each file's names while it parses
        LanguageClient c = client;
        if (c == null) {
            return;
        }
        Set<String> now = new HashSet<>();
        for (Map.Entry<String, List<Diagnostic>> e : analysis.byUri(uri).entrySet()) {
            now.add(e.getKey());
            var source = analysis.configuration().member(e.getKey()).map(Configuration.Member::source);
            List<org.eclipse.lsp4j.Diagnostic> lsp = e.getValue().stream()
                    .map(d -> Diagnostics.toLsp(d, source, analysis.configuration()))
                    .toList();
            Integer version = analysis.configuration().versions().get(e.getKey());
            c.publishDiagnostics(new PublishDiagnosticsParams(e.getKey(), lsp, version));
        }
        // files that left the configuration (deleted, closed buffers) lose their diagnostics
        for (String gone : published.getOrDefault(key, Set.of())) {
            if (!now.contains(gone)) {
                c.publishDiagnostics(new PublishDiagnosticsParams(gone, List.of()));
            }
        }
        published.put(key, now);
        log.printf(
                "diagnostics for %s: %d files, %d problems, %.1f ms%n",
                key, now.size(), analysis.diagnostics().size(), (System.nanoTime() - started) / 1e6);
        log.flush();
    }
}
