package dev.flywall.lsp;

import dev.flywall.diag.Diagnostic;
import dev.flywall.source.SourceFile;
import java.util.Optional;
import org.eclipse.lsp4j.DiagnosticSeverity;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.Range;

/**
 * A flywall diagnostic as an LSP one: its code ({@code E0301}) as the code, its subject as the
 * range, its summary, detail, label and hints as the message, as {@code lint} prints them.
 */
final class Diagnostics {

    static final String SOURCE = "flywall";

    private Diagnostics() {}

    /** {@code file} is the source the diagnostic's subject lies in, if it lies in one. */
    static org.eclipse.lsp4j.Diagnostic toLsp(Diagnostic d, Optional<SourceFile> file) {
        Range range = file.isPresent() && d.subject() != null
                ? Positions.toLsp(file.get(), d.subject())
                : new Range(new Position(0, 0), new Position(0, 0));
        StringBuilder message = new StringBuilder(d.summary());
        if (!d.label().isEmpty()) {
            message.append(": ").append(d.label());
        }
        if (!d.detail().isEmpty()) {
            message.append('\n').append(d.detail());
        }
        d.hints().forEach(h -> message.append("\nhelp: ").append(h));
        org.eclipse.lsp4j.Diagnostic lsp = new org.eclipse.lsp4j.Diagnostic(
                range,
                message.toString(),
                switch (d.severity()) {
                    case ERROR -> DiagnosticSeverity.Error;
                    case WARNING -> DiagnosticSeverity.Warning;
                },
                SOURCE,
                d.code().id());
        return lsp;
    }
}
