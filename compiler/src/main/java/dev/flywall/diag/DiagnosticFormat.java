package dev.flywall.diag;

import dev.flywall.source.SourceFile;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * The output formats of {@code flywall lint --format}: {@code text} for people, {@code json}
 * (Terraform's validate shape), {@code sarif} for code scanning and {@code github} for Actions
 * annotations.
 */
public enum DiagnosticFormat {
    TEXT,
    JSON,
    SARIF,
    GITHUB;

    /** The name used on the command line: the lower-case constant name. */
    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The format with the given command-line name, ignoring case. */
    public static Optional<DiagnosticFormat> fromCliName(String name) {
        for (DiagnosticFormat format : values()) {
            if (format.cliName().equalsIgnoreCase(name)) {
                return Optional.of(format);
            }
        }
        return Optional.empty();
    }

    /** The renderer for this format; {@code color} matters only to {@link #TEXT}. */
    public DiagnosticRenderer renderer(boolean color) {
        return switch (this) {
            case TEXT -> new TextRenderer(color);
            case JSON -> new JsonRenderer();
            case SARIF -> new SarifRenderer();
            case GITHUB -> new GithubRenderer();
        };
    }

    /** Writes the diagnostics in this format to {@code out}; see {@link DiagnosticRenderer}. */
    public void render(
            List<Diagnostic> diagnostics, Function<String, SourceFile> sources, boolean color, PrintWriter out) {
        renderer(color).write(diagnostics, sources, out);
    }

    /** The diagnostics in this format as a string. */
    public String render(List<Diagnostic> diagnostics, Function<String, SourceFile> sources, boolean color) {
        return renderer(color).render(diagnostics, sources);
    }
}
