package dev.flywall.syntax;

import dev.flywall.diag.Code;
import dev.flywall.diag.Diagnostic;
import dev.flywall.grammar.HclLexer;
import dev.flywall.grammar.HclParser;
import dev.flywall.source.SourceFile;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.antlr.v4.runtime.BailErrorStrategy;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.atn.PredictionMode;
import org.antlr.v4.runtime.misc.ParseCancellationException;
import org.antlr.v4.runtime.tree.ErrorNode;
import org.antlr.v4.runtime.tree.ParseTreeListener;
import org.antlr.v4.runtime.tree.TerminalNode;

/**
 * Parses HCL native syntax into the positioned syntax tree. Never throws for bad input: every
 * problem becomes a {@link Diagnostic}, and parsing goes on after an error to find the others.
 */
public final class Parser {

    /** Deepest bracket nesting accepted (as Jackson's default); deeper input gets E0117. */
    public static final int MAX_NESTING = 1_000;

    private Parser() {}

    /** Parses one file. */
    public static ParseResult parse(SourceFile source) {
        return parse(source, true);
    }

    /**
     * Parses one file; {@code withoutTree} false skips the pass without a parse tree (for the
     * tests that compare both ways of building the records).
     */
    static ParseResult parse(SourceFile source, boolean withoutTree) {
        try {
            return DeepStack.call(() -> parseOnThisThread(source, withoutTree));
        } catch (StackOverflowError e) {
            return tooDeep(source, null);
        }
    }

    private static ParseResult parseOnThisThread(SourceFile source, boolean withoutTree) {
        HclLexer lexer = new HclLexer(CharStreams.fromString(source.text(), source.name()));
        lexer.keepTrivia(false);
        lexer.removeErrorListeners();
        CommonTokenStream tokens = new PresizedTokenStream(lexer, source.length() / 4 + 16);
        tokens.fill();
        List<Diagnostic> diagnostics = new ArrayList<>(LexicalChecks.check(source, tokens.getTokens()));
        if (lexer.maxDepth() > MAX_NESTING) {
            return tooDeep(source, firstTooDeep(tokens.getTokens()));
        }
        java.util.Set<Integer> badLines = new java.util.HashSet<>();
        diagnostics.forEach(d -> badLines.add(d.subject().start().line()));
        ConfigFile file = withoutTree && diagnostics.isEmpty() ? parseWithoutTree(source, tokens) : null;
        if (file == null) {
            file = parseFast(source, tokens, badLines, diagnostics);
        }
        if (file == null) {
            HclParser.ConfigFileContext tree = parseReporting(source, tokens, badLines, diagnostics);
            file = new TreeBuilder(source, diagnostics, badLines).configFile(tree);
        }
        diagnostics.sort(Comparator.comparingInt((Diagnostic d) ->
                d.subject() == null ? Integer.MAX_VALUE : d.subject().start().byteOffset()));
        return new ParseResult(file, diagnostics);
    }

    /**
     * The fastest pass, for input the lexer found nothing wrong with: SLL, no parse tree, records
     * built from the parser's rule events ({@link RuleEventBuilder}). Null when it gives up: at
     * a syntax error, or at anything {@link TreeBuilder} reports or builds on its own (see
     * RuleEventBuilder); the tokens are then read again by {@link #parseFast}.
     */
    private static ConfigFile parseWithoutTree(SourceFile source, CommonTokenStream tokens) {
        RuleEventBuilder parser = new RuleEventBuilder(source, tokens.getTokens(), tokens.getTokenSource());
        parser.removeErrorListeners();
        parser.getInterpreter().setPredictionMode(PredictionMode.SLL);
        parser.setErrorHandler(new BailErrorStrategy());
        try {
            parser.configFile();
        } catch (ParseCancellationException | RuleEventBuilder.Abandoned e) {
            tokens.seek(0);
            return null;
        }
        return parser.result();
    }

    /**
     * The fast SLL pass, which gives up at the first syntax error (null then, and nothing added
     * to {@code diagnostics}). Each top-level item becomes syntax records as soon as the parser
     * has finished it, and its part of the ANTLR tree is dropped at once: the tree of the whole
     * file never exists next to ours.
     */
    private static ConfigFile parseFast(
            SourceFile source,
            CommonTokenStream tokens,
            java.util.Set<Integer> badLines,
            List<Diagnostic> diagnostics) {
        List<Diagnostic> found = new ArrayList<>(diagnostics);
        TreeBuilder builder = new TreeBuilder(source, found, badLines);
        TreeBuilder.Items items = builder.new Items();
        HclParser parser = new HclParser(tokens);
        parser.removeErrorListeners();
        parser.getInterpreter().setPredictionMode(PredictionMode.SLL);
        parser.setErrorHandler(new BailErrorStrategy());
        parser.addParseListener(new ParseTreeListener() {
            @Override
            public void exitEveryRule(ParserRuleContext ctx) {
                // an item the parser gave up in has its exception set: the whole pass is void then
                if (ctx instanceof HclParser.BodyItemContext item
                        && ctx.exception == null
                        && ctx.getParent() instanceof HclParser.ConfigFileContext top) {
                    items.add(item);
                    top.removeLastChild();
                }
            }

            @Override
            public void enterEveryRule(ParserRuleContext ctx) {}

            @Override
            public void visitTerminal(TerminalNode node) {}

            @Override
            public void visitErrorNode(ErrorNode node) {}
        });
        try {
            parser.configFile();
        } catch (ParseCancellationException e) {
            return null;
        }
        diagnostics.clear();
        diagnostics.addAll(found);
        return builder.configFile(items);
    }

    /** The full LL pass, after the fast one failed: reports every syntax error it recovers from. */
    private static HclParser.ConfigFileContext parseReporting(
            SourceFile source,
            CommonTokenStream tokens,
            java.util.Set<Integer> badLines,
            List<Diagnostic> diagnostics) {
        tokens.seek(0);
        HclParser parser = new HclParser(tokens);
        parser.removeErrorListeners();
        parser.getInterpreter().setPredictionMode(PredictionMode.LL);
        SyntaxErrorStrategy strategy = new SyntaxErrorStrategy(source, badLines);
        parser.setErrorHandler(strategy);
        HclParser.ConfigFileContext tree = parser.configFile();
        diagnostics.addAll(strategy.diagnostics());
        return tree;
    }

    /**
     * A token stream whose list starts at about the size it will reach: grown from ANTLR's 100
     * slots, a list of a few hundred thousand tokens was copied about twenty times, and the
     * copies showed up as a tenth of a parse's CPU.
     */
    private static final class PresizedTokenStream extends CommonTokenStream {
        PresizedTokenStream(HclLexer lexer, int expectedTokens) {
            super(lexer);
            tokens = new ArrayList<>(expectedTokens);
        }
    }

    private static Token firstTooDeep(List<Token> tokens) {
        int depth = 0;
        for (Token t : tokens) {
            switch (t.getType()) {
                case HclLexer.LBRACE,
                        HclLexer.LBRACK,
                        HclLexer.LPAREN,
                        HclLexer.TEMPLATE_INTERP,
                        HclLexer.TEMPLATE_DIRECTIVE -> {
                    if (++depth > MAX_NESTING) {
                        return t;
                    }
                }
                case HclLexer.RBRACE, HclLexer.RBRACK, HclLexer.RPAREN -> depth = Math.max(0, depth - 1);
                default -> {}
            }
        }
        return null;
    }

    private static ParseResult tooDeep(SourceFile source, Token at) {
        var span = at == null ? source.span(0, 0) : source.span(at.getStartIndex(), at.getStopIndex() + 1);
        Diagnostic d = Diagnostic.error(
                        Code.E0117,
                        "Nesting too deep",
                        "Brackets, braces and parentheses may be nested at most " + MAX_NESTING
                                + " levels deep. Flatten the structure, for example with locals.",
                        span)
                .withLabel("nesting exceeds " + MAX_NESTING + " levels here");
        return new ParseResult(
                new ConfigFile(source, new Body(List.of(), source.span(0, source.length()))), List.of(d));
    }
}
