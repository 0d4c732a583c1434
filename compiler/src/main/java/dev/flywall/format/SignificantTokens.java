package dev.flywall.format;

import dev.flywall.grammar.HclLexer;
import java.util.ArrayList;
import java.util.List;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.Token;

/**
 * The tokens of a text that carry meaning — everything but blanks and line ends — and the two
 * guards the formatter relies on: the lexer saw every character, and formatting changed nothing
 * but whitespace.
 */
final class SignificantTokens {

    private SignificantTokens() {}

    /** Every token of every channel, without printing lexer errors to stderr. */
    static List<Token> lex(String text) {
        HclLexer lexer = new HclLexer(CharStreams.fromString(text));
        lexer.removeErrorListeners();
        return new ArrayList<>(lexer.getAllTokens());
    }

    /**
     * A token's text as the formatter writes it: CRLF line ends become LF, and comments lose
     * trailing blanks on each of their lines. Only these changes are whitespace-like enough to
     * allow; the comparison in {@link #requireSame} applies the same normalisation.
     */
    static String normalized(Token token) {
        if (token.getType() == HclLexer.NEWLINE) {
            return "\n";
        }
        String text = token.getText().replace("\r\n", "\n");
        if (token.getType() == HclLexer.LINE_COMMENT || token.getType() == HclLexer.BLOCK_COMMENT) {
            return stripTrailingBlanksPerLine(text);
        }
        return text;
    }

    /**
     * Fails if the lexer skipped characters: ANTLR drops what no rule of the current mode
     * matches, and formatting from the tokens would then silently delete those characters.
     */
    static void requireCovered(String text, List<Token> tokens) {
        int expected = 0;
        for (Token token : tokens) {
            if (token.getStartIndex() != expected) {
                throw skipped(text, expected);
            }
            expected = token.getStopIndex() + 1;
        }
        if (expected != text.codePointCount(0, text.length())) {
            throw skipped(text, expected);
        }
    }

    /** Fails (a formatter bug) unless both texts have the same significant tokens. */
    static void requireSame(String input, String output) {
        List<Token> before = significant(lex(input));
        List<Token> after = significant(lex(output));
        int common = Math.min(before.size(), after.size());
        for (int i = 0; i < common; i++) {
            Token a = before.get(i);
            Token b = after.get(i);
            if (a.getType() != b.getType() || !normalized(a).equals(normalized(b))) {
                throw new IllegalStateException(String.format(
                        "formatter bug: token %s at %d:%d became %s at %d:%d",
                        describe(a),
                        a.getLine(),
                        a.getCharPositionInLine() + 1,
                        describe(b),
                        b.getLine(),
                        b.getCharPositionInLine() + 1));
            }
        }
        if (before.size() != after.size()) {
            throw new IllegalStateException(
                    String.format("formatter bug: %d significant tokens became %d", before.size(), after.size()));
        }
    }

    private static List<Token> significant(List<Token> tokens) {
        return tokens.stream()
                .filter(t -> t.getType() != HclLexer.WS && t.getType() != HclLexer.NEWLINE)
                .toList();
    }

    private static String describe(Token token) {
        String name = HclLexer.VOCABULARY.getSymbolicName(token.getType());
        return name + " \"" + token.getText().replace("\r", "\\r").replace("\n", "\\n") + "\"";
    }

    private static String stripTrailingBlanksPerLine(String text) {
        StringBuilder out = new StringBuilder(text.length());
        int start = 0;
        while (true) {
            int newline = text.indexOf('\n', start);
            int end = newline < 0 ? text.length() : newline;
            int trimmed = end;
            while (trimmed > start && (text.charAt(trimmed - 1) == ' ' || text.charAt(trimmed - 1) == '\t')) {
                trimmed--;
            }
            out.append(text, start, trimmed);
            if (newline < 0) {
                return out.toString();
            }
            out.append('\n');
            start = newline + 1;
        }
    }

    private static IllegalStateException skipped(String text, int codePointIndex) {
        int offset = text.offsetByCodePoints(0, Math.min(codePointIndex, text.codePointCount(0, text.length())));
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < offset; i++) {
            if (text.charAt(i) == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        int column = text.codePointCount(lineStart, offset) + 1;
        String what = offset < text.length() ? String.format("U+%04X", text.codePointAt(offset)) : "end of input";
        return new IllegalStateException(String.format(
                "lexer skipped input at %d:%d (%s); refusing to format, the output would lose it", line, column, what));
    }
}
