package dev.flywall.source;

import java.util.Objects;

/** A range of a source file; the end is exclusive. */
public record SourceSpan(String file, SourcePos start, SourcePos end) {

    public SourceSpan {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        if (end.byteOffset() < start.byteOffset()) {
            throw new IllegalArgumentException("span ends before it starts: " + start + " > " + end);
        }
    }

    /** The smallest span covering both. */
    public SourceSpan to(SourceSpan other) {
        SourcePos s = start.compareTo(other.start) <= 0 ? start : other.start;
        SourcePos e = end.compareTo(other.end) >= 0 ? end : other.end;
        return new SourceSpan(file, s, e);
    }

    /** An empty span at this span's start. */
    public SourceSpan atStart() {
        return new SourceSpan(file, start, start);
    }

    @Override
    public String toString() {
        return file + ":" + start.line() + ":" + start.column();
    }
}
