package dev.flywall.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Help.Ansi;

/** The command-line contract: exit codes and what goes to stdout and stderr. */
class CliTest {

    private static final String VERSION = "\\d+\\.\\d+\\.\\d+(-SNAPSHOT)?";

    /** What one run printed and returned. */
    private record Result(int exitCode, String out, String err) {}

    private static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exitCode = Main.run(args, new PrintWriter(out), new PrintWriter(err));
        return new Result(exitCode, out.toString(), err.toString());
    }

    @Test
    void helpListsCommandsAndExitCodes() {
        Result result = run("--help");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.SUCCESS);
        assertThat(result.err()).isEmpty();
        assertThat(result.out())
                .startsWith("Usage: flywall [-hV] COMMAND")
                .contains("-V, --version", "Commands:", "Exit Codes:")
                .containsPattern("(?m)^  help +Display help")
                .containsPattern("(?m)^  version +Print the flywall version")
                .containsPattern(
                        "(?m)^  3 +changes to make \\(fmt --check, apply --dry-run, plan --detailed-exitcode\\)$")
                .containsPattern("(?m)^  69 +unusable environment")
                .containsPattern("(?m)^  70 +internal error")
                .doesNotContain("\u001B["); // no ANSI colours into a writer
    }

    @Test
    void helpSubcommandShowsUsageOfAnotherCommand() {
        Result result = run("help", "version");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.SUCCESS);
        assertThat(result.out()).startsWith("Usage: flywall version [-hV]");
        assertThat(result.err()).isEmpty();
    }

    @Test
    void versionOptionPrintsOneLine() {
        Result result = run("--version");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.SUCCESS);
        assertThat(result.out()).matches("flywall " + VERSION + "\\R");
        assertThat(result.err()).isEmpty();
    }

    @Test
    void versionCommandAddsJavaAndOs() {
        Result result = run("version");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.SUCCESS);
        assertThat(result.out().lines())
                .hasSize(3)
                .satisfies(lines -> assertThat(lines.get(0)).matches("flywall " + VERSION))
                .satisfies(lines ->
                        assertThat(lines.get(1)).startsWith("Java " + System.getProperty("java.runtime.version")))
                .satisfies(lines -> assertThat(lines.get(2))
                        .isEqualTo("OS " + System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                                + System.getProperty("os.arch")));
        assertThat(result.err()).isEmpty();
    }

    @Test
    void unknownOptionIsAUsageError() {
        Result result = run("--frobnicate");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.out()).isEmpty();
        assertThat(result.err())
                .isEqualTo(String.format(
                        "flywall: Unknown option: '--frobnicate'%n" + "Try 'flywall --help' for more information.%n"));
    }

    @Test
    void unknownOptionOfSubcommandPointsToItsHelp() {
        Result result = run("version", "--json");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err())
                .isEqualTo(String.format("flywall: Unknown option: '--json'%n"
                        + "Try 'flywall version --help' for more information.%n"));
    }

    @Test
    void unknownSubcommandIsAUsageErrorWithSuggestion() {
        Result result = run("verison");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.out()).isEmpty();
        assertThat(result.err())
                .startsWith(String.format("flywall: unknown command 'verison'%n"))
                .contains("version")
                .endsWith(String.format("Try 'flywall --help' for more information.%n"));
    }

    @Test
    void noSubcommandIsAUsageErrorWithUsage() {
        Result result = run();

        assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.out()).isEmpty();
        assertThat(result.err()).startsWith(String.format("flywall: missing command%nUsage: flywall"));
    }

    @Test
    void internalErrorIsOneLineWithoutStackTrace() {
        StringWriter err = new StringWriter();

        int exitCode = runWithFailingCommand(err, false);

        assertThat(exitCode).isEqualTo(ExitCodes.INTERNAL_ERROR);
        assertThat(err.toString())
                .isEqualTo(String.format("flywall: internal error: java.lang.IllegalStateException: broken on purpose"
                        + " (please report)%n"));
    }

    @Test
    void internalErrorShowsStackTraceWhenDebugging() {
        StringWriter err = new StringWriter();

        int exitCode = runWithFailingCommand(err, true);

        assertThat(exitCode).isEqualTo(ExitCodes.INTERNAL_ERROR);
        assertThat(err.toString())
                .startsWith("flywall: internal error: java.lang.IllegalStateException")
                .contains("\tat dev.flywall.cli.CliTest$Failing.call(");
    }

    @Test
    void everyCommandHasHelpAndVersionOptions() {
        assertCommandConventions(new CommandLine(new FlywallCommand()));
    }

    private static void assertCommandConventions(CommandLine commandLine) {
        var spec = commandLine.getCommandSpec();
        assertThat(spec.findOption("--help"))
                .as("%s --help", spec.qualifiedName())
                .isNotNull();
        if (!(commandLine.getCommand() instanceof CommandLine.HelpCommand)) {
            assertThat(spec.findOption("--version"))
                    .as("%s --version", spec.qualifiedName())
                    .isNotNull();
            assertThat(spec.versionProvider())
                    .as("%s versionProvider", spec.qualifiedName())
                    .isInstanceOf(FlywallVersion.class);
        }
        commandLine.getSubcommands().values().forEach(CliTest::assertCommandConventions);
    }

    private static int runWithFailingCommand(StringWriter err, boolean debug) {
        PrintWriter errWriter = new PrintWriter(err);
        InternalErrorHandler internalError = new InternalErrorHandler(errWriter, debug);
        CommandLine commandLine = Main.configure(
                        Main.root(new String[0], System.in),
                        new PrintWriter(new StringWriter()),
                        errWriter,
                        Ansi.OFF,
                        internalError)
                .addSubcommand(new Failing());
        return Main.execute(commandLine, new String[] {"fail"}, internalError);
    }

    /** A command with a bug. */
    @Command(name = "fail")
    static final class Failing implements Callable<Integer> {
        @Override
        public Integer call() {
            throw new IllegalStateException("broken on purpose");
        }
    }
}
