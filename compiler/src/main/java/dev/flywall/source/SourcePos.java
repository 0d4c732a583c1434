package dev.flywall.source;

/**
 * A position in a source file: 1-based line and column for people (columns count Unicode
 * characters, a tab is one), 0-based UTF-8 byte offset for tools.
 */
public record SourcePos(int line, int column, int byteOffset) implements Comparable<SourcePos> {

    public SourcePos {
        if (line < 1 || column < 1 || byteOffset < 0) {
            throw new IllegalArgumentException("invalid position " + line + ":" + column + "@" + byteOffset);
        }
    }

    @Override
    public int compareTo(SourcePos other) {
        return Integer.compare(byteOffset, other.byteOffset);
    }

    @Override
    public String toString() {
        return line + ":" + column;
    }
}
