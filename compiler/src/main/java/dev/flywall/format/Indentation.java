package dev.flywall.format;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * Indents each line by two spaces per open level. As in hclwrite, a level is a line that left
 * brackets open, however many: <code>jsonencode(&#123;</code> indents its body once and <code>&#125;)</code> closes
 * it. Unlike hclwrite, it is the closers a line starts with that dedent it, each level they
 * touch by one: <code>&#125;, &#123;</code> sits at the indent of the line that opened the brace (hclwrite
 * leaves it one level deeper), and in {@code f(a,} / {@code b)} the second line is indented
 * (hclwrite puts it at the outer level because the line closes a bracket somewhere).
 */
final class Indentation {

    private static final String STEP = "  ";

    private Indentation() {}

    static void apply(List<FormatLine> lines) {
        // Each entry: how many brackets the line that opened this level left open.
        Deque<Integer> levels = new ArrayDeque<>();
        for (FormatLine line : lines) {
            if (line.isBlank()) {
                line.first().setSpace(""); // a blank line stays empty, with no trailing blanks
                continue;
            }
            int leading = leadingClosers(line);
            boolean partlyClosed = close(levels, leading);
            // A level whose brackets the leading closers only partly close still dedents the
            // line: }, var.tags) and }, { after merge({ sit where merge( started.
            int depth = levels.size() - (partlyClosed ? 1 : 0);
            FormatToken first = line.first();
            // A line that starts within an interpolation of a heredoc is template text
            // territory: its leading blanks belong to the author, keep them.
            first.setSpace(first.insideHeredoc() ? first.originalSpace() : STEP.repeat(depth));
            open(levels, line.netBrackets() + leading, partlyClosed);
        }
    }

    /** The brackets the rest of the line leaves open (> 0) or closes (< 0). */
    private static void open(Deque<Integer> levels, int change, boolean partlyClosed) {
        if (change > 0) {
            // }, { inside merge({ ... }): the reopened brace belongs to the level it came from.
            levels.push(partlyClosed ? levels.pop() + change : change);
        } else if (change < 0) {
            close(levels, -change);
        }
    }

    /**
     * Closes {@code closed} brackets, popping levels; returns whether the last level touched
     * keeps some of its brackets open.
     */
    private static boolean close(Deque<Integer> levels, int closed) {
        int remaining = closed;
        while (remaining > 0 && !levels.isEmpty()) {
            int top = levels.pop();
            if (remaining < top) {
                levels.push(top - remaining);
                return true;
            }
            remaining -= top;
        }
        return false;
    }

    /** How many closing brackets the line starts with (<code>&#125;)</code> counts two). */
    private static int leadingClosers(FormatLine line) {
        int count = 0;
        for (FormatToken token : line.tokens()) {
            if (token.kind().bracketChange() < 0) {
                count++;
            } else if (!token.is(TokenKind.STRIP_CLOSE)) {
                break;
            }
        }
        return count;
    }
}
