package dev.flywall.docs;

import dev.flywall.diag.Code;
import dev.flywall.syntax.Functions;

/**
 * Generates the reference pages that must never drift from the code: the diagnostic codes
 * ({@code docs/diagnostics.md}) and the functions ({@code docs/functions.md}). A test compares
 * the committed files with these; {@code -Dflywall.updateDocs=true} rewrites them.
 */
public final class ReferenceDocs {

    private ReferenceDocs() {}

    public static String diagnostics() {
        StringBuilder out = new StringBuilder();
        out.append("# Diagnostic codes\n\n")
                .append("<!-- Generated from dev.flywall.diag.Code by ReferenceDocs; do not edit by hand. -->\n\n")
                .append("Every problem flywall reports has a stable code. A code keeps its meaning once released;\n")
                .append("retired codes are never reused. `flywall lint --format json|sarif|github` carries the code\n")
                .append("with each diagnostic.\n\n")
                .append("| code | title | meaning |\n|---|---|---|\n");
        for (Code code : Code.values()) {
            out.append("| ").append(code.id()).append(" | ").append(code.title()).append(" | ")
                    .append(code.description()).append(" |\n");
        }
        return out.toString();
    }

    public static String functions() {
        StringBuilder out = new StringBuilder();
        out.append("# Functions\n\n")
                .append("<!-- Generated from dev.flywall.syntax.Functions by ReferenceDocs; do not edit by hand. -->\n\n")
                .append("Expressions in a configuration may call these functions. They are pure: the same\n")
                .append("arguments always give the same result, and compiling never reads the host. `env()` and\n")
                .append("`file()` are references that flywall resolves when it runs, for secrets only.\n\n")
                .append("| function | result |\n|---|---|\n");
        for (Functions.Function f : Functions.all()) {
            out.append("| `").append(f.signature().replace("|", "\\|")).append("` | ")
                    .append(f.description()).append(" |\n");
        }
        return out.toString();
    }
}
