package dev.flywall.lsp;

import dev.flywall.format.Formatter;
import dev.flywall.source.SourceFile;
import dev.flywall.syntax.Parser;
import java.util.List;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.TextEdit;

/**
 * Whole-document formatting with {@code flywall fmt}'s formatter: one edit that replaces the text
 * with the formatted text, or none when it is formatted already or does not parse (as fmt, which
 * never rewrites a file that fails to parse).
 */
final class Formatting {

    private Formatting() {}

    static List<TextEdit> of(SourceFile source) {
        if (Parser.parse(source).hasErrors()) {
            return List.of();
        }
        String formatted;
        try {
            formatted = Formatter.format(source.text());
        } catch (IllegalStateException e) { // the formatter's guard against its own bugs: change nothing
            return List.of();
        }
        if (formatted.equals(source.text())) {
            return List.of();
        }
        int last = source.lineCount();
        Range all = new Range(
                new Position(0, 0), new Position(last - 1, source.line(last).length()));
        return List.of(new TextEdit(all, formatted));
    }
}
