package dev.flywall.lsp;

import dev.flywall.decode.Frontend;
import dev.flywall.diag.Diagnostic;
import dev.flywall.syntax.ConfigFile;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Map.Entry;
import java.util.Optional;

/**
 * What the compiler's front end made of one configuration — the same {@link Frontend} that
 * {@code flywall lint} runs, so the same problems with the same codes and spans — and the syntax
 * tree of each of its files.
 */
final class Analysis {

    private final Configuration configuration;
    private final Frontend.Result result;

    private Analysis(Configuration configuration, Frontend.Result result) {
        this.configuration = configuration;
        this.result = result;
    }

    static Analysis of(Configuration configuration) {
        return new Analysis(configuration, Frontend.load(configuration.sources(), Map.of()));
    }

    Configuration configuration() {
        return configuration;
    }

    List<Diagnostic> diagnostics() {
        return result.diagnostics();
    }

    /** The parsed file of a document of this configuration. */
    Optional<ConfigFile> file(String uri) {
        return configuration
                .member(uri)
                .flatMap(m -> result.document().files().stream()
                        .filter(f -> f.source() == m.source())
                        .findFirst());
    }

    List<Entry<String, ConfigFile>> files() {
        List<Entry<String, ConfigFile>> files = new ArrayList<>();
        for (Configuration.Member m : configuration.files()) {
            file(m.uri()).ifPresent(f -> files.add(Map.entry(m.uri(), f)));
        }
        return files;
    }

    /**
     * The diagnostics by the URI of the file each is about, with every file of the configuration
     * present (an empty list clears what an editor shows). A problem about no file (or one that
     * is not open) goes to {@code fallbackUri}.
     */
    Map<String, List<Diagnostic>> byUri(String fallbackUri) {
        Map<String, List<Diagnostic>> byUri = new LinkedHashMap<>();
        configuration.files().forEach(m -> byUri.put(m.uri(), new ArrayList<>()));
        for (Diagnostic d : result.diagnostics()) {
            String uri = d.subject() == null
                    ? fallbackUri
                    : configuration
                            .memberNamed(d.subject().file())
                            .map(Configuration.Member::uri)
                            .orElse(fallbackUri);
            byUri.computeIfAbsent(uri, u -> new ArrayList<>()).add(d);
        }
        return byUri;
    }
}
