package dev.flywall.validate;

import dev.flywall.diag.Code;
import dev.flywall.diag.Diagnostic;
import dev.flywall.diag.DidYouMean;
import dev.flywall.source.SourceSpan;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Collects validation diagnostics; the same finding at the same place is reported once. */
final class Findings {

    private final List<Diagnostic> sink;
    private final Set<String> seen = new HashSet<>();

    Findings(List<Diagnostic> sink) {
        this.sink = sink;
    }

    void add(Diagnostic d) {
        String key = d.code() + "@" + (d.subject() == null ? "" : d.subject().start().byteOffset() + d.subject().file())
                + d.summary();
        if (seen.add(key)) {
            sink.add(d);
        }
    }

    void error(Code code, String summary, String detail, SourceSpan span) {
        add(Diagnostic.error(code, summary, detail, span));
    }

    void warning(Code code, String summary, String detail, SourceSpan span) {
        add(Diagnostic.warning(code, summary, detail, span));
    }

    static String suggestion(String given, Collection<String> names) {
        return DidYouMean.suggest(given, names).map(s -> "did you mean \"" + s + "\"?").orElse(null);
    }
}
