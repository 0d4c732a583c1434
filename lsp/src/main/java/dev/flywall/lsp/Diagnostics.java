package dev.flywall.lsp;

import dev.flywall.diag.Diagnostic;
import dev.flywall.source.SourceFile;
import dev.flywall.source.SourcePos;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.lsp4j.DiagnosticRelatedInformation;
import org.eclipse.lsp4j.DiagnosticSeverity;
import org.eclipse.lsp4j.Location;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.Range;

/**
 * A flywall diagnostic as an LSP one: its code ({@code E0301}) as the code, its subject as the
 * range, its summary, detail, label and hints as the message, as {@code lint} prints them.
 */
final class Diagnostics {

    static final String SOURCE = "flywall";

    private Diagnostics() {}

    /** A place a detail names, as SourceSpan prints one: {@code FILE:LINE:COLUMN}. */
    private static final Pattern PLACE = Pattern.compile("([^\\s()\"']+):(\\d+):(\\d+)");

    /**
     * {@link #toLsp(Diagnostic, Optional)} with, as related information, each place of the
     * configuration its detail names ("already declared at gateway.hcl:3:10"): flywall's
     * diagnostics have one subject, and name the other places they are about in their text.
     */
    static org.eclipse.lsp4j.Diagnostic toLsp(Diagnostic d, Optional<SourceFile> file, Configuration configuration) {
        org.eclipse.lsp4j.Diagnostic lsp = toLsp(d, file);
        List<DiagnosticRelatedInformation> related = new ArrayList<>();
        Matcher m = PLACE.matcher(d.detail());
        while (m.find()) {
            String name = m.group(1);
            int line = Integer.parseInt(m.group(2));
            int column = Integer.parseInt(m.group(3));
            configuration.memberNamed(name).ifPresent(member -> {
                SourceFile source = member.source();
                if (line <= source.lineCount()) {
                    Position at = Positions.toLsp(source, new SourcePos(line, Math.max(1, column), 0));
                    related.add(new DiagnosticRelatedInformation(
                            new Location(member.uri(), new Range(at, at)), "see " + m.group()));
                }
            });
        }
        if (!related.isEmpty()) {
            lsp.setRelatedInformation(related);
        }
        return lsp;
    }

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
