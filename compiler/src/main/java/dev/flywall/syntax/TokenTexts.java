package dev.flywall.syntax;

import dev.flywall.source.SourceFile;
import org.antlr.v4.runtime.Token;

/**
 * The texts of tokens, each distinct text made once per file: a configuration repeats the same
 * few names and values (`zone`, `priority`, `"tcp"`) thousands of times. One string instead of
 * a copy per token is less to allocate, and its hash code, computed once, is there when the
 * evaluator and the JSON output put it in maps. A small table: a text that collides with
 * another simply replaces it.
 */
final class TokenTexts {

    private static final int SIZE = 1024; // a power of two

    private final String text;
    /** False when the file has surrogates (token indexes count code points, not chars). */
    private final boolean charIndexes;

    private final String[] table = new String[SIZE];

    TokenTexts(SourceFile source) {
        this.text = source.text();
        this.charIndexes = source.length() == text.length();
    }

    /** What {@link Token#getText()} returns, shared with every earlier token of the same text. */
    String of(Token token) {
        if (!charIndexes) {
            return token.getText();
        }
        int start = token.getStartIndex();
        int end = token.getStopIndex() + 1;
        int hash = 0;
        for (int i = start; i < end; i++) {
            hash = 31 * hash + text.charAt(i); // String.hashCode's
        }
        int slot = (hash ^ (hash >>> 16)) & (SIZE - 1);
        String known = table[slot];
        int length = end - start;
        if (known != null && known.length() == length && text.regionMatches(start, known, 0, length)) {
            return known;
        }
        String made = text.substring(start, end);
        made.hashCode(); // computed now, kept in the string for the maps it goes into
        table[slot] = made;
        return made;
    }
}
