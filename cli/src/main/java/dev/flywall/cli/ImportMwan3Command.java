package dev.flywall.cli;

import dev.flywall.diag.Diagnostic;
import dev.flywall.imports.Mwan3Import;
import dev.flywall.source.SourceFile;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code flywall import mwan3}: OpenWrt's mwan3 configuration, with the interfaces of its network
 * configuration, as a flywall configuration that lints without errors and is formatted as {@code
 * fmt} would. What does not map is a comment in the output saying why.
 */
@Command(
        name = "mwan3",
        mixinStandardHelpOptions = true,
        versionProvider = FlywallVersion.class,
        description = {
            "Read OpenWrt's /etc/config/mwan3 (interfaces, members, policies, rules, globals) and"
                    + " /etc/config/network (each interface's device, protocol and addresses) and write the"
                    + " equivalent flywall configuration: interfaces with wan and health_check blocks,"
                    + " uplink_groups, policy_routes. What flywall cannot express is a # comment saying why."
                    + " See docs/import.md.",
            "The network file is optional when not named: without it, devices are taken to be named like"
                    + " mwan3's interfaces."
        },
        exitCodeListHeading = "%nExit Codes:%n",
        exitCodeList = {
            ExitCodes.SUCCESS + ":the configuration was written",
            ExitCodes.FAILURE + ":a UCI file has errors (shown as diagnostics), or -o FILE cannot be written",
            ExitCodes.USAGE + ":usage error, or an input file cannot be read"
        })
final class ImportMwan3Command implements Callable<Integer> {

    static final String DEFAULT_MWAN3 = "/etc/config/mwan3";
    static final String DEFAULT_NETWORK = "/etc/config/network";

    @Spec
    private CommandSpec spec;

    @Option(
            names = "--mwan3",
            paramLabel = "FILE",
            description = "mwan3's UCI file (default: ${DEFAULT-VALUE}); - reads standard input.",
            defaultValue = DEFAULT_MWAN3)
    private String mwan3;

    @Option(
            names = "--network",
            paramLabel = "FILE",
            description =
                    "The network UCI file (default: " + DEFAULT_NETWORK + ", skipped when it does not" + " exist).")
    private String network;

    @Option(
            names = {"-o", "--output"},
            paramLabel = "FILE",
            description = "Write the configuration to FILE instead of standard output.")
    private Path output;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<Diagnostic> unreadable = new ArrayList<>();
        List<SourceFile> sources = new ArrayList<>();
        Optional<SourceFile> mwan3File = read(mwan3, sources, unreadable);
        Optional<SourceFile> networkFile = Optional.empty();
        if (network != null) {
            networkFile = read(network, sources, unreadable);
        } else if (Files.isRegularFile(Path.of(DEFAULT_NETWORK))) {
            networkFile = read(DEFAULT_NETWORK, sources, unreadable);
        } else {
            err.println("flywall import mwan3: no " + DEFAULT_NETWORK + "; devices are taken to be named like"
                    + " mwan3's interfaces (--network FILE names the network file)");
        }
        if (!unreadable.isEmpty() || mwan3File.isEmpty()) {
            DiagnosticsPrinter.text(sources, spec.commandLine()).printWithSummary(unreadable, err);
            return ExitCodes.USAGE;
        }
        Mwan3Import.Result result = Mwan3Import.convert(mwan3File.get(), networkFile);
        if (!result.diagnostics().isEmpty()) {
            DiagnosticsPrinter.text(sources, spec.commandLine()).printWithSummary(result.diagnostics(), err);
        }
        if (result.hasErrors()) {
            return ExitCodes.FAILURE;
        }
        if (output == null) {
            out.print(result.hcl());
            out.flush();
        } else {
            try {
                Files.writeString(output, result.hcl(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                err.println("flywall import mwan3: cannot write " + output + ": " + e.getMessage());
                return ExitCodes.FAILURE;
            }
        }
        if (result.notImported() > 0) {
            err.println(
                    "flywall import mwan3: " + result.notImported() + (result.notImported() == 1 ? " thing" : " things")
                            + " not imported; the comments in the output say why");
        }
        err.flush();
        return ExitCodes.SUCCESS;
    }

    private Optional<SourceFile> read(String path, List<SourceFile> sources, List<Diagnostic> unreadable) {
        if (!path.equals("-") && Files.isDirectory(Path.of(path))) {
            spec.commandLine().getErr().println("flywall import mwan3: " + path + " is a directory, not a UCI file");
            return Optional.empty();
        }
        InputFiles.Result input = InputFiles.read(List.of(path), false, FlywallRootCommand.in(spec));
        unreadable.addAll(input.diagnostics());
        sources.addAll(input.sources());
        return input.sources().stream().findFirst();
    }
}
