package dev.flywall.diag;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flywall.source.SourceFile;
import dev.flywall.source.SourcePos;
import dev.flywall.source.SourceSpan;
import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Diagnostics as one JSON document shaped like {@code terraform validate -json} (format
 * version 1.0), so tools that read Terraform's output read ours:
 *
 * <pre>
 * {"format_version": "1.0", "valid": false, "error_count": 1, "warning_count": 0,
 *  "diagnostics": [{"severity": "error", "code": "E0203", "summary": "…", "detail": "…",
 *    "range": {"filename": "config.hcl", "start": {"line": 14, "column": 12, "byte": 161},
 *              "end": {"line": 14, "column": 18, "byte": 167}},
 *    "snippet": {"context": null, "code": "  uplink = \"eht0\"", "start_line": 14,
 *                "highlight_start_offset": 11, "highlight_end_offset": 17},
 *    "label": "…", "hints": ["did you mean \"eth0\"?"]}]}
 * </pre>
 *
 * <p>Differences from Terraform: {@code code}, {@code label} and {@code hints} are added (always
 * present; {@code ""} and {@code []} when unset) and there is no {@code values} list. Columns
 * and highlight offsets count Unicode code points, bytes count UTF-8. {@code snippet.code} is
 * the subject's first line only; a subject running further is highlighted to that line's end
 * (the {@code range} keeps its real end). {@code range} and {@code snippet} are left out when
 * there is no subject, and {@code snippet} alone when the file's text is unknown.
 */
public final class JsonRenderer implements DiagnosticRenderer {

    /** The Terraform JSON format version this output follows. */
    public static final String FORMAT_VERSION = "1.0";

    @Override
    public void write(List<Diagnostic> diagnostics, Function<String, SourceFile> sources, PrintWriter out) {
        out.print(PrettyJson.write(document(diagnostics, sources)));
        out.flush();
    }

    private static ObjectNode document(List<Diagnostic> diagnostics, Function<String, SourceFile> sources) {
        long errors = diagnostics.stream().filter(Diagnostic::isError).count();
        ObjectNode document = PrettyJson.object();
        document.put("format_version", FORMAT_VERSION);
        document.put("valid", errors == 0);
        document.put("error_count", errors);
        document.put("warning_count", diagnostics.size() - errors);
        var items = document.putArray("diagnostics");
        for (Diagnostic diagnostic : diagnostics) {
            items.add(diagnostic(diagnostic, sources));
        }
        return document;
    }

    private static ObjectNode diagnostic(Diagnostic diagnostic, Function<String, SourceFile> sources) {
        ObjectNode node = PrettyJson.object();
        node.put("severity", diagnostic.severity().word());
        node.put("code", diagnostic.code().id());
        node.put("summary", diagnostic.summary());
        node.put("detail", diagnostic.detail());
        SourceSpan subject = diagnostic.subject();
        if (subject != null) {
            node.set("range", range(subject));
            Optional<Excerpt> excerpt = Excerpt.of(diagnostic, sources);
            excerpt.ifPresent(e -> node.set("snippet", snippet(e)));
        }
        node.put("label", diagnostic.label());
        var hints = node.putArray("hints");
        diagnostic.hints().forEach(hints::add);
        return node;
    }

    private static ObjectNode range(SourceSpan span) {
        ObjectNode range = PrettyJson.object();
        range.put("filename", span.file());
        range.set("start", position(span.start()));
        range.set("end", position(span.end()));
        return range;
    }

    private static ObjectNode position(SourcePos pos) {
        ObjectNode node = PrettyJson.object();
        node.put("line", pos.line());
        node.put("column", pos.column());
        node.put("byte", pos.byteOffset());
        return node;
    }

    private static ObjectNode snippet(Excerpt excerpt) {
        ObjectNode snippet = PrettyJson.object();
        snippet.putNull("context");
        snippet.put("code", excerpt.code());
        snippet.put("start_line", excerpt.line());
        snippet.put("highlight_start_offset", excerpt.highlightStart());
        snippet.put("highlight_end_offset", excerpt.highlightEnd());
        return snippet;
    }
}
