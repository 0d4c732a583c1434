package dev.flywall.diag;

import dev.flywall.source.SourceSpan;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Where the decoder and the validator report what they find. A finding reached twice — a
 * health check inherited by several members is checked once per member — is reported once:
 * same code, summary and place.
 */
public final class DiagnosticSink {

    private final List<Diagnostic> sink;
    private final Set<String> seen = new HashSet<>();

    public DiagnosticSink(List<Diagnostic> sink) {
        this.sink = sink;
    }

    public void add(Diagnostic d) {
        String key = d.code() + "|" + d.summary() + "|"
                + (d.subject() == null
                        ? ""
                        : d.subject().file() + "@" + d.subject().start().byteOffset());
        if (seen.add(key)) {
            sink.add(d);
        }
    }

    public void error(Code code, String summary, String detail, SourceSpan span) {
        add(Diagnostic.error(code, summary, detail, span));
    }

    public void error(Code code, String summary, String detail, SourceSpan span, String hint) {
        add(Diagnostic.error(code, summary, detail, span).withHint(hint));
    }

    public void warning(Code code, String summary, String detail, SourceSpan span) {
        add(Diagnostic.warning(code, summary, detail, span));
    }

    /** The "did you mean" hint for a misspelt name, or null when nothing is close. */
    public static String didYouMean(String given, Collection<String> candidates) {
        return DidYouMean.suggest(given, candidates)
                .map(s -> "did you mean \"" + s + "\"?")
                .orElse(null);
    }

    /** "a wan block", "an interface block". */
    public static String a(String word) {
        return ("aeiou".indexOf(Character.toLowerCase(word.charAt(0))) >= 0 ? "an " : "a ") + word;
    }
}
