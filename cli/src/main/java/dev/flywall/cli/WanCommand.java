package dev.flywall.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code flywall wan}: what the running daemon knows about the uplinks, and the pins an operator
 * sets. Every subcommand talks to the daemon's local API; {@code status} and {@code history} fall
 * back to {@code history.db} in the state directory when the daemon is not running.
 */
@Command(
        name = "wan",
        mixinStandardHelpOptions = true,
        versionProvider = FlywallVersion.class,
        synopsisSubcommandLabel = "COMMAND",
        description = "The uplinks as the running daemon sees them (through its local API), their history,"
                + " pinning a group to one uplink, and draining an uplink.",
        subcommands = {
            WanStatusCommand.class,
            WanHistoryCommand.class,
            WanHealthCommand.class,
            WanPinCommand.class,
            WanUnpinCommand.class,
            WanFailbackCommand.class,
            WanDrainCommand.class,
            WanUndrainCommand.class
        },
        exitCodeListHeading = "%nExit Codes:%n",
        exitCodeList = {
            ExitCodes.SUCCESS + ":success",
            ExitCodes.FAILURE + ":the daemon refused the request (unknown group or uplink) or failed",
            ExitCodes.USAGE + ":usage error",
            ExitCodes.NOT_AUTHORIZED + ":pin, unpin, failback, drain, undrain: the API refused the token, or needs one",
            ExitCodes.DAEMON_NOT_RUNNING + ":the daemon is not running or not answering (status then shows the"
                    + " last events of history.db; history reads history.db and exits 0, or 5 when there is none)"
        })
final class WanCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    /** Without a subcommand there is nothing to do: show the usage on stderr, as a usage error. */
    @Override
    public Integer call() {
        CommandLine commandLine = spec.commandLine();
        commandLine
                .getErr()
                .println(
                        "flywall: missing wan command (status, history, health, pin, unpin, failback, drain or undrain)");
        commandLine.usage(commandLine.getErr(), commandLine.getColorScheme());
        return ExitCodes.USAGE;
    }
}
