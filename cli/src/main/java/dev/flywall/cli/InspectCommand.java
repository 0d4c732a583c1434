package dev.flywall.cli;

import dev.flywall.decode.SecretRedaction;
import dev.flywall.syntax.Document;
import dev.flywall.syntax.DocumentJson;
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
 * {@code flywall inspect --json}: the evaluated configuration as JSON, in the shape of HCL's JSON
 * syntax (blocks nested by type, then labels), for tooling and tests.
 */
@Command(
        name = "inspect",
        mixinStandardHelpOptions = true,
        versionProvider = FlywallVersion.class,
        description = {
            "Print the evaluated configuration as JSON: attributes as properties, blocks nested by type"
                    + " and labels (repeated blocks as arrays), in source order. Variables and locals are"
                    + " resolved; env() and file() references are shown, not read; secrets written in the"
                    + " file are shown as (sensitive)."
        })
final class InspectCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private VarOptions vars = new VarOptions();

    @Option(names = "--json", required = true, description = "Print JSON (the only format for now).")
    private boolean json;

    @Parameters(arity = "1..*", paramLabel = "PATH", description = "Files or directories; - reads standard input.")
    private List<String> paths = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        var commandLine = spec.commandLine();
        InputFiles.Result input = InputFiles.read(paths, false, FlywallRootCommand.in(spec));
        List<dev.flywall.diag.Diagnostic> diagnostics = new ArrayList<>(input.diagnostics());
        Document document = Document.load(input.sources(), vars.vars());
        var tree = DocumentJson.toJson(document);
        SecretRedaction.redact(tree);
        diagnostics.addAll(document.diagnostics());
        if (DiagnosticsPrinter.hasErrors(diagnostics)) {
            DiagnosticsPrinter.text(input.sources(), commandLine).printWithSummary(diagnostics, commandLine.getErr());
            return ExitCodes.FAILURE;
        }
        DiagnosticsPrinter.text(input.sources(), commandLine).print(diagnostics, commandLine.getErr());
        commandLine.getOut().println(DocumentJson.MAPPER.writeValueAsString(tree));
        return ExitCodes.SUCCESS;
    }
}
