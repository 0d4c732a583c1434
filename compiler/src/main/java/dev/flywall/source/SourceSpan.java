package dev.flywall.source;

import java.util.Objects;

/**
 * A range of a source file; the end is exclusive.
 *
 * <p>A span made by {@link SourceFile#span} holds only the two code-point offsets and finds its
 * {@link SourcePos lines and columns} when first asked: a parse makes a span for every node, and
 * most are never shown. Spans are values: two spans are equal when their file, start and end
 * positions are, however they were made.
 */
public final class SourceSpan {

    private final String file;
    /** The file that resolves the offsets, or null when the positions were given. */
    private final SourceFile source;

    private final int startIndex;
    private final int endIndex;
    private SourcePos start;
    private SourcePos end;

    public SourceSpan(String file, SourcePos start, SourcePos end) {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        if (end.byteOffset() < start.byteOffset()) {
            throw new IllegalArgumentException("span ends before it starts: " + start + " > " + end);
        }
        this.file = file;
        this.source = null;
        this.startIndex = -1;
        this.endIndex = -1;
        this.start = start;
        this.end = end;
    }

    /** The code points [startIndex, endIndex) of a file; the caller ensures start ≤ end. */
    SourceSpan(SourceFile source, int startIndex, int endIndex) {
        this.file = source.name();
        this.source = source;
        this.startIndex = startIndex;
        this.endIndex = endIndex;
    }

    public String file() {
        return file;
    }

    public SourcePos start() {
        SourcePos s = start;
        if (s == null) {
            s = source.pos(startIndex);
            start = s; // SourcePos is immutable: a racing thread computes the same value
        }
        return s;
    }

    public SourcePos end() {
        SourcePos e = end;
        if (e == null) {
            e = source.pos(endIndex);
            end = e;
        }
        return e;
    }

    /** The smallest span covering both. */
    public SourceSpan to(SourceSpan other) {
        if (source != null && source == other.source) {
            // offsets order as byte offsets do: no positions needed
            return new SourceSpan(source, Math.min(startIndex, other.startIndex), Math.max(endIndex, other.endIndex));
        }
        SourcePos s = start().compareTo(other.start()) <= 0 ? start() : other.start();
        SourcePos e = end().compareTo(other.end()) >= 0 ? end() : other.end();
        return new SourceSpan(file, s, e);
    }

    /** An empty span at this span's start. */
    public SourceSpan atStart() {
        if (source != null) {
            return new SourceSpan(source, startIndex, startIndex);
        }
        return new SourceSpan(file, start, start);
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof SourceSpan other)) {
            return false;
        }
        if (source != null && source == other.source && startIndex == other.startIndex && endIndex == other.endIndex) {
            return true;
        }
        return file.equals(other.file) && start().equals(other.start()) && end().equals(other.end());
    }

    @Override
    public int hashCode() {
        return (31 * file.hashCode() + start().hashCode()) * 31 + end().hashCode(); // as the record's
    }

    @Override
    public String toString() {
        return file + ":" + start().line() + ":" + start().column();
    }
}
