package dev.flywall.syntax;

import dev.flywall.diag.Code;
import dev.flywall.diag.Diagnostic;
import dev.flywall.grammar.HclLexer;
import dev.flywall.source.SourceFile;
import dev.flywall.source.SourceSpan;
import java.util.ArrayList;
import java.util.List;
import org.antlr.v4.runtime.Token;

/** Problems visible in the token stream alone: stray characters and unclosed comments. */
final class LexicalChecks {

    private LexicalChecks() {}

    static List<Diagnostic> check(SourceFile source, List<Token> tokens) {
        List<Diagnostic> out = new ArrayList<>();
        int lastInvalidLine = -1;
        for (Token t : tokens) {
            if (t.getChannel() == HclLexer.ERRORS && t.getLine() != lastInvalidLine) {
                lastInvalidLine = t.getLine();
                out.add(invalidCharacter(source, t));
            } else if (t.getType() == HclLexer.BLOCK_COMMENT && !t.getText().endsWith("*/")
                    || t.getType() == HclLexer.BLOCK_COMMENT && t.getText().length() < 4) {
                out.add(Diagnostic.error(
                                Code.E0119,
                                "Unterminated comment",
                                "This /* comment is never closed with */, so the rest of the file is part of it.",
                                span(source, t.getStartIndex(), t.getStartIndex() + 2))
                        .withLabel("comment starts here"));
            }
        }
        return out;
    }

    private static Diagnostic invalidCharacter(SourceFile source, Token t) {
        String ch = t.getText();
        SourceSpan where = span(source, t.getStartIndex(), t.getStopIndex() + 1);
        return switch (ch) {
            case "'" ->
                Diagnostic.error(
                                Code.E0101,
                                "Invalid character",
                                "Single quotes are not valid. Use double quotes (\") to enclose strings.",
                                where)
                        .withLabel("single quote");
            case ";" ->
                Diagnostic.error(
                                Code.E0101,
                                "Invalid character",
                                "The \";\" character is not valid. Use newlines to separate arguments and blocks,"
                                        + " and commas to separate items in collection values.",
                                where)
                        .withLabel("semicolon");
            case "\t", "\u000b", "\f" ->
                Diagnostic.error(
                        Code.E0101, "Invalid character", "This whitespace character is not allowed here.", where);
            default ->
                Diagnostic.error(
                                Code.E0101,
                                "Invalid character",
                                "The character " + describe(ch)
                                        + " is not used within HCL syntax outside strings and comments.",
                                where)
                        .withLabel("not valid here");
        };
    }

    private static String describe(String ch) {
        int cp = ch.codePointAt(0);
        if (Character.isISOControl(cp) || Character.isWhitespace(cp)) {
            return String.format("U+%04X", cp);
        }
        return "\"" + ch + "\"";
    }

    private static SourceSpan span(SourceFile source, int start, int end) {
        return source.span(start, end);
    }
}
