package dev.flywall.syntax;

import dev.flywall.source.SourceFile;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;

/**
 * When a block is never closed, the parser only knows the outermost one it was in; the author's
 * indentation usually tells which inner block lost its brace: a "}" indented less than the
 * block it would close belongs to an outer one.
 */
final class IndentationGuess {

    /** The block that lost its brace: where its "{" is, its name, and the lines that show it. */
    record Guess(int line, int braceIndex, String name, int closingLine, int matchingLine) {}

    private record Open(int line, int indent, int braceIndex, String name) {}

    private IndentationGuess() {}

    static Optional<Guess> unclosed(SourceFile source, int fromLine) {
        Deque<Open> open = new ArrayDeque<>();
        for (int line = fromLine; line <= source.lineCount(); line++) {
            String text = source.line(line);
            String trimmed = text.strip();
            int indent = text.length() - text.stripLeading().length();
            if (trimmed.endsWith("{")) {
                int brace = text.lastIndexOf('{');
                String name = trimmed.split("[\\s\"{]+", 2)[0];
                open.push(new Open(line, indent, source.lineStart(line) + text.codePointCount(0, brace), name));
            } else if (trimmed.startsWith("}") && !open.isEmpty()) {
                Open top = open.peek();
                if (indent < top.indent()) {
                    int matching = open.stream()
                            .filter(o -> o.indent() == indent)
                            .mapToInt(Open::line)
                            .findFirst()
                            .orElse(open.peekLast().line());
                    return Optional.of(new Guess(top.line(), top.braceIndex(), top.name(), line, matching));
                }
                open.pop();
            }
        }
        return Optional.empty();
    }
}
