package dev.flywall.format;

import static dev.flywall.format.TokenKind.BANG;
import static dev.flywall.format.TokenKind.CLOSE_QUOTE;
import static dev.flywall.format.TokenKind.COMMA;
import static dev.flywall.format.TokenKind.DIRECTIVE_OPEN;
import static dev.flywall.format.TokenKind.DOT;
import static dev.flywall.format.TokenKind.DOUBLE_COLON;
import static dev.flywall.format.TokenKind.ELLIPSIS;
import static dev.flywall.format.TokenKind.HEREDOC_CLOSE;
import static dev.flywall.format.TokenKind.HEREDOC_OPEN;
import static dev.flywall.format.TokenKind.IDENT;
import static dev.flywall.format.TokenKind.INTERP_OPEN;
import static dev.flywall.format.TokenKind.KEYWORD;
import static dev.flywall.format.TokenKind.LBRACE;
import static dev.flywall.format.TokenKind.LBRACK;
import static dev.flywall.format.TokenKind.LITERAL;
import static dev.flywall.format.TokenKind.LPAREN;
import static dev.flywall.format.TokenKind.NEWLINE;
import static dev.flywall.format.TokenKind.NUMBER;
import static dev.flywall.format.TokenKind.OPEN_QUOTE;
import static dev.flywall.format.TokenKind.RBRACE;
import static dev.flywall.format.TokenKind.RBRACK;
import static dev.flywall.format.TokenKind.RPAREN;
import static dev.flywall.format.TokenKind.SPLAT;
import static dev.flywall.format.TokenKind.STRIP_CLOSE;
import static dev.flywall.format.TokenKind.STRIP_OPEN;
import static dev.flywall.format.TokenKind.TEMPLATE_CLOSE;
import static dev.flywall.format.TokenKind.UNARY_MINUS;

import java.util.List;

/**
 * The spaces between two tokens on one line: the rules of hclwrite's {@code spaceAfterToken},
 * in its order, with the few differences that {@link Formatter} documents.
 */
final class Spacing {

    private Spacing() {}

    /** Sets the space before every token of each line except the first (its indentation). */
    static void apply(List<FormatLine> lines) {
        for (FormatLine line : lines) {
            List<FormatToken> tokens = line.tokens();
            for (int i = 1; i < tokens.size(); i++) {
                tokens.get(i)
                        .setSpaces(
                                spaceBetween(
                                                        tokens.get(i - 1).kind(),
                                                        tokens.get(i).kind())
                                                || splitsNumber(tokens, i)
                                        ? 1
                                        : 0);
            }
        }
    }

    /**
     * Whether token {@code i} is the dot or the number of {@code NUMBER DOT NUMBER}: glued, the
     * three would read back as one number ({@code 3 . 1} as {@code 3.1}), so they keep a space.
     */
    private static boolean splitsNumber(List<FormatToken> tokens, int i) {
        TokenKind kind = tokens.get(i).kind();
        if (kind == DOT) {
            return tokens.get(i - 1).kind() == NUMBER
                    && i + 1 < tokens.size()
                    && tokens.get(i + 1).kind() == NUMBER;
        }
        return kind == NUMBER
                && i >= 2
                && tokens.get(i - 1).kind() == DOT
                && tokens.get(i - 2).kind() == NUMBER;
    }

    /** Whether one space (else none) goes between a token of kind {@code left} and one of {@code right}. */
    static boolean spaceBetween(TokenKind left, TokenKind right) {
        if (right == STRIP_OPEN || left == STRIP_CLOSE) {
            return false; // a strip marker is glued to the bracket it belongs to: ${~ and ~}
        }
        // Otherwise the marker and its bracket act as one token, as hclsyntax lexes them.
        TokenKind subject = left == STRIP_OPEN ? INTERP_OPEN : left;
        TokenKind after = right == STRIP_CLOSE ? TEMPLATE_CLOSE : right;
        if (after == NEWLINE) {
            return false;
        }
        if (subject == IDENT && (after == LPAREN || after == DOUBLE_COLON)
                || subject == DOUBLE_COLON && after == IDENT) {
            return false; // f(x), provider::aws::f
        }
        if (subject == DOT || after == DOT || after == COMMA || after == ELLIPSIS) {
            return false;
        }
        if (subject == COMMA) {
            return after != RBRACK && after != RPAREN; // [1, 2,] like [1, 2]; hclwrite: [1, 2, ]
        }
        if (isTemplateText(subject, after)) {
            return false; // literal text carries its own spaces
        }
        if (subject == KEYWORD) {
            return true; // for x in [a], if (b): the keyword is not a name being called or indexed
        }
        if (after == LBRACK
                && (subject == IDENT
                        || subject == NUMBER
                        || subject == SPLAT
                        || subject == CLOSE_QUOTE
                        || subject.bracketChange() < 0)) {
            return false; // an index: a[0], f(x)[0], "ab"[0], a.*[0]
        }
        if (subject == BANG || subject == UNARY_MINUS) {
            return false;
        }
        return spaceAroundBrackets(subject, after);
    }

    private static boolean isTemplateText(TokenKind subject, TokenKind after) {
        return subject == LITERAL
                || subject == OPEN_QUOTE
                || subject == HEREDOC_OPEN
                || after == LITERAL
                || after == CLOSE_QUOTE
                || after == HEREDOC_CLOSE;
    }

    private static boolean spaceAroundBrackets(TokenKind subject, TokenKind after) {
        if (subject == LBRACE || after == RBRACE) {
            return !(subject == LBRACE && after == RBRACE); // { a = 1 } but {}
        }
        if ((subject == INTERP_OPEN || subject == DIRECTIVE_OPEN) && after == LBRACE) {
            return true; // ${ {a = 1} } keeps the object visibly apart from the interpolation
        }
        if (subject == RBRACE && after == TEMPLATE_CLOSE) {
            return true;
        }
        if (subject == TEMPLATE_CLOSE && (after == INTERP_OPEN || after == DIRECTIVE_OPEN)) {
            return false;
        }
        if (subject.bracketChange() > 0 || after.bracketChange() < 0) {
            return false;
        }
        return true;
    }
}
