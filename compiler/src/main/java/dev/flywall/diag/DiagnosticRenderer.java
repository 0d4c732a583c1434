package dev.flywall.diag;

import dev.flywall.source.SourceFile;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.function.Function;

/**
 * One output format for a list of diagnostics. Renderers are pure: the same diagnostics and
 * sources give the same text, lines end in {@code \n} whatever the platform, and diagnostics
 * appear in the order given (callers sort them).
 *
 * <p>{@code sources} finds a file's text by the name in {@link dev.flywall.source.SourceSpan#file()};
 * it may return null (or be null) when the text is unknown, and renderers then leave out what
 * needs the text, such as the source snippet.
 */
public interface DiagnosticRenderer {

    /** Writes the diagnostics to {@code out} and flushes it; never closes it. */
    void write(List<Diagnostic> diagnostics, Function<String, SourceFile> sources, PrintWriter out);

    /** The diagnostics rendered as a string. */
    default String render(List<Diagnostic> diagnostics, Function<String, SourceFile> sources) {
        StringWriter text = new StringWriter();
        try (PrintWriter out = new PrintWriter(text)) {
            write(diagnostics, sources, out);
        }
        return text.toString();
    }
}
