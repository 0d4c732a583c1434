package dev.flywall.format;

import java.util.ArrayList;
import java.util.List;

/**
 * One line for layout purposes, cut into hclwrite's three cells: the lead (up to an attribute's
 * {@code =}, or everything), the assignment (from that {@code =} to the end of a value that
 * closes on this line) and a trailing line comment. A line ends at a newline token of any channel;
 * a heredoc's body therefore belongs to the line that opens it, as in hclwrite, so its lines are
 * never indented or aligned on their own.
 *
 * @param tokens      the line's tokens, including its closing newline token if it has one
 * @param assignStart index of the {@code =} that starts the assignment cell, or -1
 * @param commentStart index of the trailing line comment, or -1
 */
record FormatLine(List<FormatToken> tokens, int assignStart, int commentStart) {

    FormatLine {
        tokens = List.copyOf(tokens);
        if (assignStart >= tokens.size() || commentStart >= tokens.size()) {
            throw new IllegalArgumentException("cell start out of range");
        }
    }

    /** Cuts a token sequence into lines and their cells. */
    static List<FormatLine> split(List<FormatToken> tokens) {
        List<FormatLine> lines = new ArrayList<>();
        List<FormatToken> current = new ArrayList<>();
        for (FormatToken token : tokens) {
            current.add(token);
            if (token.is(TokenKind.NEWLINE)) {
                lines.add(of(current));
                current = new ArrayList<>();
            }
        }
        if (!current.isEmpty()) {
            lines.add(of(current));
        }
        return lines;
    }

    private static FormatLine of(List<FormatToken> tokens) {
        int end = contentEnd(tokens);
        // A comment alone on its line is not a trailing comment: it is indented, never aligned.
        int comment = end >= 2 && tokens.get(end - 1).is(TokenKind.LINE_COMMENT) ? end - 1 : -1;
        int assign = assignStart(tokens, comment < 0 ? end : comment);
        return new FormatLine(tokens, assign, comment);
    }

    /**
     * The first {@code =} after the line's first token, if the value after it closes every
     * bracket it opens: a value that goes on over more lines does not take part in alignment.
     */
    private static int assignStart(List<FormatToken> tokens, int end) {
        for (int i = 1; i < end; i++) {
            if (tokens.get(i).is(TokenKind.EQUAL)) {
                return netBrackets(tokens, i, end) == 0 ? i : -1;
            }
        }
        return -1;
    }

    private static int contentEnd(List<FormatToken> tokens) {
        int end = tokens.size();
        return end > 0 && tokens.get(end - 1).is(TokenKind.NEWLINE) ? end - 1 : end;
    }

    static int netBrackets(List<FormatToken> tokens, int from, int to) {
        int net = 0;
        for (int i = from; i < to; i++) {
            net += tokens.get(i).kind().bracketChange();
        }
        return net;
    }

    /** The bracket balance of the whole line. */
    int netBrackets() {
        return netBrackets(tokens, 0, tokens.size());
    }

    /** Whether the line holds nothing but its newline. */
    boolean isBlank() {
        return tokens.isEmpty() || tokens.get(0).is(TokenKind.NEWLINE);
    }

    boolean hasAssign() {
        return assignStart >= 0;
    }

    boolean hasComment() {
        return commentStart >= 0;
    }

    FormatToken first() {
        return tokens.get(0);
    }

    boolean endsWithNewline() {
        return !tokens.isEmpty() && tokens.get(tokens.size() - 1).is(TokenKind.NEWLINE);
    }
}
