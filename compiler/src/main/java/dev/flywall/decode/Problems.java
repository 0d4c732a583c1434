package dev.flywall.decode;

import dev.flywall.diag.Code;
import dev.flywall.diag.Diagnostic;
import dev.flywall.source.SourceSpan;
import java.util.List;

/** Where decoding and validation report what they find. */
final class Problems {

    private final List<Diagnostic> sink;
    /** A health check inherited by several members is built several times: report its problems once. */
    private final java.util.Set<String> seen = new java.util.HashSet<>();

    Problems(List<Diagnostic> sink) {
        this.sink = sink;
    }

    void add(Diagnostic d) {
        String key = d.code() + "|" + d.summary() + "|" + (d.subject() == null ? ""
                : d.subject().file() + "@" + d.subject().start().byteOffset());
        if (seen.add(key)) {
            sink.add(d);
        }
    }

    void error(Code code, String summary, String detail, SourceSpan span) {
        add(Diagnostic.error(code, summary, detail, span));
    }

    void error(Code code, String summary, String detail, SourceSpan span, String hint) {
        add(Diagnostic.error(code, summary, detail, span).withHint(hint));
    }

    void warning(Code code, String summary, String detail, SourceSpan span) {
        add(Diagnostic.warning(code, summary, detail, span));
    }

    void warning(Code code, String summary, String detail, SourceSpan span, String hint) {
        add(Diagnostic.warning(code, summary, detail, span).withHint(hint));
    }

    /** "a wan block", "an interface block". */
    static String a(String word) {
        return ("aeiou".indexOf(Character.toLowerCase(word.charAt(0))) >= 0 ? "an " : "a ") + word;
    }

    static String didYouMean(String given, java.util.Collection<String> candidates) {
        return dev.flywall.diag.DidYouMean.suggest(given, candidates).map(s -> "did you mean \"" + s + "\"?")
                .orElse(null);
    }
}
