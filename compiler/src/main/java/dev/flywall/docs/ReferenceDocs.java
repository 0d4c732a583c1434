package dev.flywall.docs;

import dev.flywall.decode.AttributeSpec;
import dev.flywall.decode.BlockSpec;
import dev.flywall.decode.Schema;
import dev.flywall.diag.Code;
import dev.flywall.syntax.Functions;
import java.util.HashSet;
import java.util.Set;

/**
 * Generates the reference pages that must never drift from the code: the configuration
 * reference ({@code docs/reference.md}, from the schema), the diagnostic codes
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
            out.append("| ")
                    .append(code.id())
                    .append(" | ")
                    .append(code.title())
                    .append(" | ")
                    .append(code.description())
                    .append(" |\n");
        }
        return out.toString();
    }

    public static String functions() {
        StringBuilder out = new StringBuilder();
        out.append("# Functions\n\n")
                .append(
                        "<!-- Generated from dev.flywall.syntax.Functions by ReferenceDocs; do not edit by hand. -->\n\n")
                .append("Expressions in a configuration may call these functions. They are pure: the same\n")
                .append("arguments always give the same result, and compiling never reads the host. `env()` and\n")
                .append("`file()` are references that flywall resolves when it runs, for secrets only.\n\n")
                .append("| function | result |\n|---|---|\n");
        for (Functions.Function f : Functions.all()) {
            out.append("| `")
                    .append(f.signature().replace("|", "\\|"))
                    .append("` | ")
                    .append(f.description())
                    .append(" |\n");
        }
        return out.toString();
    }

    public static String reference() {
        StringBuilder out = new StringBuilder();
        out.append("# Configuration reference\n\n")
                .append("<!-- Generated from dev.flywall.decode.Schema by ReferenceDocs; do not edit by hand. -->\n\n")
                .append("Every block and argument flywall understands. Arguments without a default are optional\n")
                .append("unless marked required. The language itself (expressions, variables, locals, functions)\n")
                .append("is described in [language.md](language.md).\n");
        Set<String> written = new HashSet<>();
        for (BlockSpec block : Schema.ROOT.blocks()) {
            block(block, "", 2, written, out);
        }
        return out.toString();
    }

    private static void block(BlockSpec block, String parent, int level, Set<String> written, StringBuilder out) {
        String path = parent.isEmpty() ? block.type() : parent + " › " + block.type();
        out.append("\n")
                .append("#".repeat(level))
                .append(" ")
                .append(parent.isEmpty() ? "" : parent + " › ")
                .append("`")
                .append(block.header())
                .append("`\n\n")
                .append(block.doc());
        out.append(block.repeatable() ? " May appear several times." : " At most one.");
        if (block.requiredBlock()) {
            out.append(" Required.");
        }
        out.append("\n");
        if (!written.add(block.type() + block.attributes())) {
            out.append("\nThe same arguments as `").append(block.type()).append("` above.\n");
            return;
        }
        if (!block.attributes().isEmpty()) {
            out.append("\n| argument | type | default | description |\n|---|---|---|---|\n");
            for (AttributeSpec a : block.attributes()) {
                String dflt =
                        a.required() ? "**required**" : a.defaultText() == null ? "—" : "`" + a.defaultText() + "`";
                out.append("| `")
                        .append(a.name())
                        .append("` | ")
                        .append(a.type().describe().replace("|", "\\|"))
                        .append(" | ")
                        .append(dflt.replace("|", "\\|"))
                        .append(" | ")
                        .append(a.doc().replace("|", "\\|"))
                        .append(" |\n");
            }
        }
        for (BlockSpec nested : block.blocks()) {
            block(nested, path, Math.min(level + 1, 4), written, out);
        }
    }
}
