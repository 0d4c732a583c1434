package dev.flywall.lsp;

import dev.flywall.source.SourceFile;
import dev.flywall.source.SourcePos;
import dev.flywall.source.SourceSpan;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.Range;

/**
 * Converts between flywall's positions (1-based lines, 1-based columns counted in Unicode code
 * points) and LSP's (0-based lines, 0-based columns counted in UTF-16 code units, the protocol's
 * default encoding).
 */
final class Positions {

    private Positions() {}

    static Position toLsp(SourceFile file, SourcePos pos) {
        String line = file.line(pos.line());
        int codePoints = Math.min(pos.column() - 1, line.codePointCount(0, line.length()));
        return new Position(pos.line() - 1, line.offsetByCodePoints(0, codePoints));
    }

    static Range toLsp(SourceFile file, SourceSpan span) {
        return new Range(toLsp(file, span.start()), toLsp(file, span.end()));
    }

    /** The flywall line and column of an LSP position, clamped to the file. */
    static Cursor cursor(SourceFile file, Position position) {
        int line = Math.max(1, Math.min(position.getLine() + 1, file.lineCount()));
        String text = file.line(line);
        int utf16 = Math.max(0, Math.min(position.getCharacter(), text.length()));
        if (utf16 > 0 && utf16 < text.length() && Character.isLowSurrogate(text.charAt(utf16))) {
            utf16--; // inside a surrogate pair: the character it belongs to
        }
        return new Cursor(line, text.codePointCount(0, utf16) + 1, text.substring(0, utf16));
    }

    /**
     * A place in a file between two characters, as flywall counts: 1-based line and column (in
     * code points); {@code before} is the text of its line before it.
     */
    record Cursor(int line, int column, String before) {

        /** Whether the cursor is inside the span or at either of its ends. */
        boolean within(SourceSpan span) {
            return compare(span.start()) >= 0 && compare(span.end()) <= 0;
        }

        /** Whether the cursor is inside the span, not at its ends. */
        boolean strictlyWithin(SourceSpan span) {
            return compare(span.start()) > 0 && compare(span.end()) < 0;
        }

        private int compare(SourcePos pos) {
            return line != pos.line() ? Integer.compare(line, pos.line()) : Integer.compare(column, pos.column());
        }
    }
}
