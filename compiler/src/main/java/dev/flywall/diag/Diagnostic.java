package dev.flywall.diag;

import dev.flywall.source.SourceSpan;
import java.util.List;
import java.util.Objects;

/**
 * One problem found in a configuration. {@code summary} is a short phrase without a final
 * period; {@code detail} is full sentences that say how to fix it; {@code subject} is the exact
 * range the problem is about, or null for problems about no place (a missing file's content);
 * {@code label} is a short note printed under the subject; {@code hints} are "help:" lines.
 */
public record Diagnostic(
        Severity severity,
        Code code,
        String summary,
        String detail,
        SourceSpan subject,
        String label,
        List<String> hints,
        boolean sensitiveSubject) {

    /** A diagnostic whose subject may be shown (see {@link #sensitive()}). */
    public Diagnostic(
            Severity severity,
            Code code,
            String summary,
            String detail,
            SourceSpan subject,
            String label,
            List<String> hints) {
        this(severity, code, summary, detail, subject, label, hints, false);
    }

    public Diagnostic {
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(summary, "summary");
        detail = detail == null ? "" : detail;
        label = label == null ? "" : label;
        hints = List.copyOf(hints == null ? List.of() : hints);
        if (summary.endsWith(".")) {
            throw new IllegalArgumentException("summary must not end with a period: " + summary);
        }
    }

    public static Diagnostic error(Code code, String summary, String detail, SourceSpan subject) {
        return new Diagnostic(Severity.ERROR, code, summary, detail, subject, "", List.of());
    }

    public static Diagnostic warning(Code code, String summary, String detail, SourceSpan subject) {
        return new Diagnostic(Severity.WARNING, code, summary, detail, subject, "", List.of());
    }

    public Diagnostic withLabel(String newLabel) {
        return new Diagnostic(severity, code, summary, detail, subject, newLabel, hints, sensitiveSubject);
    }

    public Diagnostic withHint(String hint) {
        if (hint == null || hint.isEmpty()) {
            return this;
        }
        List<String> more = new java.util.ArrayList<>(hints);
        more.add(hint);
        return new Diagnostic(severity, code, summary, detail, subject, label, more, sensitiveSubject);
    }

    /**
     * This diagnostic with a subject that is a secret: source excerpts show {@code (sensitive)}
     * in its place, so a warning about a plaintext secret never prints it into a CI log.
     */
    public Diagnostic sensitive() {
        return new Diagnostic(severity, code, summary, detail, subject, label, hints, true);
    }

    public boolean isError() {
        return severity == Severity.ERROR;
    }
}
