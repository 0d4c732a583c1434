package dev.flywall.source;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * The text of one configuration file and the tables that turn code-point indexes (what the
 * lexer counts) into lines, columns and UTF-8 byte offsets.
 */
public final class SourceFile {

    private final String name;
    private final String text;
    /** The code points, only when the text has surrogates (else code-point index = char index). */
    private final int[] codePoints;

    private final int length;
    /** Code-point index at which each line starts; line 1 is index 0. */
    private final int[] lineStarts;
    /** UTF-8 byte offset at which each line starts. */
    private final int[] lineStartBytes;
    /** The line of the last position asked for (a hint; a race only costs a binary search). */
    private int lastLine;
    /** Lines of ASCII only, where byte offsets follow from code-point offsets without counting. */
    private final boolean[] asciiLine;

    public SourceFile(String name, String text) {
        this.name = Objects.requireNonNull(name, "name");
        this.text = Objects.requireNonNull(text, "text");
        // Without surrogates, code-point indexes are char indexes: no 4-bytes-per-character copy
        boolean surrogates = false;
        int lines = 1;
        for (int i = 0, n = text.length(); i < n; i++) {
            char c = text.charAt(i);
            if (c == '\n') {
                lines++;
            } else if (Character.isSurrogate(c)) {
                surrogates = true;
            }
        }
        this.codePoints = surrogates ? text.codePoints().toArray() : null;
        this.length = surrogates ? codePoints.length : text.length();
        lineStarts = new int[lines];
        lineStartBytes = new int[lines];
        asciiLine = new boolean[lines];
        java.util.Arrays.fill(asciiLine, true);
        int line = 0;
        int bytes = 0;
        for (int i = 0; i < length; i++) {
            int cp = codePoint(i);
            if (cp < 0x80) {
                bytes++;
            } else {
                bytes += utf8Length(cp);
                asciiLine[line] = false;
            }
            if (cp == '\n') {
                line++;
                lineStarts[line] = i + 1;
                lineStartBytes[line] = bytes;
            }
        }
    }

    /** The code point at a code-point index. */
    private int codePoint(int index) {
        return codePoints == null ? text.charAt(index) : codePoints[index];
    }

    public String name() {
        return name;
    }

    public String text() {
        return text;
    }

    /** Number of code points in the file. */
    public int length() {
        return length;
    }

    public int lineCount() {
        return lineStarts.length;
    }

    /** The position of the given code-point index (0 ≤ index ≤ length). */
    public SourcePos pos(int index) {
        int clamped = Math.max(0, Math.min(index, length));
        int line = lastLine;
        // spans are mostly asked for in file order: try the line of the last answer first
        if (clamped < lineStarts[line] || line + 1 < lineStarts.length && clamped >= lineStarts[line + 1]) {
            line = Arrays.binarySearch(lineStarts, clamped);
            if (line < 0) {
                line = -line - 2;
            }
            lastLine = line;
        }
        int bytes = lineStartBytes[line];
        if (asciiLine[line]) {
            bytes += clamped - lineStarts[line];
        } else {
            for (int i = lineStarts[line]; i < clamped; i++) {
                bytes += utf8Length(codePoint(i));
            }
        }
        return new SourcePos(line + 1, clamped - lineStarts[line] + 1, bytes);
    }

    /** The span of code points [start, end). */
    public SourceSpan span(int start, int end) {
        return new SourceSpan(this, start, Math.max(start, end));
    }

    /** The code-point index at which a 1-based line starts. */
    public int lineStart(int line) {
        return lineStarts[Math.max(0, Math.min(line, lineStarts.length) - 1)];
    }

    /** The text of a 1-based line without its line terminator. */
    public String line(int line) {
        if (line < 1 || line > lineStarts.length) {
            return "";
        }
        int start = lineStarts[line - 1];
        int end = line < lineStarts.length ? lineStarts[line] : length;
        while (end > start && (codePoint(end - 1) == '\n' || codePoint(end - 1) == '\r')) {
            end--;
        }
        return codePoints == null ? text.substring(start, end) : new String(codePoints, start, end - start);
    }

    /** The text covered by a span of this file. */
    public String text(SourceSpan span) {
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        int from = Math.min(span.start().byteOffset(), utf8.length);
        int to = Math.min(span.end().byteOffset(), utf8.length);
        return new String(utf8, from, to - from, StandardCharsets.UTF_8);
    }

    private static int utf8Length(int cp) {
        if (cp < 0x80 || cp >= 0xD800 && cp <= 0xDFFF) {
            return 1; // a lone surrogate is written as "?" by Java's UTF-8 encoder
        }
        if (cp < 0x800) {
            return 2;
        }
        return cp < 0x10000 ? 3 : 4;
    }
}
