package dev.flywall.format;

import java.util.Objects;

/**
 * One token as the formatter lays it out: its kind, its text (never changed, apart from the
 * normalisation in {@link SignificantTokens#normalized}) and the whitespace to print before it,
 * which the layout passes overwrite. Mutable on purpose: the passes refine one field in place,
 * as hclwrite does with {@code SpacesBefore}.
 */
final class FormatToken {

    private final TokenKind kind;
    private final String text;
    private final String originalSpace;
    private final boolean insideHeredoc;
    private String space;

    FormatToken(TokenKind kind, String text, String originalSpace, boolean insideHeredoc) {
        this.kind = Objects.requireNonNull(kind, "kind");
        this.text = Objects.requireNonNull(text, "text");
        this.originalSpace = Objects.requireNonNull(originalSpace, "originalSpace");
        this.insideHeredoc = insideHeredoc;
        this.space = originalSpace;
    }

    TokenKind kind() {
        return kind;
    }

    String text() {
        return text;
    }

    /** The whitespace that preceded this token on its line in the input. */
    String originalSpace() {
        return originalSpace;
    }

    /** Whether this token lies within a heredoc body (inside one of its interpolations). */
    boolean insideHeredoc() {
        return insideHeredoc;
    }

    /** The whitespace to print before this token. */
    String space() {
        return space;
    }

    void setSpace(String space) {
        this.space = Objects.requireNonNull(space, "space");
    }

    void setSpaces(int count) {
        this.space = " ".repeat(count);
    }

    boolean is(TokenKind other) {
        return kind == other;
    }

    @Override
    public String toString() {
        return kind + "'" + text + "'";
    }
}
