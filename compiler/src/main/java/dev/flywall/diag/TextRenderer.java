package dev.flywall.diag;

import dev.flywall.source.SourceFile;
import dev.flywall.source.SourceSpan;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Diagnostics for people, in the style of rustc and HCL:
 *
 * <pre>
 * error[E0203]: unknown uplink "eht0"
 *   --&gt; config.hcl:14:12
 *    |
 * 14 |   uplink = "eht0"
 *    |            ^^^^^^ no interface or uplink_group is named "eht0"
 *    = note: Declare an interface or uplink_group with that name, or fix the reference.
 *    = help: did you mean "eth0"?
 * </pre>
 *
 * <p>Layout rules:
 * <ul>
 *   <li>The gutter is as wide as the subject's line number; a diagnostic without a subject uses
 *       a one-column gutter and prints only its header and notes.</li>
 *   <li>The snippet is the subject's first line. Carets mark the subject, one per code point
 *       (at least one, so an empty subject still shows where it is); a subject running onto
 *       later lines gets carets to the end of the first line followed by {@code ...}. Tabs are
 *       shown as four spaces in the line and in the caret line alike, and control characters
 *       as their Unicode control pictures, so carets line up and nothing reaches the terminal
 *       raw. {@link Diagnostic#label()} follows the carets.</li>
 *   <li>If the file's text is unknown, the {@code -->} line is printed without a snippet and a
 *       label becomes the first note.</li>
 *   <li>{@link Diagnostic#detail()} is split into paragraphs at blank lines; each paragraph is
 *       one {@code = note:} entry, then each hint is one {@code = help:} entry. An entry's
 *       further lines are indented to line up with its first line's text.</li>
 *   <li>Each diagnostic ends with an empty line. No summary is printed; see
 *       {@link #summary(List)}.</li>
 * </ul>
 * With {@code color}, ANSI escapes make "error" bold red, "warning" bold yellow (with their
 * carets and label), the gutter bold blue and the summary bold.
 */
public final class TextRenderer implements DiagnosticRenderer {

    private static final String RESET = "\u001b[0m";
    private static final String BOLD = "\u001b[1m";
    private static final String RED = "\u001b[1;31m";
    private static final String YELLOW = "\u001b[1;33m";
    private static final String BLUE = "\u001b[1;34m";
    private static final int TAB_WIDTH = 4;

    private final boolean color;

    public TextRenderer(boolean color) {
        this.color = color;
    }

    /** Whether this renderer writes ANSI colour escapes. */
    public boolean color() {
        return color;
    }

    @Override
    public void write(List<Diagnostic> diagnostics, Function<String, SourceFile> sources, PrintWriter out) {
        for (Diagnostic diagnostic : diagnostics) {
            out.print(format(diagnostic, sources));
        }
        out.flush();
    }

    /**
     * Counts for the closing line of a report: {@code "2 errors, 1 warning"}, {@code "1 error"},
     * {@code "3 warnings"} or {@code "no problems"}.
     */
    public static String summary(List<Diagnostic> diagnostics) {
        long errors = diagnostics.stream().filter(Diagnostic::isError).count();
        long warnings = diagnostics.size() - errors;
        List<String> parts = new ArrayList<>();
        if (errors > 0) {
            parts.add(errors + (errors == 1 ? " error" : " errors"));
        }
        if (warnings > 0) {
            parts.add(warnings + (warnings == 1 ? " warning" : " warnings"));
        }
        return parts.isEmpty() ? "no problems" : String.join(", ", parts);
    }

    /**
     * Whether to colour output: only on a terminal, when {@code NO_COLOR} is unset or empty
     * (<a href="https://no-color.org">no-color.org</a>) and {@code TERM} is not {@code dumb}.
     */
    public static boolean useColor(boolean isTty, Map<String, String> env) {
        Map<String, String> vars = env == null ? Map.of() : env;
        String noColor = vars.get("NO_COLOR");
        return isTty && (noColor == null || noColor.isEmpty()) && !"dumb".equals(vars.get("TERM"));
    }

    private String format(Diagnostic diagnostic, Function<String, SourceFile> sources) {
        StringBuilder text = new StringBuilder();
        String severity = diagnostic.severity().word() + "[" + diagnostic.code().id() + "]";
        String accent = diagnostic.isError() ? RED : YELLOW;
        line(text, paint(accent, severity) + paint(BOLD, ": " + diagnostic.summary()));
        SourceSpan subject = diagnostic.subject();
        String margin = " ".repeat(subject == null ? 1 : digits(subject.start().line()));
        List<String> notes = new ArrayList<>();
        if (subject != null) {
            line(text, margin + paint(BLUE, "-->") + " " + subject.file() + ":" + subject.start());
            Optional<Excerpt> excerpt = Excerpt.of(diagnostic, sources);
            if (excerpt.isPresent()) {
                snippet(text, margin, excerpt.get(), accent, diagnostic.label());
            } else if (!diagnostic.label().isEmpty()) {
                notes.add(diagnostic.label());
            }
        } else if (!diagnostic.label().isEmpty()) {
            notes.add(diagnostic.label());
        }
        notes.addAll(paragraphs(diagnostic.detail()));
        entries(text, margin, "note", notes);
        entries(
                text,
                margin,
                "help",
                diagnostic.hints().stream().flatMap(h -> paragraphs(h).stream()).toList());
        text.append('\n');
        return text.toString();
    }

    private void snippet(StringBuilder text, String margin, Excerpt excerpt, String accent, String label) {
        int[] code = excerpt.code().codePoints().toArray();
        String shown = visible(code, 0, code.length);
        String number = Integer.toString(excerpt.line());
        line(text, paint(BLUE, margin + " |"));
        line(text, paint(BLUE, number + " |") + (shown.isEmpty() ? "" : " " + shown));
        int indent = width(code, 0, excerpt.highlightStart());
        int carets = Math.max(1, width(code, excerpt.highlightStart(), excerpt.highlightEnd()));
        String marks = "^".repeat(carets) + (excerpt.continues() ? "..." : "");
        String note = label.isEmpty() ? "" : " " + label.replaceAll("\\R", " ");
        line(text, paint(BLUE, margin + " |") + " " + " ".repeat(indent) + paint(accent, marks + note));
    }

    /** Writes each entry as {@code = kind: text}, its further lines aligned under the text. */
    private void entries(StringBuilder text, String margin, String kind, List<String> items) {
        String continuation = " ".repeat(margin.length() + " = ".length() + kind.length() + ": ".length());
        for (String item : items) {
            List<String> lines = item.lines().toList();
            line(text, paint(BLUE, margin + " =") + " " + paint(BOLD, kind) + ": " + lines.get(0));
            for (String more : lines.subList(1, lines.size())) {
                line(text, continuation + more);
            }
        }
    }

    /** The blank-line separated paragraphs of a text, without trailing blanks on any line. */
    private static List<String> paragraphs(String text) {
        List<String> result = new ArrayList<>();
        StringBuilder paragraph = new StringBuilder();
        for (String line : text.lines().map(String::stripTrailing).toList()) {
            if (!line.isEmpty()) {
                paragraph.append(paragraph.isEmpty() ? "" : "\n").append(line);
            } else if (!paragraph.isEmpty()) {
                result.add(paragraph.toString());
                paragraph.setLength(0);
            }
        }
        if (!paragraph.isEmpty()) {
            result.add(paragraph.toString());
        }
        return result;
    }

    /** The code points {@code [from, to)} as shown: tabs expanded, control characters pictured. */
    private static String visible(int[] code, int from, int to) {
        StringBuilder shown = new StringBuilder();
        for (int i = from; i < to; i++) {
            int cp = code[i];
            if (cp == '\t') {
                shown.append(" ".repeat(TAB_WIDTH));
            } else if (cp < 0x20) {
                shown.appendCodePoint(0x2400 + cp);
            } else if (cp == 0x7f) {
                shown.append('\u2421');
            } else {
                shown.appendCodePoint(cp);
            }
        }
        return shown.toString();
    }

    /** How many columns the code points {@code [from, to)} take once shown. */
    private static int width(int[] code, int from, int to) {
        String shown = visible(code, from, to);
        return shown.codePointCount(0, shown.length());
    }

    private static int digits(int number) {
        return Integer.toString(number).length();
    }

    private String paint(String style, String text) {
        return color ? style + text + RESET : text;
    }

    private static void line(StringBuilder text, String line) {
        text.append(line).append('\n');
    }
}
