package dev.flywall.format;

import java.util.List;
import java.util.Objects;

/**
 * The canonical layout of HCL native syntax: the style of {@code terraform fmt}, whose engine,
 * hashicorp/hcl's {@code hclwrite/format.go}, is the reference for behaviour. Formatting changes
 * whitespace only and is idempotent.
 *
 * <p>Precondition: the text parses without errors ({@code Parser.parse(...).hasErrors()} is
 * false). Callers check first; like {@code terraform fmt} and google-java-format we never rewrite
 * a file that does not parse, because the token-level rules below assume balanced brackets.
 *
 * <p>What it does, as hclwrite does:
 * <ul>
 *   <li>Indentation: two spaces per level, where a level is a line that leaves brackets
 *       (<code>&#123; [ ( $&#123; %&#123;</code>) open; several opened on one line make one level
 *       (<code>jsonencode(&#123;</code> indents its body once, <code>&#125;)</code> closes it).
 *   <li>Heredoc bodies, including the closing marker line, are kept byte for byte (for
 *       {@code <<-EOT} too); so is the text of quoted strings. Inside their interpolations the
 *       usual spacing applies ({@code ${ var.x }} becomes {@code ${var.x}}, strip markers stay
 *       attached), and a line that starts inside an interpolation of a heredoc keeps its
 *       leading blanks. Lines inside a quoted string's multi-line interpolation are indented
 *       like any other expression.
 *   <li>Alignment: on runs of consecutive lines with an attribute or object element whose value
 *       ends on that line, the {@code =} goes one space after the widest name; then trailing line
 *       comments of consecutive lines go one space after the widest code. A blank line, a
 *       comment-only line, a block header or closer, or a value spanning lines (except a
 *       heredoc, which hclwrite counts as part of its opening line) ends a run. Widths count
 *       grapheme clusters. Elements written {@code key: value} are not aligned.
 *   <li>Spacing: one space around binary operators, {@code =}, {@code =>}, {@code ?} and
 *       {@code :} (also the object key colon: {@code key : value}, as hclwrite does), after
 *       commas; none before commas and {@code ...}, around dots and {@code ::}, inside
 *       {@code ()}, {@code []}, {@code ${}}, {@code %{}}, after unary {@code -} and {@code !},
 *       between a function name and {@code (}, before an index {@code [}; one inside a one-line
 *       {@code { }}, none in {@code {}}.
 *   <li>Blank lines are kept, several in a row too ({@code terraform fmt} changes horizontal
 *       space only).
 * </ul>
 *
 * <p>Where this formatter departs from hclwrite, deliberately:
 * <ul>
 *   <li>Only the closers a line starts with dedent it, one level for each level they touch:
 *       <code>&#125;, &#123;</code> and <code>&#125;, var.tags)</code> sit at the indent of the line that opened the
 *       brace, and the second line of {@code f(a,} / {@code b)} is indented. hclwrite dedents
 *       by the line's net bracket count instead, which puts {@code b)} at the outer level and
 *       leaves <code>&#125;, &#123;</code> between list elements one level too deep.
 *   <li>Trailing blank lines are removed and the file ends with exactly one newline (empty
 *       input, or input of blank lines only, becomes empty); leading blank lines stay, as in
 *       hclwrite; CRLF line ends become LF everywhere, heredocs
 *       included; trailing blanks are removed from comments, on every line of a block comment.
 *   <li>A minus is unary unless the token before it (ignoring line breaks and comments) ends an
 *       operand; hclwrite also spaces {@code ${- 1}} and {@code k => - v}.
 *   <li>{@code for}, {@code in} and {@code if} are keywords, not names: {@code in (x)} and
 *       {@code if (x)} keep their space, where hclwrite writes {@code in(x)}.
 *   <li>No space before an index after a string or a splat: {@code "ab"[0]}, {@code a.*[0]};
 *       none between a trailing comma and {@code ]} or {@code )}: {@code [1, 2,]} (a
 *       one-line object keeps {@code { a = 1, }}).
 *   <li>Only a trailing {@code #}/{@code //} comment is aligned; a trailing block comment is
 *       spaced like any token, also at the end of the file (hclwrite would align it there, which
 *       would not be idempotent once the final newline is added).
 * </ul>
 *
 * <p>As a guard against its own bugs the formatter re-lexes its output and throws
 * {@link IllegalStateException} unless the sequence of non-whitespace tokens is unchanged; it
 * also refuses (with the same exception) input whose characters the lexer did not all turn into
 * tokens, since formatting from the tokens would drop them.
 */
public final class Formatter {

    private Formatter() {}

    /**
     * Formats one file.
     *
     * @param text HCL source that parses without errors
     * @return the formatted source
     * @throws IllegalStateException if the result would differ in more than whitespace (a bug)
     */
    public static String format(String text) {
        Objects.requireNonNull(text, "text");
        List<FormatLine> lines = FormatLine.split(TokenReader.read(text));
        Indentation.apply(lines);
        Spacing.apply(lines);
        Alignment.apply(lines);
        String output = render(lines);
        SignificantTokens.requireSame(text, output);
        return output;
    }

    private static String render(List<FormatLine> lines) {
        int from = 0; // leading blank lines stay, as with terraform fmt
        int to = lines.size();
        while (to > from && lines.get(to - 1).isBlank()) {
            to--;
        }
        StringBuilder out = new StringBuilder();
        for (FormatLine line : lines.subList(from, to)) {
            for (FormatToken token : line.tokens()) {
                out.append(token.space()).append(token.text());
            }
        }
        if (to > from && !lines.get(to - 1).endsWithNewline()) {
            out.append('\n');
        }
        return out.toString();
    }
}
