package dev.flywall.syntax;

import dev.flywall.diag.Diagnostic;
import java.util.List;

/**
 * What parsing a file gives: the syntax tree (as much of it as could be recovered; items with
 * syntax errors are left out) and every diagnostic found, in source order.
 */
public record ParseResult(ConfigFile file, List<Diagnostic> diagnostics) {

    public ParseResult {
        diagnostics = List.copyOf(diagnostics);
    }

    public boolean hasErrors() {
        return diagnostics.stream().anyMatch(Diagnostic::isError);
    }
}
