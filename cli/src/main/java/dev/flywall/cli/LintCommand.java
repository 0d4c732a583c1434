package dev.flywall.cli;

import dev.flywall.decode.Frontend;
import dev.flywall.diag.Diagnostic;
import dev.flywall.diag.DiagnosticFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code flywall lint}: reads a configuration and reports every problem, for people (text) and
 * for CI (json, sarif, github). The paths together form one configuration.
 */
@Command(
        name = "lint",
        mixinStandardHelpOptions = true,
        versionProvider = FlywallVersion.class,
        description = {
            "Check a configuration — syntax, types, references, likely mistakes — and report every"
                    + " problem with its file:line:column. Anything apply would reject, lint rejects first.",
            "Each PATH is one configuration: a file on its own, or a directory whose *.hcl files"
                    + " together form one (like a Terraform module). So 'lint examples/*.hcl' checks each"
                    + " example, 'lint /etc/flywall' the gateway's configuration split over files."
        },
        exitCodeListHeading = "%nExit Codes:%n",
        exitCodeList = {
            ExitCodes.SUCCESS + ":no errors (warnings allowed unless --strict)",
            ExitCodes.FAILURE + ":errors found (or warnings, with --strict)",
            ExitCodes.USAGE + ":usage error, or a file could not be read"
        })
final class LintCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private VarOptions vars = new VarOptions();

    @Option(
            names = {"-f", "--format"},
            paramLabel = "FORMAT",
            description = "Output format: text, json, sarif or github (default: ${DEFAULT-VALUE}).",
            converter = FormatConverter.class,
            defaultValue = "text")
    private DiagnosticFormat format;

    @Option(names = "--strict", description = "Treat warnings as errors (exit 1).")
    private boolean strict;

    @Parameters(arity = "1..*", paramLabel = "PATH", description = "Files or directories; - reads standard input.")
    private List<String> paths = new ArrayList<>();

    @Override
    public Integer call() {
        List<Diagnostic> diagnostics = new ArrayList<>();
        List<dev.flywall.source.SourceFile> sources = new ArrayList<>();
        boolean unreadable = false;
        for (String path : paths) {
            InputFiles.Result input = InputFiles.read(List.of(path), false, FlywallRootCommand.in(spec));
            diagnostics.addAll(input.diagnostics());
            sources.addAll(input.sources());
            unreadable |= !input.diagnostics().isEmpty();
            if (!input.sources().isEmpty()) {
                diagnostics.addAll(Frontend.load(input.sources(), vars.vars()).diagnostics());
            }
        }
        var commandLine = spec.commandLine();
        boolean color = format == DiagnosticFormat.TEXT
                && commandLine.getColorScheme().ansi().enabled();
        new DiagnosticsPrinter(sources, format, color).printWithSummary(diagnostics, commandLine.getOut());
        if (format == DiagnosticFormat.TEXT && diagnostics.isEmpty()) {
            commandLine.getOut().println(String.join(", ", paths) + ": no problems");
        }
        if (unreadable) {
            return ExitCodes.USAGE; // a file could not be read: nothing was really checked
        }
        boolean failed = DiagnosticsPrinter.hasErrors(diagnostics) || strict && !diagnostics.isEmpty();
        return failed ? ExitCodes.FAILURE : ExitCodes.SUCCESS;
    }
}
