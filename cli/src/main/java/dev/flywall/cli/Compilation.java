package dev.flywall.cli;

import dev.flywall.Compiler;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine;

/**
 * The first steps of every command that compiles: read the PATHs (unreadable input is a usage
 * error), compile, and print the diagnostics to stderr (errors end the command with exit 1;
 * warnings are shown and the command goes on).
 */
final class Compilation {

    private Compilation() {}

    /** The compile result, or the exit code the command must end with. */
    record Outcome(Optional<Compiler.Result> result, int exitCode) {}

    static Outcome run(List<String> paths, Map<String, String> vars, CommandLine commandLine) {
        var err = commandLine.getErr();
        InputFiles.Result input = InputFiles.read(paths, false, FlywallRootCommand.in(commandLine.getCommandSpec()));
        if (!input.diagnostics().isEmpty()) {
            DiagnosticsPrinter.text(List.of(), commandLine).printWithSummary(input.diagnostics(), err);
            return new Outcome(Optional.empty(), ExitCodes.USAGE);
        }
        Compiler.Result result = Compiler.compile(input.sources(), vars);
        DiagnosticsPrinter printer = DiagnosticsPrinter.text(input.sources(), commandLine);
        if (result.artifacts().isEmpty()) {
            printer.printWithSummary(result.diagnostics(), err);
            return new Outcome(Optional.empty(), ExitCodes.FAILURE);
        }
        printer.print(result.diagnostics(), err);
        return new Outcome(Optional.of(result), ExitCodes.SUCCESS);
    }
}
