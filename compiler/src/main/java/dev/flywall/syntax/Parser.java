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
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.atn.PredictionMode;
import org.antlr.v4.runtime.misc.ParseCancellationException;

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
        try {
            return DeepStack.call(() -> parseOnThisThread(source));
        } catch (StackOverflowError e) {
            return tooDeep(source, null);
        }
    }

    private static ParseResult parseOnThisThread(SourceFile source) {
        HclLexer lexer = new HclLexer(CharStreams.fromString(source.text(), source.name()));
        lexer.keepTrivia(false);
        lexer.removeErrorListeners();
        CommonTokenStream tokens = new CommonTokenStream(lexer);
        tokens.fill();
        List<Diagnostic> diagnostics = new ArrayList<>(LexicalChecks.check(source, tokens.getTokens()));
        if (lexer.maxDepth() > MAX_NESTING) {
            return tooDeep(source, firstTooDeep(tokens.getTokens()));
        }
        java.util.Set<Integer> badLines = new java.util.HashSet<>();
        diagnostics.forEach(d -> badLines.add(d.subject().start().line()));
        HclParser.ConfigFileContext tree = parseTree(source, tokens, badLines, diagnostics);
        TreeBuilder builder = new TreeBuilder(source, diagnostics, badLines);
        ConfigFile file = builder.configFile(tree);
        diagnostics.sort(Comparator.comparingInt(
                (Diagnostic d) -> d.subject() == null ? Integer.MAX_VALUE : d.subject().start().byteOffset()));
        return new ParseResult(file, diagnostics);
    }

    /** Fast SLL pass that gives up at the first error; on error, a full LL pass that reports. */
    private static HclParser.ConfigFileContext parseTree(SourceFile source, CommonTokenStream tokens,
            java.util.Set<Integer> badLines, List<Diagnostic> diagnostics) {
        HclParser parser = new HclParser(tokens);
        parser.removeErrorListeners();
        parser.getInterpreter().setPredictionMode(PredictionMode.SLL);
        parser.setErrorHandler(new BailErrorStrategy());
        try {
            return parser.configFile();
        } catch (ParseCancellationException e) {
            tokens.seek(0);
            parser.reset();
            parser.getInterpreter().setPredictionMode(PredictionMode.LL);
            SyntaxErrorStrategy strategy = new SyntaxErrorStrategy(source, badLines);
            parser.setErrorHandler(strategy);
            HclParser.ConfigFileContext tree = parser.configFile();
            diagnostics.addAll(strategy.diagnostics());
            return tree;
        }
    }

    private static Token firstTooDeep(List<Token> tokens) {
        int depth = 0;
        for (Token t : tokens) {
            switch (t.getType()) {
                case HclLexer.LBRACE, HclLexer.LBRACK, HclLexer.LPAREN, HclLexer.TEMPLATE_INTERP,
                        HclLexer.TEMPLATE_DIRECTIVE -> {
                    if (++depth > MAX_NESTING) {
                        return t;
                    }
                }
                case HclLexer.RBRACE, HclLexer.RBRACK, HclLexer.RPAREN -> depth = Math.max(0, depth - 1);
                default -> { }
            }
        }
        return null;
    }

    private static ParseResult tooDeep(SourceFile source, Token at) {
        var span = at == null ? source.span(0, 0) : source.span(at.getStartIndex(), at.getStopIndex() + 1);
        Diagnostic d = Diagnostic.error(Code.E0117, "Nesting too deep",
                "Brackets, braces and parentheses may be nested at most " + MAX_NESTING
                        + " levels deep. Flatten the structure, for example with locals.", span)
                .withLabel("nesting exceeds " + MAX_NESTING + " levels here");
        return new ParseResult(new ConfigFile(source, new Body(List.of(), source.span(0, source.length()))),
                List.of(d));
    }
}
