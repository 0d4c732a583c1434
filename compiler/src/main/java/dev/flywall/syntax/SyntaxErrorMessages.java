package dev.flywall.syntax;

import static dev.flywall.grammar.HclLexer.*;

import dev.flywall.diag.Code;
import dev.flywall.diag.Diagnostic;
import dev.flywall.grammar.HclParser;
import dev.flywall.source.SourceFile;
import dev.flywall.source.SourceSpan;
import org.antlr.v4.runtime.Parser;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.RuleContext;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.TokenStream;
import org.antlr.v4.runtime.misc.IntervalSet;
import org.antlr.v4.runtime.tree.TerminalNode;

/**
 * Turns "the parser, in this rule, found this token while expecting those" into a diagnostic a
 * person can act on. The rule context and the token before the error carry most of the meaning.
 */
final class SyntaxErrorMessages {

    /** A classified error; {@code silencesRest} when later errors would only be consequences. */
    record Message(Diagnostic diagnostic, boolean silencesRest) {}

    private final SourceFile source;

    SyntaxErrorMessages(SourceFile source) {
        this.source = source;
    }

    Message classify(Parser parser, Token offending, Token start, IntervalSet expected) {
        ParserRuleContext ctx = parser.getContext();
        Token previous = previousVisible(parser.getInputStream(), offending);
        if (offending.getType() == EOF) {
            Message unclosed = unclosed(ctx, offending);
            if (unclosed != null && !expectsExpression(expected, previous)) {
                return unclosed;
            }
        }
        Message inTemplate = templateProblem(ctx, offending, start, previous, expected);
        if (inTemplate != null) {
            return inTemplate;
        }
        if (expectsExpression(expected, previous)) {
            return once(missingExpression(offending, previous));
        }
        if (looksLikeNextItem(parser, offending)) {
            Message unclosed = lateCloser(ctx, offending);
            if (unclosed != null) {
                return unclosed;
            }
        }
        Message structural = structureProblem(parser, ctx, offending, start, expected, previous);
        if (structural != null) {
            return structural;
        }
        Message unclosed = lateCloser(ctx, offending);
        if (unclosed != null) {
            return unclosed;
        }
        return once(Diagnostic.error(
                Code.E0112,
                "Unexpected " + Tokens.describe(offending),
                "Expected " + Tokens.describeExpected(expected) + ".",
                at(offending)));
    }

    // ------------------------------------------------------------------ structure of bodies

    private Message structureProblem(
            Parser parser, ParserRuleContext ctx, Token t, Token start, IntervalSet expected, Token previous) {
        if (ctx instanceof HclParser.BlockContext b && expected.contains(RBRACE) && !expected.contains(EQ)) {
            Message mismatched = mismatchedCloser(ctx, t);
            if (mismatched != null) {
                return mismatched;
            }
            return b.blockBody() instanceof HclParser.OneLineBodyContext
                    ? once(singleLineBlock(t))
                    : once(bodyItemProblem(t));
        }
        if (ctx instanceof HclParser.ConfigFileContext
                || ctx instanceof HclParser.MultiLineBodyContext
                || ctx instanceof HclParser.BodyItemContext) {
            if (start != t && start.getType() != NEWLINE && start.getLine() == t.getLine()) {
                return once(headerProblem(start.getText(), ctx, t, expected));
            }
            return once(bodyItemProblem(t));
        }
        if (ctx instanceof HclParser.AttributeContext
                || ctx instanceof HclParser.BlockContext
                || ctx instanceof HclParser.BlockLabelContext) {
            return once(headerProblem(ctx.getStart().getText(), ctx, t, expected));
        }
        if (ctx instanceof HclParser.OneLineAttributeContext || ctx instanceof HclParser.OneLineBodyContext) {
            return once(singleLineBlock(t));
        }
        if (ctx instanceof HclParser.TerminatorContext) {
            boolean afterBlock = ctx.getParent() instanceof HclParser.BlockContext;
            String what = afterBlock ? "block" : "argument";
            String detail = "An " + what + " definition must end with a newline.";
            if (t.getType() == COMMA) {
                detail +=
                        " Commas separate items of lists and objects; arguments and blocks are separated by newlines.";
            }
            return once(Diagnostic.error(
                    Code.E0108,
                    "Missing newline after " + what,
                    afterBlock ? "A block definition must end with a newline." : detail,
                    at(t)));
        }
        return collectionProblem(parser, ctx, t, expected, previous);
    }

    private Diagnostic singleLineBlock(Token t) {
        return Diagnostic.error(
                Code.E0109,
                "Invalid single-line block definition",
                "A single-line block holds at most one argument and ends with \"}\" on the same line."
                        + " Put nested blocks and further arguments on their own lines after \"{\".",
                at(t));
    }

    private Diagnostic bodyItemProblem(Token t) {
        if (t.getType() == RBRACE || t.getType() == RBRACK || t.getType() == RPAREN) {
            return Diagnostic.error(
                    Code.E0105,
                    "Unexpected closing " + Tokens.bracketName(t.getType()),
                    "This \"" + t.getText() + "\" closes nothing: no block is open here."
                            + " Remove it, or look for a block above that was closed too early.",
                    at(t));
        }
        String detail = t.getType() == OQUOTE
                ? "An argument name is a bare identifier, not a quoted string: write name = value."
                : "An argument (name = value) or a block (type \"label\" { ... }) is required here.";
        return Diagnostic.error(Code.E0112, "Argument or block definition required", detail, at(t))
                .withLabel("found " + Tokens.describe(t));
    }

    private Diagnostic headerProblem(String name, ParserRuleContext ctx, Token t, IntervalSet expected) {
        if (braceLaterOnLine(t)) {
            return Diagnostic.error(
                    Code.E0110,
                    "Invalid block label",
                    "Block labels must be quoted strings or identifiers, as in interface \"eth0\" { ... }.",
                    at(t));
        }
        if (ctx instanceof HclParser.BlockContext && expected.contains(LBRACE) && !expected.contains(EQ)) {
            return Diagnostic.error(
                    Code.E0109,
                    "Missing opening brace",
                    "A block definition must have its content delimited by \"{\" and \"}\", with \"{\""
                            + " on the same line as the block type and labels.",
                    at(t));
        }
        String detail = switch (t.getType()) {
            case EQEQ -> "Use a single \"=\" to set an argument; \"==\" compares values.";
            case COLON -> "Arguments are set with \"=\"; \":\" is only used inside object values.";
            default -> "An argument is written as name = value; a block as type \"label\" { ... }.";
        };
        return Diagnostic.error(Code.E0106, "Expected \"=\" after the argument name \"" + name + "\"", detail, at(t));
    }

    private boolean braceLaterOnLine(Token t) {
        return t.getType() != NEWLINE && source.line(t.getLine()).trim().endsWith("{");
    }

    // ------------------------------------------------------------------ collections and calls

    private Message collectionProblem(
            Parser parser, ParserRuleContext ctx, Token t, IntervalSet expected, Token previous) {
        Message mismatched = mismatchedCloser(ctx, t);
        if (mismatched != null) {
            return mismatched;
        }
        if (ctx instanceof HclParser.TupleContext && expected.contains(RBRACK)) {
            return once(Diagnostic.error(
                    Code.E0113,
                    "Missing comma between list items",
                    "Items of a list are separated by commas: [\"a\", \"b\"].",
                    at(t)));
        }
        if (ctx instanceof HclParser.FunctionCallContext && expected.contains(RPAREN)) {
            return once(Diagnostic.error(
                    Code.E0113,
                    "Missing comma between function arguments",
                    "Arguments of a function call are separated by commas: f(a, b).",
                    at(t)));
        }
        if (ctx instanceof HclParser.ObjectElemContext) {
            return once(Diagnostic.error(
                    Code.E0106,
                    "Missing \"=\" in object element",
                    "Each element of an object is written key = value (or key: value).",
                    at(t)));
        }
        if (ctx instanceof HclParser.ObjectContext || ctx instanceof HclParser.ObjectSepContext) {
            return once(Diagnostic.error(
                    Code.E0113,
                    "Missing separator between object elements",
                    "Elements of an object are separated by commas or newlines.",
                    at(t)));
        }
        if (ctx instanceof HclParser.ForIntroContext) {
            String missing = expected.contains(IN) ? "\"in\"" : expected.contains(COLON) ? "\":\"" : "a symbol name";
            return once(Diagnostic.error(
                    Code.E0115,
                    "Invalid for expression",
                    "Expected " + missing + " here. A for expression is written"
                            + " [for v in list : v] or {for k, v in map : k => v}.",
                    at(t)));
        }
        if (ctx instanceof HclParser.ForObjectExprContext && expected.contains(ARROW)) {
            return once(Diagnostic.error(
                    Code.E0115,
                    "Invalid for expression",
                    "An object for expression needs \"=>\" between the key and the value:"
                            + " {for k, v in map : k => v}.",
                    at(t)));
        }
        if (ctx instanceof HclParser.ConditionalExprContext && expected.contains(COLON)) {
            return once(Diagnostic.error(
                    Code.E0112,
                    "Missing \":\" in conditional expression",
                    "A conditional is written condition ? value_if_true : value_if_false.",
                    at(t)));
        }
        if (previous != null && previous.getType() == DOT && isNumberBefore(parser, previous)) {
            return once(Diagnostic.error(
                    Code.E0118,
                    "Invalid number",
                    "A decimal point must be followed by digits, as in 1.5.",
                    spanOf(previous)));
        }
        if (previous != null && previous.getType() == DOT) {
            return once(Diagnostic.error(
                    Code.E0112,
                    "Invalid attribute access",
                    "An attribute name, an index number or \"*\" is required after \".\".",
                    at(t)));
        }
        return null;
    }

    /** A closer of another kind than the innermost open bracket. */
    private Message mismatchedCloser(ParserRuleContext ctx, Token t) {
        int type = t.getType();
        if (type != RBRACE && type != RBRACK && type != RPAREN) {
            return null;
        }
        Token open = innermostOpen(ctx);
        if (open == null || Tokens.closerOf(open.getType()).equals(t.getText())) {
            return null;
        }
        return once(Diagnostic.error(
                Code.E0105,
                "Mismatched closing " + Tokens.bracketName(type),
                "This \"" + t.getText() + "\" does not match the \"" + open.getText() + "\" opened at line "
                        + open.getLine() + ", column " + (open.getCharPositionInLine() + 1) + "; close that one with \""
                        + Tokens.closerOf(open.getType()) + "\" first.",
                at(t)));
    }

    private static Token innermostOpen(ParserRuleContext ctx) {
        for (RuleContext c = ctx; c != null; c = c.parent) {
            if (c instanceof HclParser.TupleContext
                    || c instanceof HclParser.ForTupleExprContext
                    || c instanceof HclParser.ObjectContext
                    || c instanceof HclParser.ForObjectExprContext
                    || c instanceof HclParser.ParenTermContext) {
                return ((ParserRuleContext) c).getStart();
            }
            if (c instanceof HclParser.FunctionCallContext f && f.LPAREN() != null) {
                return f.LPAREN().getSymbol();
            }
            if (c instanceof HclParser.IndexTermContext i && i.LBRACK() != null) {
                return i.LBRACK().getSymbol();
            }
            if (c instanceof HclParser.BlockContext b && b.LBRACE() != null) {
                return b.LBRACE().getSymbol();
            }
        }
        return null;
    }

    // ------------------------------------------------------------------ templates

    private Message templateProblem(ParserRuleContext ctx, Token t, Token start, Token previous, IntervalSet expected) {
        if (previous != null
                && (previous.getType() == TEMPLATE_DIRECTIVE
                        || previous.getType() == TILDE && start.getType() == TEMPLATE_DIRECTIVE)) {
            return once(
                    switch (t.getType()) {
                        case ELSE, ENDIF, ENDFOR ->
                            Diagnostic.error(
                                    Code.E0114,
                                    "Unexpected %{" + t.getText() + "}",
                                    "%{" + t.getText() + "} has no matching %{" + (t.getType() == ENDFOR ? "for" : "if")
                                            + "} before it in this template.",
                                    at(t));
                        default ->
                            Diagnostic.error(
                                    Code.E0114,
                                    "Invalid template directive",
                                    "Expected \"if\", \"for\", \"else\", \"endif\" or \"endfor\" after \"%{\"."
                                            + " To write a literal \"%{\", double the percent sign: \"%%{\".",
                                    at(t));
                    });
        }
        if ((ctx instanceof HclParser.TemplateIfContext || ctx instanceof HclParser.TemplateForContext)
                && (t.getType() == CQUOTE || t.getType() == HEREDOC_END || t.getType() == EOF)) {
            boolean isIf = ctx instanceof HclParser.TemplateIfContext;
            return once(Diagnostic.error(
                            Code.E0114,
                            "Unclosed template directive",
                            isIf
                                    ? "A %{if} directive needs a matching %{endif}."
                                    : "A %{for} directive needs a matching %{endfor}.",
                            spanOf(ctx.getStart()))
                    .withLabel("opened here"));
        }
        if (ctx instanceof HclParser.TemplateInterpolationContext && t.getType() != EOF) {
            return once(Diagnostic.error(
                            Code.E0104,
                            "Unclosed template interpolation",
                            "An interpolation that starts with \"${\" must end with \"}\".",
                            spanOf(ctx.getStart()))
                    .withLabel("opened here"));
        }
        if (t.getType() == NEWLINE && insideQuotedTemplate(ctx)) {
            return silencing(unterminatedString(ctx, t));
        }
        return null;
    }

    private static boolean insideQuotedTemplate(ParserRuleContext ctx) {
        return ctx instanceof HclParser.QuotedTemplateContext || ctx instanceof HclParser.TemplateLiteralContext;
    }

    private Diagnostic unterminatedString(ParserRuleContext ctx, Token t) {
        Token open = ctx.getStart();
        SourceSpan span = source.span(open.getStartIndex(), Math.max(open.getStartIndex() + 1, t.getStartIndex()));
        return Diagnostic.error(
                        Code.E0102,
                        "Unterminated string",
                        "A quoted string must end with \" on the same line. For text over several lines use a"
                                + " heredoc (<<EOT ... EOT).",
                        span)
                .withLabel("this string is not closed");
    }

    // ------------------------------------------------------------------ unclosed brackets

    /** At end of file: the innermost construct still open. */
    private Message unclosed(ParserRuleContext ctx, Token eof) {
        for (RuleContext c = ctx; c != null; c = c.parent) {
            if (c instanceof HclParser.QuotedTemplateContext q) {
                return silencing(unterminatedString(q, eof));
            }
            if (c instanceof HclParser.HeredocTemplateContext h) {
                String marker = h.getStart().getText().replaceFirst("^<<-?", "").strip();
                return silencing(Diagnostic.error(
                                Code.E0103,
                                "Unterminated heredoc",
                                "The heredoc has no closing line \"" + marker + "\"; add it on a line of its own.",
                                spanOf(h.getStart()))
                        .withLabel("opened here"));
            }
            if (c instanceof HclParser.BlockContext b && b.LBRACE() != null && isReal(b.LBRACE())) {
                Message guessed = guessFromIndentation(b.LBRACE().getSymbol());
                if (guessed != null) {
                    return guessed;
                }
            }
            Message m = unclosedBracket(c);
            if (m != null) {
                return m;
            }
        }
        return null;
    }

    /** An inner block whose "}" went missing, as the indentation of the closing braces shows. */
    private Message guessFromIndentation(Token outer) {
        return IndentationGuess.unclosed(source, outer.getLine())
                .filter(g -> g.line() != outer.getLine())
                .map(g -> silencing(Diagnostic.error(
                                Code.E0104,
                                "Missing closing brace",
                                "The \"}\" on line " + g.closingLine() + " is indented like line " + g.matchingLine()
                                        + ", so the \"" + g.name() + "\" block opened on line " + g.line()
                                        + " is probably the one left open. Add \"}\" at the end of that block.",
                                source.span(g.braceIndex(), g.braceIndex() + 1))
                        .withLabel("this \"{\" is probably not closed")))
                .orElse(null);
    }

    /** A closer expected on an earlier line than the token that came instead: the bracket is unclosed. */
    private Message lateCloser(ParserRuleContext ctx, Token t) {
        Message m = unclosedBracket(ctx);
        if (m != null && t.getLine() > ctx.getStart().getLine()) {
            return m;
        }
        return null;
    }

    private Message unclosedBracket(RuleContext c) {
        Token open;
        String what;
        if (c instanceof HclParser.BlockContext b && b.LBRACE() != null && isReal(b.LBRACE())) {
            open = b.LBRACE().getSymbol();
            what = "block \"" + b.getStart().getText() + "\"";
        } else if (c instanceof HclParser.ObjectContext o) {
            open = o.getStart();
            what = "object";
        } else if (c instanceof HclParser.ForObjectExprContext f) {
            open = f.getStart();
            what = "for expression";
        } else if (c instanceof HclParser.TupleContext || c instanceof HclParser.ForTupleExprContext) {
            open = ((ParserRuleContext) c).getStart();
            what = "list";
        } else if (c instanceof HclParser.IndexTermContext i && i.LBRACK() != null) {
            open = i.LBRACK().getSymbol();
            what = "index";
        } else if (c instanceof HclParser.ParenTermContext p) {
            open = p.getStart();
            what = "parenthesis";
        } else if (c instanceof HclParser.FunctionCallContext f && f.LPAREN() != null && isReal(f.LPAREN())) {
            open = f.LPAREN().getSymbol();
            what = "function call \"" + f.getStart().getText() + "\"";
        } else {
            return null;
        }
        String closer = Tokens.closerOf(open.getType());
        String name = Tokens.bracketName(open.getType());
        return silencing(Diagnostic.error(
                        Code.E0104,
                        "Missing closing " + name,
                        "The " + what + " opened here is never closed. Add \"" + closer + "\" after its last "
                                + (open.getType() == LBRACE ? "line" : "item") + ".",
                        spanOf(open))
                .withLabel("this \"" + open.getText() + "\" is not closed"));
    }

    private static boolean isReal(TerminalNode node) {
        return node.getSymbol().getTokenIndex() >= 0;
    }

    // ------------------------------------------------------------------ expressions

    private static boolean expectsExpression(IntervalSet expected, Token previous) {
        return expected.contains(NUMBER)
                && expected.contains(OQUOTE)
                && previous != null
                && Tokens.isOperandPosition(previous.getType());
    }

    private Diagnostic missingExpression(Token t, Token previous) {
        if (Tokens.isOperator(previous.getType())) {
            return Diagnostic.error(
                    Code.E0107,
                    "Missing operand",
                    "The \"" + previous.getText() + "\" operator needs an expression on its right. To continue an"
                            + " expression on the next line, wrap it in parentheses.",
                    at(t));
        }
        if (t.getType() == NUMBER && previous.getType() == DOT) {
            return Diagnostic.error(Code.E0118, "Invalid number", "A decimal point must be followed by digits.", at(t));
        }
        String after = previous.getType() == EQ ? " after \"=\"" : "";
        return Diagnostic.error(
                        Code.E0107,
                        "Missing expression",
                        "Expected a value" + after + ": a number, a quoted string, true/false, a list [ ],"
                                + " an object { } or a reference.",
                        at(t))
                .withLabel("found " + Tokens.describe(t));
    }

    // ------------------------------------------------------------------ helpers

    private SourceSpan at(Token t) {
        if (t.getType() == EOF) {
            return source.span(source.length(), source.length());
        }
        return spanOf(t);
    }

    private SourceSpan spanOf(Token t) {
        int start = Math.max(0, t.getStartIndex());
        int end = t.getType() == NEWLINE || t.getType() == HEREDOC_START
                ? start + (t.getText().startsWith("\r") ? 2 : 1)
                : t.getStopIndex() + 1;
        if (t.getType() == HEREDOC_START) {
            end = start + t.getText().stripTrailing().length();
        }
        return source.span(start, Math.max(start, end));
    }

    /**
     * True when {@code t} starts a line as an argument or block would ({@code name =},
     * {@code name "label"}, {@code name {}): inside an open bracket that means the bracket was
     * never closed, rather than that a separator is missing.
     */
    private static boolean looksLikeNextItem(Parser parser, Token t) {
        TokenStream tokens = parser.getInputStream();
        Token before = previousVisible(tokens, t);
        if (t.getType() == EQ && before != null && before.getType() == IDENT) {
            Token earlier = previousVisible(tokens, before);
            return earlier != null && earlier.getLine() < before.getLine();
        }
        if (before == null || before.getLine() == t.getLine() || t.getType() != IDENT) {
            return false;
        }
        for (int i = t.getTokenIndex() + 1; i < tokens.size(); i++) {
            Token next = tokens.get(i);
            if (next.getChannel() == Token.DEFAULT_CHANNEL || next.getType() == NEWLINE) {
                return next.getLine() == t.getLine()
                        && (next.getType() == EQ || next.getType() == OQUOTE || next.getType() == LBRACE);
            }
        }
        return false;
    }

    /** The last token before {@code t} that the parser sees (comments and ignored newlines skipped). */
    private static Token previousVisible(TokenStream tokens, Token t) {
        for (int i = t.getTokenIndex() - 1; i >= 0; i--) {
            Token p = tokens.get(i);
            if (p.getChannel() == Token.DEFAULT_CHANNEL) {
                return p;
            }
        }
        return null;
    }

    /** A number immediately followed by this dot, as in {@code 1.}. */
    private static boolean isNumberBefore(Parser parser, Token dot) {
        Token before = previousVisible(parser.getInputStream(), dot);
        return before != null && before.getType() == NUMBER && before.getStopIndex() + 1 == dot.getStartIndex();
    }

    private static Message once(Diagnostic d) {
        return new Message(d, false);
    }

    private static Message silencing(Diagnostic d) {
        return new Message(d, true);
    }
}
