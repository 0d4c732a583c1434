package dev.flywall.diag;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flywall.source.SourceFile;
import dev.flywall.source.SourceSpan;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.function.Function;

/**
 * Diagnostics as a SARIF 2.1.0 log with one run, for code-scanning services. The tool's rules
 * are the codes that occur, in code order, each with {@code id}, {@code name} (the code's title)
 * and {@code shortDescription} (its description). Each result has {@code ruleId},
 * {@code ruleIndex}, {@code level} ({@code error} or {@code warning}), {@code message.text} and,
 * when the diagnostic has a subject, one physical location.
 *
 * <p>{@code message.text} is the summary, then {@code ": "} and the detail if there is one,
 * then one {@code "\nhelp: …"} line per hint. Regions use our 1-based lines and columns with an
 * exclusive end column, and the run declares {@code "columnKind": "unicodeCodePoints"} because
 * SARIF otherwise assumes UTF-16 columns. Artifact URIs are the file names as relative URI
 * references: backslashes become slashes and anything but unreserved characters and {@code /}
 * is percent-encoded.
 */
public final class SarifRenderer implements DiagnosticRenderer {

    /** The schema this output follows. */
    public static final String SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";
    /** The tool name reported in {@code runs[0].tool.driver.name}. */
    public static final String TOOL_NAME = "flywall";

    @Override
    public void write(List<Diagnostic> diagnostics, Function<String, SourceFile> sources, PrintWriter out) {
        ObjectNode log = PrettyJson.object();
        log.put("$schema", SCHEMA);
        log.put("version", "2.1.0");
        log.putArray("runs").add(run(diagnostics));
        out.print(PrettyJson.write(log));
        out.flush();
    }

    private static ObjectNode run(List<Diagnostic> diagnostics) {
        EnumSet<Code> used = EnumSet.noneOf(Code.class);
        diagnostics.forEach(d -> used.add(d.code()));
        List<Code> rules = new ArrayList<>(used);
        ObjectNode run = PrettyJson.object();
        ObjectNode driver = run.putObject("tool").putObject("driver");
        driver.put("name", TOOL_NAME);
        ArrayNode ruleNodes = driver.putArray("rules");
        rules.forEach(code -> ruleNodes.add(rule(code)));
        run.put("columnKind", "unicodeCodePoints");
        ArrayNode results = run.putArray("results");
        for (Diagnostic diagnostic : diagnostics) {
            results.add(result(diagnostic, rules.indexOf(diagnostic.code())));
        }
        return run;
    }

    private static ObjectNode rule(Code code) {
        ObjectNode rule = PrettyJson.object();
        rule.put("id", code.id());
        rule.put("name", code.title());
        rule.putObject("shortDescription").put("text", code.description());
        return rule;
    }

    private static ObjectNode result(Diagnostic diagnostic, int ruleIndex) {
        ObjectNode result = PrettyJson.object();
        result.put("ruleId", diagnostic.code().id());
        result.put("ruleIndex", ruleIndex);
        result.put("level", diagnostic.severity().word());
        result.putObject("message").put("text", message(diagnostic));
        SourceSpan subject = diagnostic.subject();
        if (subject != null) {
            ObjectNode location = result.putArray("locations").addObject().putObject("physicalLocation");
            location.putObject("artifactLocation").put("uri", uri(subject.file()));
            ObjectNode region = location.putObject("region");
            region.put("startLine", subject.start().line());
            region.put("startColumn", subject.start().column());
            region.put("endLine", subject.end().line());
            region.put("endColumn", subject.end().column());
        }
        return result;
    }

    static String message(Diagnostic diagnostic) {
        StringBuilder text = new StringBuilder(diagnostic.summary());
        if (!diagnostic.detail().isBlank()) {
            text.append(": ").append(diagnostic.detail().strip());
        }
        for (String hint : diagnostic.hints()) {
            text.append("\nhelp: ").append(hint);
        }
        return text.toString();
    }

    /** A file name as a relative URI reference (RFC 3986). */
    static String uri(String file) {
        StringBuilder uri = new StringBuilder();
        for (byte b : file.replace('\\', '/').getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            boolean unreserved = c >= 'a' && c <= 'z'
                    || c >= 'A' && c <= 'Z'
                    || c >= '0' && c <= '9'
                    || c == '-'
                    || c == '.'
                    || c == '_'
                    || c == '~'
                    || c == '/';
            if (unreserved) {
                uri.append((char) c);
            } else {
                uri.append('%')
                        .append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return uri.toString();
    }
}
