package dev.flywall.diag;

import dev.flywall.source.SourceFile;
import dev.flywall.source.SourceSpan;
import java.util.Optional;
import java.util.function.Function;

/**
 * The source line a subject starts on, with the highlighted part as code-point offsets into it
 * ({@code [highlightStart, highlightEnd)}, both clamped to the line). A subject running onto
 * later lines is highlighted to the end of its first line and marked {@code continues}; one
 * that merely ends at the very start of the next line (it covers the line break) is not.
 */
record Excerpt(int line, String code, int highlightStart, int highlightEnd, boolean continues) {

    /** The excerpt for a subject, or empty when there is no subject or its text is unknown. */
    static Optional<Excerpt> of(SourceSpan subject, Function<String, SourceFile> sources) {
        return of(subject, sources, false);
    }

    /** What a sensitive subject is shown as. */
    static final String MASK = "(sensitive)";

    /**
     * The excerpt for a diagnostic's subject; with {@code sensitive}, the subject's text (to the
     * end of its first line) is replaced by {@link #MASK} and that is highlighted.
     */
    static Optional<Excerpt> of(Diagnostic diagnostic, Function<String, SourceFile> sources) {
        return of(diagnostic.subject(), sources, diagnostic.sensitiveSubject());
    }

    private static Optional<Excerpt> of(SourceSpan subject, Function<String, SourceFile> sources, boolean sensitive) {
        if (subject == null || sources == null) {
            return Optional.empty();
        }
        SourceFile file = sources.apply(subject.file());
        int line = subject.start().line();
        if (file == null || line > file.lineCount()) {
            return Optional.empty();
        }
        String code = file.line(line);
        int length = code.codePointCount(0, code.length());
        int start = Math.min(subject.start().column() - 1, length);
        int endLine = subject.end().line();
        boolean endsOnNextLineStart = endLine == line + 1 && subject.end().column() == 1;
        boolean continues = endLine > line && !endsOnNextLineStart;
        int end = endLine > line ? length : Math.min(subject.end().column() - 1, length);
        Excerpt excerpt = new Excerpt(line, code, start, Math.max(start, end), continues);
        if (sensitive) {
            excerpt = excerpt.masked();
            length = excerpt.code().codePointCount(0, excerpt.code().length());
        }
        return Optional.of(excerpt.clipped(length));
    }

    private Excerpt masked() {
        String before = otherValuesMasked(code.substring(0, code.offsetByCodePoints(0, highlightStart)));
        String after = continues ? "" : otherValuesMasked(code.substring(code.offsetByCodePoints(0, highlightEnd)));
        int start = before.codePointCount(0, before.length());
        return new Excerpt(line, before + MASK + after, start, start + MASK.length(), continues);
    }

    /** A quoted string assigned on the line ({@code = "..."}, {@code : "..."}), which may be another secret. */
    private static final java.util.regex.Pattern ASSIGNED_STRING =
            java.util.regex.Pattern.compile("([=:]\\s*)\"(?:[^\"\\\\]|\\\\.)*\"?");

    /**
     * The rest of a sensitive subject's line with every assigned string shown as {@link #MASK}: a
     * line may hold several secrets ({@code headers = { "A" = "one", "B" = "two" }}), and each
     * diagnostic masks only its own subject.
     */
    private static String otherValuesMasked(String text) {
        return ASSIGNED_STRING
                .matcher(text)
                .replaceAll(m -> java.util.regex.Matcher.quoteReplacement(m.group(1) + MASK));
    }

    /** The most code points of a line an excerpt shows; longer lines show a window around the subject. */
    static final int MAX_CODE_POINTS = 160;

    /** Code points shown before the subject when the line is clipped. */
    private static final int CONTEXT_BEFORE = 40;

    private static final String ELLIPSIS = "\u2026";

    /**
     * This excerpt cut to a window of {@link #MAX_CODE_POINTS} around the highlight, an ellipsis
     * marking each side that was cut (a 10 MB line would otherwise be printed whole).
     */
    private Excerpt clipped(int length) {
        if (length <= MAX_CODE_POINTS) {
            return this;
        }
        int from = Math.max(0, Math.min(highlightStart - CONTEXT_BEFORE, length - MAX_CODE_POINTS));
        int to = Math.min(length, from + MAX_CODE_POINTS);
        String prefix = from > 0 ? ELLIPSIS : "";
        String window = prefix
                + code.substring(code.offsetByCodePoints(0, from), code.offsetByCodePoints(0, to))
                + (to < length ? ELLIPSIS : "");
        int shift = prefix.length() - from;
        return new Excerpt(
                line,
                window,
                highlightStart + shift,
                Math.min(highlightEnd, to) + shift,
                continues || highlightEnd > to);
    }
}
