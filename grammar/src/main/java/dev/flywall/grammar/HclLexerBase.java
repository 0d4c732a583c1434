package dev.flywall.grammar;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import org.antlr.v4.runtime.CharStream;
import org.antlr.v4.runtime.Lexer;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.misc.Pair;

/**
 * State the HCL lexer needs beyond its rules: the stack of open brackets (which decides whether a
 * newline is significant and when a template interpolation ends) and the stack of open heredoc
 * markers (whose closing line depends on the opening one).
 */
public abstract class HclLexerBase extends Lexer {

    /** Stack entry for a template interpolation or directive ({@code ${} or {@code %{}). */
    private static final char INTERPOLATION = '$';

    /** The open brackets, innermost last: a char stack (the lexer consults it at every bracket and newline). */
    private char[] brackets = new char[16];

    private int depth;
    private final Deque<String> heredocMarkers = new ArrayDeque<>();
    private boolean heredocLineStart;
    private int maxDepth;
    private boolean keepTrivia = true;

    protected HclLexerBase(CharStream input) {
        super(input);
    }

    protected abstract int heredocEndType();

    protected abstract int heredocMode();

    /**
     * Whether whitespace, line comments and insignificant newlines become (hidden) tokens. The
     * formatter needs them; the parser does not, and dropping them saves a third of the tokens.
     * Block comments are always kept: an unterminated one is reported from its token.
     */
    public void keepTrivia(boolean keep) {
        this.keepTrivia = keep;
    }

    /** A whitespace or line-comment token: hidden, or dropped when trivia is not kept. */
    protected void trivia() {
        if (keepTrivia) {
            setChannel(HIDDEN);
        } else {
            skip();
        }
    }

    /** The deepest bracket nesting seen so far. */
    public int maxDepth() {
        return maxDepth;
    }

    /** The current bracket nesting depth. */
    public int depth() {
        return depth;
    }

    protected void openBracket(char open) {
        if (depth == brackets.length) {
            brackets = Arrays.copyOf(brackets, depth * 2);
        }
        brackets[depth++] = open;
        maxDepth = Math.max(maxDepth, depth);
    }

    private boolean isOpen(char open) {
        for (int i = 0; i < depth; i++) {
            if (brackets[i] == open) {
                return true;
            }
        }
        return false;
    }

    protected void openInterpolation() {
        openBracket(INTERPOLATION);
        pushMode(DEFAULT_MODE);
    }

    /**
     * Closes the innermost bracket of the given kind. A closing brace that matches an open
     * interpolation returns to the template it came from. An unmatched closer leaves the stack as
     * it is; the parser reports it.
     */
    protected void closeBracket(char open) {
        if (!isOpen(open) && !(open == '{' && isOpen(INTERPOLATION))) {
            return;
        }
        while (depth > 0) {
            char top = brackets[--depth];
            if (top == INTERPOLATION && open == '{') {
                popModeSafely();
                return;
            }
            if (top == open) {
                return;
            }
            if (top == INTERPOLATION) {
                popModeSafely();
            }
        }
    }

    /** Newlines are insignificant inside parentheses, brackets and interpolations. */
    protected void onNewline() {
        if (depth > 0 && brackets[depth - 1] != '{') {
            trivia();
        }
    }

    /** A newline inside a quoted string ends it: the parser then reports the missing quote. */
    protected void unterminatedQuote() {
        popModeSafely();
        onNewline();
    }

    protected void startHeredoc() {
        String text = getText();
        int start = text.startsWith("<<-") ? 3 : 2;
        int end = text.length() - (text.endsWith("\r\n") ? 2 : 1);
        heredocMarkers.push(text.substring(start, end));
        heredocLineStart = true;
        pushMode(heredocMode());
    }

    protected void heredocLineEnd() {
        heredocLineStart = true;
    }

    @Override
    public Token nextToken() {
        if (_mode == heredocMode() && heredocLineStart) {
            heredocLineStart = false;
            Token end = matchHeredocEnd();
            if (end != null) {
                return end;
            }
        }
        return super.nextToken();
    }

    /** At the start of a heredoc line: the closing marker, optionally indented, alone on its line. */
    private Token matchHeredocEnd() {
        String marker = heredocMarkers.peek();
        if (marker == null) {
            return null;
        }
        CharStream in = _input;
        int i = 1;
        while (in.LA(i) == ' ' || in.LA(i) == '\t') {
            i++;
        }
        // the char stream counts code points: compare code points, not UTF-16 units
        int[] markerCodePoints = marker.codePoints().toArray();
        for (int k = 0; k < markerCodePoints.length; k++, i++) {
            if (in.LA(i) != markerCodePoints[k]) {
                return null;
            }
        }
        int after = in.LA(i);
        if (after != '\n' && after != '\r' && after != CharStream.EOF) {
            return null;
        }
        int startIndex = in.index();
        int line = getLine();
        int column = getCharPositionInLine();
        for (int k = 1; k < i; k++) {
            getInterpreter().consume(in);
        }
        Token token = _factory.create(
                new Pair<>(this, in),
                heredocEndType(),
                null,
                Token.DEFAULT_CHANNEL,
                startIndex,
                in.index() - 1,
                line,
                column);
        heredocMarkers.pop();
        popModeSafely();
        emit(token);
        return token;
    }

    private void popModeSafely() {
        if (!_modeStack.isEmpty()) {
            popMode();
        }
    }
}
