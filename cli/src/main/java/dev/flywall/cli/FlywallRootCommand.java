package dev.flywall.cli;

import java.io.InputStream;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The root {@code flywall} command without its subcommands: its options, help sections, and the
 * process's standard input. {@link FlywallCommand} adds the subcommands; {@link Main} runs one
 * subcommand under this root alone when the command line names it, so that a short command does
 * not pay for picocli building the model of every other one.
 */
@Command(
        name = "flywall",
        mixinStandardHelpOptions = true,
        versionProvider = FlywallVersion.class,
        synopsisSubcommandLabel = "COMMAND",
        descriptionHeading = "%n",
        optionListHeading = "%nOptions:%n",
        commandListHeading = "%nCommands:%n",
        description = "Check, format and compile an HCL multi-WAN gateway configuration into nftables"
                + " and iproute2 rules.",
        exitCodeListHeading = "%nExit Codes:%n",
        exitCodeList = {
            ExitCodes.SUCCESS + ":success (check modes: nothing to change)",
            ExitCodes.FAILURE + ":problems found, or the operation failed",
            ExitCodes.USAGE + ":usage error (bad flags or arguments, or a PATH that cannot be read)",
            ExitCodes.CHANGES + ":changes to make (fmt --check, apply --dry-run, plan --detailed-exitcode)",
            ExitCodes.NOT_AUTHORIZED
                    + ":wan pin, unpin, failback, drain, undrain: the API refused the token, or needs one",
            ExitCodes.DAEMON_NOT_RUNNING + ":wan: the daemon is not running or not answering",
            ExitCodes.ENVIRONMENT + ":unusable environment: a missing tool, privilege or kernel feature, or an"
                    + " unusable or locked state directory (the message names it and the fix)",
            ExitCodes.INTERNAL_ERROR + ":internal error (a bug in flywall; please report it)"
        },
        footer = "%nRun 'flywall help COMMAND' for the options of one command."
                + " Set FLYWALL_DEBUG=1 to see stack traces of internal errors.")
class FlywallRootCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    private final InputStream in;

    FlywallRootCommand(InputStream in) {
        this.in = in;
    }

    /**
     * The standard input of the command line that {@code spec} belongs to, as {@link Main} was
     * given it; {@link System#in} for a command that runs without a flywall root.
     */
    static InputStream in(CommandSpec spec) {
        return spec.root().userObject() instanceof FlywallRootCommand root ? root.in : System.in;
    }

    /** Without a subcommand there is nothing to do: show the usage on stderr, as a usage error. */
    @Override
    public Integer call() {
        CommandLine commandLine = spec.commandLine();
        commandLine.getErr().println("flywall: missing command");
        commandLine.usage(commandLine.getErr(), commandLine.getColorScheme());
        return ExitCodes.USAGE;
    }
}
