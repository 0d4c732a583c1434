package dev.flywall.syntax;

import dev.flywall.diag.Diagnostic;
import dev.flywall.source.SourceFile;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.antlr.v4.runtime.DefaultErrorStrategy;
import org.antlr.v4.runtime.FailedPredicateException;
import org.antlr.v4.runtime.InputMismatchException;
import org.antlr.v4.runtime.NoViableAltException;
import org.antlr.v4.runtime.Parser;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.misc.IntervalSet;

/**
 * ANTLR's recovery (single-token insertion/deletion, resynchronisation) with our messages in
 * place of ANTLR's. One error per line at most, and nothing after an unclosed bracket (everything
 * that follows it is inside the bracket as far as the parser knows): no cascades.
 */
final class SyntaxErrorStrategy extends DefaultErrorStrategy {

    private final SyntaxErrorMessages messages;
    private final List<Diagnostic> diagnostics = new ArrayList<>();
    private int lastLine = -1;
    private boolean silenced;

    /** Lines with a lexical error (an invalid character): parse errors there are its echo. */
    private final Set<Integer> badLines;

    SyntaxErrorStrategy(SourceFile source, Set<Integer> badLines) {
        this.messages = new SyntaxErrorMessages(source);
        this.badLines = badLines;
    }

    /** Never drop a significant newline to make the rest of a line fit: it ends the item. */
    @Override
    protected Token singleTokenDeletion(Parser recognizer) {
        if (recognizer.getCurrentToken().getType() == dev.flywall.grammar.HclLexer.NEWLINE) {
            return null;
        }
        return super.singleTokenDeletion(recognizer);
    }

    List<Diagnostic> diagnostics() {
        return diagnostics;
    }

    @Override
    protected void reportNoViableAlternative(Parser recognizer, NoViableAltException e) {
        report(recognizer, e.getOffendingToken(), e.getStartToken(), recognizer.getExpectedTokens());
    }

    @Override
    protected void reportInputMismatch(Parser recognizer, InputMismatchException e) {
        report(recognizer, e.getOffendingToken(), e.getOffendingToken(), e.getExpectedTokens());
    }

    @Override
    protected void reportFailedPredicate(Parser recognizer, FailedPredicateException e) {
        report(recognizer, e.getOffendingToken(), e.getOffendingToken(), recognizer.getExpectedTokens());
    }

    @Override
    protected void reportUnwantedToken(Parser recognizer) {
        if (inErrorRecoveryMode(recognizer)) {
            return;
        }
        beginErrorCondition(recognizer);
        report(recognizer, recognizer.getCurrentToken(), recognizer.getCurrentToken(), getExpectedTokens(recognizer));
    }

    @Override
    protected void reportMissingToken(Parser recognizer) {
        if (inErrorRecoveryMode(recognizer)) {
            return;
        }
        beginErrorCondition(recognizer);
        report(recognizer, recognizer.getCurrentToken(), recognizer.getCurrentToken(), getExpectedTokens(recognizer));
    }

    @Override
    public void reportError(Parser recognizer, RecognitionException e) {
        if (inErrorRecoveryMode(recognizer)) {
            return;
        }
        beginErrorCondition(recognizer);
        if (e instanceof NoViableAltException nva) {
            reportNoViableAlternative(recognizer, nva);
        } else if (e instanceof InputMismatchException ime) {
            reportInputMismatch(recognizer, ime);
        } else if (e instanceof FailedPredicateException fpe) {
            reportFailedPredicate(recognizer, fpe);
        } else {
            report(recognizer, e.getOffendingToken(), e.getOffendingToken(), recognizer.getExpectedTokens());
        }
    }

    private void report(Parser recognizer, Token offending, Token start, IntervalSet expected) {
        if (silenced
                || offending.getLine() == lastLine && offending.getType() != Token.EOF
                || badLines.contains(offending.getLine())) {
            return;
        }
        SyntaxErrorMessages.Message message = messages.classify(recognizer, offending, start, expected);
        lastLine = offending.getLine();
        if (message.silencesRest()) {
            silenced = true;
        }
        diagnostics.add(message.diagnostic());
    }
}
