package dev.flywall.cli;

import dev.flywall.decode.Frontend;
import dev.flywall.diag.Diagnostic;
import dev.flywall.diag.DiagnosticFormat;
import dev.flywall.model.Config;
import dev.flywall.validate.HaPair;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
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
                    + " example, 'lint /etc/flywall' the gateway's configuration split over files.",
            "With --peer, PATH and PEER are the two nodes of an HA pair: each is checked on its own, then"
                    + " the two together (router_id, advert_interval, preempt, sync_port, priorities, each"
                    + " node's peer address, virtual addresses, uplink marks and tables)."
        },
        exitCodeListHeading = "%nExit Codes:%n",
        exitCodeList = {
            ExitCodes.SUCCESS + ":no errors (warnings allowed unless --strict)",
            ExitCodes.FAILURE + ":errors found (or warnings, with --strict); with --peer, in either file or the pair",
            ExitCodes.USAGE + ":usage error (--peer with several PATHs), or a file could not be read"
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

    @Option(
            names = "--peer",
            paramLabel = "PEER",
            description = "The other node of an HA pair (a file or directory): check the pair together with"
                    + " the one PATH.")
    private String peer;

    @Parameters(arity = "1..*", paramLabel = "PATH", description = "Files or directories; - reads standard input.")
    private List<String> paths = new ArrayList<>();

    @Override
    public Integer call() {
        List<Diagnostic> diagnostics = new ArrayList<>();
        List<dev.flywall.source.SourceFile> sources = new ArrayList<>();
        var commandLine = spec.commandLine();
        if (peer != null && paths.size() != 1) {
            commandLine
                    .getErr()
                    .println("flywall lint: --peer checks one PATH against its peer; " + paths.size() + " PATHs given");
            return ExitCodes.USAGE;
        }
        boolean unreadable = false;
        List<Optional<Config>> configs = new ArrayList<>();
        List<String> all = new ArrayList<>(paths);
        if (peer != null) {
            all.add(peer);
        }
        for (String path : all) {
            InputFiles.Result input = InputFiles.read(List.of(path), false, FlywallRootCommand.in(spec));
            diagnostics.addAll(input.diagnostics());
            sources.addAll(input.sources());
            unreadable |= !input.diagnostics().isEmpty();
            Optional<Config> config = Optional.empty();
            if (!input.sources().isEmpty()) {
                Frontend.Result loaded = Frontend.load(input.sources(), vars.vars());
                diagnostics.addAll(loaded.diagnostics());
                config = loaded.config();
            }
            configs.add(config);
        }
        if (peer != null && configs.get(0).isPresent() && configs.get(1).isPresent()) {
            diagnostics.addAll(HaPair.check(
                    configs.get(0).get(), paths.get(0), configs.get(1).get(), peer));
        }
        boolean color = format == DiagnosticFormat.TEXT
                && commandLine.getColorScheme().ansi().enabled();
        new DiagnosticsPrinter(sources, format, color).printWithSummary(diagnostics, commandLine.getOut());
        if (format == DiagnosticFormat.TEXT && diagnostics.isEmpty()) {
            commandLine.getOut().println(String.join(", ", all) + ": no problems");
        }
        if (unreadable) {
            return ExitCodes.USAGE; // a file could not be read: nothing was really checked
        }
        boolean failed = DiagnosticsPrinter.hasErrors(diagnostics) || strict && !diagnostics.isEmpty();
        return failed ? ExitCodes.FAILURE : ExitCodes.SUCCESS;
    }
}
