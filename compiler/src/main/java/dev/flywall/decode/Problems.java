package dev.flywall.decode;

import dev.flywall.diag.Code;
import dev.flywall.diag.Diagnostic;
import dev.flywall.source.SourceSpan;
import java.util.List;

/** Where decoding and validation report what they find. */
final class Problems {

    private final List<Diagnostic> sink;

    Problems(List<Diagnostic> sink) {
        this.sink = sink;
    }

    void add(Diagnostic d) {
        sink.add(d);
    }

    void error(Code code, String summary, String detail, SourceSpan span) {
        sink.add(Diagnostic.error(code, summary, detail, span));
    }

    void error(Code code, String summary, String detail, SourceSpan span, String hint) {
        sink.add(Diagnostic.error(code, summary, detail, span).withHint(hint));
    }

    void warning(Code code, String summary, String detail, SourceSpan span) {
        sink.add(Diagnostic.warning(code, summary, detail, span));
    }

    void warning(Code code, String summary, String detail, SourceSpan span, String hint) {
        sink.add(Diagnostic.warning(code, summary, detail, span).withHint(hint));
    }

    static String didYouMean(String given, java.util.Collection<String> candidates) {
        return dev.flywall.diag.DidYouMean.suggest(given, candidates).map(s -> "did you mean \"" + s + "\"?")
                .orElse(null);
    }
}
