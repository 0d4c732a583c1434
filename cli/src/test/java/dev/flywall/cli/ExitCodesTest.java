package dev.flywall.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The exit codes are a contract: each value is pinned, each has one meaning, and {@code flywall
 * --help} lists each once. (Each command's own test checks the code it returns in context.)
 */
class ExitCodesTest {

    private record Result(int exitCode, String out, String err) {}

    private static Result run(String stdin, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exitCode = Main.run(
                args,
                new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintWriter(out),
                new PrintWriter(err));
        return new Result(exitCode, out.toString(), err.toString());
    }

    @Test
    void everyCodeKeepsItsValue() {
        assertThat(List.of(
                        ExitCodes.SUCCESS,
                        ExitCodes.FAILURE,
                        ExitCodes.USAGE,
                        ExitCodes.CHANGES,
                        ExitCodes.NOT_AUTHORIZED,
                        ExitCodes.DAEMON_NOT_RUNNING,
                        ExitCodes.ENVIRONMENT,
                        ExitCodes.INTERNAL_ERROR))
                .containsExactly(0, 1, 2, 3, 4, 5, 69, 70);
    }

    @Test
    void helpListsEachCodeOnce() {
        String help = run("", "--help").out();
        String codes = help.substring(help.indexOf("Exit Codes:"));

        assertThat(codes.lines()
                        .filter(l -> l.matches("  \\d+ .*"))
                        .map(l -> l.trim().split(" ")[0])
                        .toList())
                .containsExactly("0", "1", "2", "3", "4", "5", "69", "70");
    }

    @Test
    void checkModesShareTheChangesCode() {
        Result fmt = run("interface \"eth0\" {\nzone = \"LAN\"\n}\n", "fmt", "--check", "-");

        assertThat(fmt.exitCode()).isEqualTo(ExitCodes.CHANGES);
        assertThat(run("", "plan", "--help").out())
                .containsPattern("(?m)^  3 +with --detailed-exitcode: there are" + " changes$");
        assertThat(run("", "apply", "--help").out())
                .containsPattern("(?m)^  3 +with --dry-run: there are changes$")
                .containsPattern("(?m)^  2 +usage error$");
    }

    @Test
    void standardInputIsTheOneMainWasGiven() {
        Result clean = run("interface \"eth0\" {\n  zone = \"LAN\"\n}\n", "lint", "-");
        Result broken = run("interface \"eth0\" {\n  zone = \n}\n", "lint", "-");

        assertThat(clean.exitCode()).as(clean.out()).isEqualTo(ExitCodes.SUCCESS);
        assertThat(broken.exitCode()).isEqualTo(ExitCodes.FAILURE);
        assertThat(broken.out()).contains("<stdin>:");
    }

    @Test
    void anUnknownCommandStillGetsSuggestions() {
        Result result = run("", "lnt", "x.hcl");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err()).startsWith("flywall: unknown command 'lnt'").contains("lint");
    }
}
