package dev.flywall.diag;

import dev.flywall.source.SourceFile;
import dev.flywall.source.SourceSpan;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Diagnostics as GitHub Actions workflow commands, one line each, which GitHub shows as
 * annotations on the pull request:
 *
 * <pre>
 * ::error file=config.hcl,line=14,col=12,endLine=14,endColumn=18,title=E0203 unknown uplink "eht0"::No interface or uplink_group is named "eht0".%0Ahelp: did you mean "eth0"?
 * </pre>
 *
 * <p>The command is {@code ::error} or {@code ::warning}; the title is the code and summary.
 * The message is the detail, or the summary when there is no detail, followed by one
 * {@code help: …} line per hint. Columns are code points and the end column is exclusive.
 * Without a subject only {@code title} is given. Values are escaped as GitHub's toolkit does:
 * {@code %}, CR and LF everywhere, and also {@code :} and {@code ,} in properties.
 */
public final class GithubRenderer implements DiagnosticRenderer {

    @Override
    public void write(List<Diagnostic> diagnostics, Function<String, SourceFile> sources, PrintWriter out) {
        for (Diagnostic diagnostic : diagnostics) {
            out.print(command(diagnostic) + "\n");
        }
        out.flush();
    }

    /** The workflow command for one diagnostic, without its line end. */
    static String command(Diagnostic diagnostic) {
        List<String> properties = new ArrayList<>();
        SourceSpan subject = diagnostic.subject();
        if (subject != null) {
            properties.add("file=" + escapeProperty(subject.file()));
            properties.add("line=" + subject.start().line());
            properties.add("col=" + subject.start().column());
            properties.add("endLine=" + subject.end().line());
            properties.add("endColumn=" + subject.end().column());
        }
        properties.add("title=" + escapeProperty(diagnostic.code().id() + " " + diagnostic.summary()));
        return "::" + diagnostic.severity().word() + " " + String.join(",", properties) + "::"
                + escapeData(message(diagnostic));
    }

    private static String message(Diagnostic diagnostic) {
        String detail = diagnostic.detail().strip();
        StringBuilder text = new StringBuilder(detail.isEmpty() ? diagnostic.summary() : detail);
        for (String hint : diagnostic.hints()) {
            text.append("\nhelp: ").append(hint);
        }
        return text.toString();
    }

    /** Escapes a command's message: {@code %}, CR and LF. */
    public static String escapeData(String value) {
        return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A");
    }

    /** Escapes a command property's value: as {@link #escapeData}, plus {@code :} and {@code ,}. */
    public static String escapeProperty(String value) {
        return escapeData(value).replace(":", "%3A").replace(",", "%2C");
    }
}
