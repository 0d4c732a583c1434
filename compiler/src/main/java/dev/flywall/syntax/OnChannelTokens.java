package dev.flywall.syntax;

import java.util.List;
import org.antlr.v4.runtime.RuleContext;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.TokenSource;
import org.antlr.v4.runtime.TokenStream;
import org.antlr.v4.runtime.misc.Interval;

/**
 * The tokens the parser sees (the default channel, up to and including EOF) of an already lexed
 * file, in an array: what {@link org.antlr.v4.runtime.CommonTokenStream} gives the parser, without
 * its lazy filling and its scans past off-channel tokens on every look-ahead. Indexes are
 * positions in this array, not {@link Token#getTokenIndex()}.
 */
final class OnChannelTokens implements TokenStream {

    private final Token[] tokens;
    private final TokenSource source;
    /** How many of {@code tokens} are this stream's (the array is as long as the whole list). */
    private final int n;

    private int p;

    /** {@code all}: every token of the file, EOF last (a filled token stream's list). */
    OnChannelTokens(List<Token> all, TokenSource source) {
        this.source = source;
        Token[] onChannel = new Token[all.size()];
        int n = 0;
        for (Token t : all) {
            if (t.getChannel() == Token.DEFAULT_CHANNEL) {
                onChannel[n++] = t;
            }
        }
        if (n == 0 || onChannel[n - 1].getType() != Token.EOF) {
            throw new IllegalArgumentException("the token list does not end in EOF");
        }
        tokens = onChannel;
        this.n = n;
    }

    @Override
    public Token LT(int k) {
        if (k > 0) {
            return tokens[Math.min(p + k - 1, n - 1)];
        }
        return k < 0 && p + k >= 0 ? tokens[p + k] : null;
    }

    @Override
    public int LA(int i) {
        Token t = LT(i);
        return t == null ? Token.INVALID_TYPE : t.getType();
    }

    @Override
    public void consume() {
        if (tokens[p].getType() == Token.EOF) {
            throw new IllegalStateException("cannot consume EOF");
        }
        p++;
    }

    @Override
    public Token get(int index) {
        return tokens[index];
    }

    @Override
    public TokenSource getTokenSource() {
        return source;
    }

    @Override
    public String getText(Interval interval) {
        StringBuilder text = new StringBuilder();
        int stop = Math.min(interval.b, n - 1);
        for (int i = Math.max(0, interval.a); i <= stop && tokens[i].getType() != Token.EOF; i++) {
            text.append(tokens[i].getText());
        }
        return text.toString();
    }

    @Override
    public String getText() {
        return getText(Interval.of(0, n - 1));
    }

    @Override
    public String getText(RuleContext ctx) {
        return ctx.getText();
    }

    @Override
    public String getText(Token start, Token stop) {
        return start == null || stop == null ? "" : getText(Interval.of(indexOf(start), indexOf(stop)));
    }

    private int indexOf(Token t) {
        for (int i = 0; i < n; i++) {
            if (tokens[i] == t) {
                return i;
            }
        }
        return n - 1;
    }

    @Override
    public int mark() {
        return -1; // everything is in memory: nothing to hold on to
    }

    @Override
    public void release(int marker) {}

    @Override
    public int index() {
        return p;
    }

    @Override
    public void seek(int index) {
        p = Math.max(0, Math.min(index, n - 1));
    }

    @Override
    public int size() {
        return n;
    }

    @Override
    public String getSourceName() {
        return source.getSourceName();
    }
}
