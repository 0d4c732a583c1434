package dev.flywall.format;

import dev.flywall.grammar.HclLexer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.antlr.v4.runtime.Token;

/**
 * Reads the lexer's tokens into {@link FormatToken}s: drops blanks (remembering them as each
 * token's original leading space), and decides the kinds that depend on context — which brace
 * closes an interpolation, whether a minus negates, whether a star is a splat, whether a tilde
 * strips at an opening or a closing.
 */
final class TokenReader {

    private final List<Token> tokens;
    private final List<FormatToken> out = new ArrayList<>();
    /** Open brackets, to tell an interpolation's closing brace from an object's. */
    private final Deque<TokenKind> open = new ArrayDeque<>();

    private int heredocDepth;
    private FormatToken previousSignificant;

    private TokenReader(List<Token> tokens) {
        this.tokens = tokens;
    }

    /** All tokens of the text except blanks, in order; newline tokens of every channel kept. */
    static List<FormatToken> read(String text) {
        List<Token> tokens = SignificantTokens.lex(text);
        SignificantTokens.requireCovered(text, tokens);
        return new TokenReader(tokens).readAll();
    }

    private List<FormatToken> readAll() {
        StringBuilder blanks = new StringBuilder();
        for (int i = 0; i < tokens.size(); i++) {
            Token token = tokens.get(i);
            if (token.getType() == HclLexer.WS) {
                blanks.append(token.getText());
                continue;
            }
            TokenKind kind = kindOf(token, i);
            if (token.getType() == HclLexer.HEREDOC_END) {
                heredocDepth--;
            }
            FormatToken formatToken =
                    new FormatToken(kind, SignificantTokens.normalized(token), blanks.toString(), heredocDepth > 0);
            if (token.getType() == HclLexer.HEREDOC_START) {
                heredocDepth++;
            }
            blanks.setLength(0);
            out.add(formatToken);
            if (kind != TokenKind.NEWLINE && kind != TokenKind.LINE_COMMENT && kind != TokenKind.BLOCK_COMMENT) {
                previousSignificant = formatToken;
            }
        }
        return out;
    }

    private TokenKind kindOf(Token token, int index) {
        TokenKind kind = simpleKind(token.getType());
        return switch (kind) {
            case LBRACE, LBRACK, LPAREN, INTERP_OPEN, DIRECTIVE_OPEN -> {
                open.push(kind);
                yield kind;
            }
            case RBRACE, RBRACK, RPAREN -> closing(kind);
            case KEYWORD -> previousIs(TokenKind.DOT) ? TokenKind.IDENT : TokenKind.KEYWORD;
            case UNARY_MINUS ->
                previousSignificant != null && previousSignificant.kind().endsOperand()
                        ? TokenKind.MINUS
                        : TokenKind.UNARY_MINUS;
            case OPERATOR -> token.getType() == HclLexer.STAR && isSplat(index) ? TokenKind.SPLAT : kind;
            case STRIP_OPEN ->
                previousIs(TokenKind.INTERP_OPEN) || previousIs(TokenKind.DIRECTIVE_OPEN)
                        ? TokenKind.STRIP_OPEN
                        : nextTypeIs(index, HclLexer.RBRACE) ? TokenKind.STRIP_CLOSE : TokenKind.OTHER;
            default -> kind;
        };
    }

    private TokenKind closing(TokenKind kind) {
        TokenKind opener = open.isEmpty() ? null : open.pop();
        if (kind == TokenKind.RBRACE && (opener == TokenKind.INTERP_OPEN || opener == TokenKind.DIRECTIVE_OPEN)) {
            return TokenKind.TEMPLATE_CLOSE;
        }
        return kind;
    }

    /** {@code a.*} or {@code a[*]}; any other star multiplies. */
    private boolean isSplat(int index) {
        return previousIs(TokenKind.DOT) || previousIs(TokenKind.LBRACK) && nextTypeIs(index, HclLexer.RBRACK);
    }

    private boolean previousIs(TokenKind kind) {
        return previousSignificant != null && previousSignificant.kind() == kind;
    }

    /** Whether the next token that is not a blank, newline or comment has the given type. */
    private boolean nextTypeIs(int index, int type) {
        for (int i = index + 1; i < tokens.size(); i++) {
            int next = tokens.get(i).getType();
            if (next != HclLexer.WS
                    && next != HclLexer.NEWLINE
                    && next != HclLexer.LINE_COMMENT
                    && next != HclLexer.BLOCK_COMMENT) {
                return next == type;
            }
        }
        return false;
    }

    /** The kind from the token type alone; context-dependent ones get a provisional kind. */
    private static TokenKind simpleKind(int type) {
        return switch (type) {
            case HclLexer.IDENT,
                    HclLexer.TRUE,
                    HclLexer.FALSE,
                    HclLexer.NULL,
                    HclLexer.ELSE,
                    HclLexer.ENDIF,
                    HclLexer.ENDFOR -> TokenKind.IDENT;
            case HclLexer.FOR, HclLexer.IN, HclLexer.IF -> TokenKind.KEYWORD;
            case HclLexer.NUMBER -> TokenKind.NUMBER;
            case HclLexer.OQUOTE -> TokenKind.OPEN_QUOTE;
            case HclLexer.CQUOTE -> TokenKind.CLOSE_QUOTE;
            case HclLexer.TEMPLATE_LITERAL -> TokenKind.LITERAL;
            case HclLexer.HEREDOC_START -> TokenKind.HEREDOC_OPEN;
            case HclLexer.HEREDOC_END -> TokenKind.HEREDOC_CLOSE;
            case HclLexer.TEMPLATE_INTERP -> TokenKind.INTERP_OPEN;
            case HclLexer.TEMPLATE_DIRECTIVE -> TokenKind.DIRECTIVE_OPEN;
            case HclLexer.TILDE -> TokenKind.STRIP_OPEN;
            case HclLexer.LBRACE -> TokenKind.LBRACE;
            case HclLexer.RBRACE -> TokenKind.RBRACE;
            case HclLexer.LBRACK -> TokenKind.LBRACK;
            case HclLexer.RBRACK -> TokenKind.RBRACK;
            case HclLexer.LPAREN -> TokenKind.LPAREN;
            case HclLexer.RPAREN -> TokenKind.RPAREN;
            case HclLexer.DOT -> TokenKind.DOT;
            case HclLexer.COMMA -> TokenKind.COMMA;
            case HclLexer.ELLIPSIS -> TokenKind.ELLIPSIS;
            case HclLexer.DCOLON -> TokenKind.DOUBLE_COLON;
            case HclLexer.EQ -> TokenKind.EQUAL;
            case HclLexer.COLON -> TokenKind.COLON;
            case HclLexer.QUESTION -> TokenKind.QUESTION;
            case HclLexer.ARROW -> TokenKind.ARROW;
            case HclLexer.MINUS -> TokenKind.UNARY_MINUS;
            case HclLexer.NOT -> TokenKind.BANG;
            case HclLexer.STAR,
                    HclLexer.PLUS,
                    HclLexer.SLASH,
                    HclLexer.PERCENT,
                    HclLexer.EQEQ,
                    HclLexer.NEQ,
                    HclLexer.LT,
                    HclLexer.GT,
                    HclLexer.LE,
                    HclLexer.GE,
                    HclLexer.AND,
                    HclLexer.OR -> TokenKind.OPERATOR;
            case HclLexer.LINE_COMMENT -> TokenKind.LINE_COMMENT;
            case HclLexer.BLOCK_COMMENT -> TokenKind.BLOCK_COMMENT;
            case HclLexer.NEWLINE -> TokenKind.NEWLINE;
            default -> TokenKind.OTHER;
        };
    }
}
