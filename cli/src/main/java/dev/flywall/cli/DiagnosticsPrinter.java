package dev.flywall.cli;

import dev.flywall.diag.Diagnostic;
import dev.flywall.diag.DiagnosticFormat;
import dev.flywall.diag.TextRenderer;
import dev.flywall.source.SourceFile;
import java.io.PrintWriter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Prints diagnostics of named sources in one of the output formats. */
final class DiagnosticsPrinter {

    private final Map<String, SourceFile> sources = new HashMap<>();
    private final DiagnosticFormat format;
    private final boolean color;

    DiagnosticsPrinter(List<SourceFile> files, DiagnosticFormat format, boolean color) {
        files.forEach(f -> sources.put(f.name(), f));
        this.format = format;
        this.color = color;
    }

    /** Text output with colour when the command line has it enabled. */
    static DiagnosticsPrinter text(List<SourceFile> files, picocli.CommandLine commandLine) {
        return new DiagnosticsPrinter(
                files,
                DiagnosticFormat.TEXT,
                commandLine.getColorScheme().ansi().enabled());
    }

    void print(List<Diagnostic> diagnostics, PrintWriter out) {
        format.render(diagnostics, sources::get, color, out);
    }

    /** Diagnostics then, in text format, the summary line ("2 errors, 1 warning"). */
    void printWithSummary(List<Diagnostic> diagnostics, PrintWriter out) {
        print(diagnostics, out);
        if (format == DiagnosticFormat.TEXT && !diagnostics.isEmpty()) {
            out.println(TextRenderer.summary(diagnostics));
        }
        out.flush();
    }

    static boolean hasErrors(List<Diagnostic> diagnostics) {
        return diagnostics.stream().anyMatch(Diagnostic::isError);
    }
}
