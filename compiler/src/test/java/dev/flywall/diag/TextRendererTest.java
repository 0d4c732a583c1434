package dev.flywall.diag;

import static dev.flywall.diag.DiagnosticFixtures.CONFIG;
import static dev.flywall.diag.DiagnosticFixtures.sources;
import static dev.flywall.diag.DiagnosticFixtures.spanOf;
import static dev.flywall.diag.DiagnosticFixtures.unknownUplink;
import static org.assertj.core.api.Assertions.assertThat;

import dev.flywall.source.SourceFile;
import dev.flywall.source.SourceSpan;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TextRendererTest {

    private static final TextRenderer PLAIN = new TextRenderer(false);
    private static final TextRenderer COLOR = new TextRenderer(true);

    private static String plain(Diagnostic... diagnostics) {
        return PLAIN.render(List.of(diagnostics), sources(CONFIG));
    }

    @Test
    void rendersTheDesignExample() {
        assertThat(plain(unknownUplink())).isEqualTo("""
                error[E0203]: unknown uplink "eht0"
                  --> config.hcl:14:12
                   |
                14 |   uplink = "eht0"
                   |            ^^^^^^ no interface or uplink_group is named "eht0"
                   = help: did you mean "eth0"?

                """);
    }

    @Test
    void detailParagraphsAreNotesWithAlignedContinuationLines() {
        Diagnostic diagnostic = new Diagnostic(
                Severity.ERROR,
                Code.E0203,
                "Unknown uplink",
                "No interface or uplink_group has that name.  \n\n\nDeclare one, or\nfix the reference.\n",
                spanOf(CONFIG, "\"eht0\""),
                "",
                List.of("did you mean \"eth0\"?", "or \"eth1\"?\nmaybe"));
        assertThat(plain(diagnostic)).isEqualTo("""
                error[E0203]: Unknown uplink
                  --> config.hcl:14:12
                   |
                14 |   uplink = "eht0"
                   |            ^^^^^^
                   = note: No interface or uplink_group has that name.
                   = note: Declare one, or
                           fix the reference.
                   = help: did you mean "eth0"?
                   = help: or "eth1"?
                           maybe

                """);
    }

    @Test
    void multiLineSubjectIsMarkedToTheEndOfItsFirstLine() {
        Diagnostic diagnostic = Diagnostic.warning(
                        Code.E0109, "Empty group", "", spanOf(CONFIG, "\"wan\" {\n  mode = \"failover\"\n}"))
                .withLabel("this group");
        assertThat(plain(diagnostic)).isEqualTo("""
                warning[E0109]: Empty group
                  --> config.hcl:10:14
                   |
                10 | uplink_group "wan" {
                   |              ^^^^^^^... this group

                """);
    }

    @Test
    void subjectEndingAtTheNextLineStartIsNotContinued() {
        SourceSpan wholeLine = spanOf(CONFIG, "  mode = \"failover\"\n");
        assertThat(wholeLine.end().line()).isEqualTo(12);
        assertThat(plain(Diagnostic.error(Code.E0112, "Unexpected token", "", wholeLine)))
                .isEqualTo("""
                error[E0112]: Unexpected token
                  --> config.hcl:11:1
                   |
                11 |   mode = "failover"
                   | ^^^^^^^^^^^^^^^^^^^

                """);
    }

    @Test
    void emptySubjectGetsOneCaret() {
        SourceSpan value = spanOf(CONFIG, "\"wan\"");
        SourceSpan afterValue = new SourceSpan("config.hcl", value.end(), value.end());
        Diagnostic diagnostic =
                Diagnostic.error(Code.E0108, "Missing newline", "", afterValue).withLabel("expected a newline");
        assertThat(plain(diagnostic)).isEqualTo("""
                error[E0108]: Missing newline
                 --> config.hcl:3:15
                  |
                3 |   zone = "wan"
                  |               ^ expected a newline

                """);
    }

    @Test
    void noSubjectPrintsHeaderAndNotesOnly() {
        Diagnostic diagnostic = Diagnostic.error(
                        Code.E0001, "Cannot read file \"missing.hcl\"", "The file does not exist.", null)
                .withLabel("not found")
                .withHint("check the path");
        assertThat(plain(diagnostic)).isEqualTo("""
                error[E0001]: Cannot read file "missing.hcl"
                  = note: not found
                  = note: The file does not exist.
                  = help: check the path

                """);
    }

    @Test
    void unknownSourceKeepsTheLocationAndTurnsTheLabelIntoANote() {
        String text = new TextRenderer(false).render(List.of(unknownUplink()), name -> null);
        assertThat(text).isEqualTo("""
                error[E0203]: unknown uplink "eht0"
                  --> config.hcl:14:12
                   = note: no interface or uplink_group is named "eht0"
                   = help: did you mean "eth0"?

                """);
        assertThat(PLAIN.render(List.of(unknownUplink()), null)).isEqualTo(text);
    }

    @Test
    void tabsExpandToFourSpacesAndCaretsCountCodePoints() {
        SourceFile file = new SourceFile("tabs.hcl", "name\t= \"wän😀\"\n\tuplink = \"a\tb\"\n");
        List<Diagnostic> diagnostics = List.of(
                Diagnostic.error(Code.E0204, "Type mismatch", "", spanOf(file, "\"wän😀\""))
                        .withLabel("a string"),
                Diagnostic.error(Code.E0111, "Invalid escape", "", spanOf(file, "\"a\tb\""))
                        .withLabel("tab"));
        assertThat(PLAIN.render(diagnostics, sources(file))).isEqualTo("""
                error[E0204]: Type mismatch
                 --> tabs.hcl:1:8
                  |
                1 | name    = "wän😀"
                  |           ^^^^^^ a string

                error[E0111]: Invalid escape
                 --> tabs.hcl:2:11
                  |
                2 |     uplink = "a    b"
                  |              ^^^^^^^^ tab

                """);
    }

    @Test
    void controlCharactersAreShownAsPictures() {
        SourceFile file = new SourceFile("ctl.hcl", "x = \"a\u001b[2Jb\"\n");
        Diagnostic diagnostic = Diagnostic.error(Code.E0111, "Invalid escape sequence", "", spanOf(file, "\u001b"));
        assertThat(PLAIN.render(List.of(diagnostic), sources(file))).isEqualTo("""
                error[E0111]: Invalid escape sequence
                 --> ctl.hcl:1:7
                  |
                1 | x = "a\u241b[2Jb"
                  |       ^

                """);
    }

    @Test
    void gutterWidthFollowsTheLineNumber() {
        SourceFile file = new SourceFile("long.hcl", "x = 1\n".repeat(99) + "oops\n");
        Diagnostic diagnostic =
                Diagnostic.error(Code.E0106, "Missing equals sign", "Write oops = value.", spanOf(file, "oops"));
        assertThat(PLAIN.render(List.of(diagnostic), sources(file))).isEqualTo("""
                error[E0106]: Missing equals sign
                   --> long.hcl:100:1
                    |
                100 | oops
                    | ^^^^
                    = note: Write oops = value.

                """);
    }

    @Test
    void emptySourceLineHasNoTrailingSpace() {
        SourceFile file = new SourceFile("empty.hcl", "a = 1\n\nb = 2\n");
        SourceSpan blank = file.span(6, 6);
        assertThat(PLAIN.render(List.of(Diagnostic.warning(Code.E0112, "Blank", "", blank)), sources(file)))
                .isEqualTo("warning[E0112]: Blank\n --> empty.hcl:2:1\n  |\n2 |\n  | ^\n\n");
    }

    @Test
    void colourMarksSeverityGutterAndSummary() {
        String red = "\u001b[1;31m";
        String yellow = "\u001b[1;33m";
        String blue = "\u001b[1;34m";
        String bold = "\u001b[1m";
        String reset = "\u001b[0m";
        Diagnostic warning = Diagnostic.warning(
                        Code.E0116, "Duplicate argument", "Remove one.", spanOf(CONFIG, "zone", 1))
                .withLabel("set again");
        String text = COLOR.render(List.of(unknownUplink(), warning), sources(CONFIG));
        assertThat(text)
                .isEqualTo(red + "error[E0203]" + reset + bold + ": unknown uplink \"eht0\"" + reset + "\n"
                        + "  " + blue + "-->" + reset + " config.hcl:14:12\n"
                        + blue + "   |" + reset + "\n"
                        + blue + "14 |" + reset + "   uplink = \"eht0\"\n"
                        + blue + "   |" + reset + "            " + red
                        + "^^^^^^ no interface or uplink_group is named \"eht0\"" + reset + "\n"
                        + blue + "   =" + reset + " " + bold + "help" + reset + ": did you mean \"eth0\"?\n"
                        + "\n"
                        + yellow + "warning[E0116]" + reset + bold + ": Duplicate argument" + reset + "\n"
                        + " " + blue + "-->" + reset + " config.hcl:7:3\n"
                        + blue + "  |" + reset + "\n"
                        + blue + "7 |" + reset + "   zone = \"lan\"\n"
                        + blue + "  |" + reset + "   " + yellow + "^^^^ set again" + reset + "\n"
                        + blue + "  =" + reset + " " + bold + "note" + reset + ": Remove one.\n"
                        + "\n");
        assertThat(PLAIN.render(List.of(unknownUplink()), sources(CONFIG))).doesNotContain("\u001b");
    }

    @Test
    void rendersNothingForNoDiagnostics() {
        assertThat(PLAIN.render(List.of(), sources(CONFIG))).isEmpty();
    }

    @Test
    void writesToAPrintWriterWithoutClosingIt() {
        StringWriter sink = new StringWriter();
        PrintWriter out = new PrintWriter(sink);
        PLAIN.write(List.of(unknownUplink()), sources(CONFIG), out);
        out.print("1 error\n");
        out.flush();
        assertThat(sink.toString()).startsWith("error[E0203]").endsWith("\n\n1 error\n");
        assertThat(out.checkError()).isFalse();
    }

    @Test
    void summaryCountsErrorsAndWarnings() {
        Diagnostic error = unknownUplink();
        Diagnostic warning = Diagnostic.warning(Code.E0116, "Duplicate argument", "", null);
        assertThat(TextRenderer.summary(List.of())).isEqualTo("no problems");
        assertThat(TextRenderer.summary(List.of(error))).isEqualTo("1 error");
        assertThat(TextRenderer.summary(List.of(warning))).isEqualTo("1 warning");
        assertThat(TextRenderer.summary(List.of(warning, warning, warning))).isEqualTo("3 warnings");
        assertThat(TextRenderer.summary(List.of(error, warning, error))).isEqualTo("2 errors, 1 warning");
        assertThat(TextRenderer.summary(List.of(error, warning, warning))).isEqualTo("1 error, 2 warnings");
    }

    @Test
    void colourOnlyOnATerminalWithoutNoColorOrDumbTerm() {
        assertThat(TextRenderer.useColor(true, Map.of())).isTrue();
        assertThat(TextRenderer.useColor(true, Map.of("TERM", "xterm-256color")))
                .isTrue();
        assertThat(TextRenderer.useColor(false, Map.of("TERM", "xterm-256color")))
                .isFalse();
        assertThat(TextRenderer.useColor(true, Map.of("NO_COLOR", "1"))).isFalse();
        assertThat(TextRenderer.useColor(true, Map.of("NO_COLOR", "0"))).isFalse();
        assertThat(TextRenderer.useColor(true, Map.of("NO_COLOR", ""))).isTrue();
        assertThat(TextRenderer.useColor(true, Map.of("TERM", "dumb"))).isFalse();
        assertThat(TextRenderer.useColor(true, null)).isTrue();
        Map<String, String> withNulls = new HashMap<>();
        withNulls.put("NO_COLOR", null);
        withNulls.put("TERM", null);
        assertThat(TextRenderer.useColor(true, withNulls)).isTrue();
    }

    @Test
    void aHugeLineIsShownAsAWindowAroundTheSubject() {
        String filler = "\0".repeat(1_000_000);
        SourceFile file = new SourceFile("big.hcl", "a = \"" + filler + "\" bad\n");
        Diagnostic diagnostic = Diagnostic.error(
                Code.E0108,
                "Missing newline after argument",
                "An argument definition must end with a newline.",
                spanOf(file, "bad"));

        String text = PLAIN.render(List.of(diagnostic), sources(file));

        String shown = "\u2026" + "\u2400".repeat(155) + "\" bad";
        assertThat(text)
                .isEqualTo("error[E0108]: Missing newline after argument\n"
                        + " --> big.hcl:1:1000008\n"
                        + "  |\n"
                        + "1 | " + shown + "\n"
                        + "  | " + " ".repeat(158) + "^^^\n"
                        + "  = note: An argument definition must end with a newline.\n\n");
    }

    @Test
    void aSubjectInTheMiddleOfAHugeLineKeepsContextOnBothSides() {
        String line = "x".repeat(500) + "BAD" + "y".repeat(500);
        SourceFile file = new SourceFile("mid.hcl", line + "\n");
        Diagnostic diagnostic = Diagnostic.error(Code.E0101, "Invalid character", "", spanOf(file, "BAD"));

        String text = PLAIN.render(List.of(diagnostic), sources(file));

        assertThat(text)
                .contains("1 | \u2026" + "x".repeat(40) + "BAD" + "y".repeat(117) + "\u2026\n")
                .contains("  | " + " ".repeat(41) + "^^^\n");
        assertThat(text.length()).isLessThan(500);
    }
}
