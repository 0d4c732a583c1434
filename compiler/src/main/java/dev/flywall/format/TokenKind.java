package dev.flywall.format;

/**
 * What a token is for the purpose of layout. Coarser than the lexer's token types where the
 * spacing rules do not care (all binary operators are alike) and finer where they do: a minus is
 * unary or binary, a star is a splat or a multiplication, a closing brace ends an object or a
 * template interpolation, a tilde is glued to the bracket it strips at.
 */
enum TokenKind {
    /** Names and the literal keywords: {@code foo}, {@code true}, {@code endif}, {@code x.in}. */
    IDENT,
    /** {@code for}, {@code in} and {@code if} where they introduce a clause (not after a dot). */
    KEYWORD,
    NUMBER,
    /** Opening and closing {@code "} of a quoted template. */
    OPEN_QUOTE,
    CLOSE_QUOTE,
    /** Literal text of a quoted or heredoc template, including a heredoc's line ends. */
    LITERAL,
    /** {@code <<EOT} or {@code <<-EOT} with its line end, and the closing marker line. */
    HEREDOC_OPEN,
    HEREDOC_CLOSE,
    /** <code>$&#123;</code> and <code>%&#123;</code>. */
    INTERP_OPEN,
    DIRECTIVE_OPEN,
    /** The <code>&#125;</code> that ends an interpolation or directive. */
    TEMPLATE_CLOSE,
    /**
     * A strip marker {@code ~} right after <code>$&#123;</code>/<code>%&#123;</code>, or right
     * before its <code>&#125;</code>.
     */
    STRIP_OPEN,
    STRIP_CLOSE,
    LBRACE,
    RBRACE,
    LBRACK,
    RBRACK,
    LPAREN,
    RPAREN,
    DOT,
    COMMA,
    ELLIPSIS,
    DOUBLE_COLON,
    EQUAL,
    COLON,
    QUESTION,
    ARROW,
    /** A minus after something that ends an operand (subtraction). */
    MINUS,
    /** A minus anywhere else (negation). */
    UNARY_MINUS,
    BANG,
    /** {@code *} in {@code a.*.b} or {@code a[*]}. */
    SPLAT,
    /** Every other binary operator: {@code + * / % == != < > <= >= && ||}. */
    OPERATOR,
    LINE_COMMENT,
    BLOCK_COMMENT,
    NEWLINE,
    /** Anything the parser would reject; never produced for input that parses. */
    OTHER;

    /** +1 for a token that opens a nesting level, -1 for one that closes it, else 0. */
    int bracketChange() {
        return switch (this) {
            case LBRACE, LBRACK, LPAREN, INTERP_OPEN, DIRECTIVE_OPEN -> 1;
            case RBRACE, RBRACK, RPAREN, TEMPLATE_CLOSE -> -1;
            default -> 0;
        };
    }

    /** Whether a minus after this token subtracts (this ends an operand) rather than negates. */
    boolean endsOperand() {
        return switch (this) {
            case IDENT, NUMBER, CLOSE_QUOTE, HEREDOC_CLOSE, RPAREN, RBRACK, RBRACE, SPLAT -> true;
            default -> false;
        };
    }
}
