package dev.flywall.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code flywall import}: another tool's configuration as a flywall configuration. */
@Command(
        name = "import",
        mixinStandardHelpOptions = true,
        versionProvider = FlywallVersion.class,
        synopsisSubcommandLabel = "COMMAND",
        description = "Write a flywall configuration equivalent to another multi-WAN tool's (see docs/import.md).",
        subcommands = {ImportMwan3Command.class},
        exitCodeListHeading = "%nExit Codes:%n",
        exitCodeList = {
            ExitCodes.SUCCESS + ":the configuration was written",
            ExitCodes.FAILURE + ":the input has errors (shown as diagnostics), or the output cannot be written",
            ExitCodes.USAGE + ":usage error, or an input file cannot be read"
        })
final class ImportCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    /** Without a subcommand there is nothing to do: show the usage on stderr, as a usage error. */
    @Override
    public Integer call() {
        CommandLine commandLine = spec.commandLine();
        commandLine.getErr().println("flywall: missing import command (mwan3)");
        commandLine.usage(commandLine.getErr(), commandLine.getColorScheme());
        return ExitCodes.USAGE;
    }
}
