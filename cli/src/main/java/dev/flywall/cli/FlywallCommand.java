package dev.flywall.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The root {@code flywall} command. It only groups the subcommands; each subcommand is one class
 * listed in {@code subcommands} below. Bash completion and man pages are generated from this
 * class at build time (see {@code cli/pom.xml}), so a subcommand added here appears in both.
 *
 * <p>Every subcommand declares {@code mixinStandardHelpOptions = true} and {@code versionProvider
 * = FlywallVersion.class}, writes to {@code spec.commandLine().getOut()/getErr()} (never to
 * {@code System.out}) and returns one of {@link ExitCodes}.
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
    subcommands = {
      HelpCommand.class,
      LintCommand.class,
      InspectCommand.class,
      FmtCommand.class,
      CompileCommand.class,
      PlanCommand.class,
      ApplyCommand.class,
      ConfirmCommand.class,
      ConfirmWatchCommand.class,
      SimulateCommand.class,
      RunCommand.class,
      LabCommand.class,
      DestroyCommand.class,
      WanCommand.class,
      VersionCommand.class
    },
    exitCodeListHeading = "%nExit Codes:%n",
    exitCodeList = {
      ExitCodes.SUCCESS + ":success",
      ExitCodes.FAILURE + ":problems found, or the operation failed",
      ExitCodes.USAGE + ":usage error or unusable environment (bad flags, missing privileges,"
          + " missing tools)",
      ExitCodes.WOULD_REFORMAT + ":fmt --check: files would change",
      ExitCodes.INTERNAL_ERROR + ":internal error (a bug in flywall; please report it)"
    },
    footer = "%nRun 'flywall help COMMAND' for the options of one command."
        + " Set FLYWALL_DEBUG=1 to see stack traces of internal errors.")
public final class FlywallCommand implements Callable<Integer> {

  @Spec private CommandSpec spec;

  /** Used by picocli, the completion script generator and the man page generator. */
  public FlywallCommand() {}

  /** Without a subcommand there is nothing to do: show the usage on stderr, as a usage error. */
  @Override
  public Integer call() {
    CommandLine commandLine = spec.commandLine();
    commandLine.getErr().println("flywall: missing command");
    commandLine.usage(commandLine.getErr(), commandLine.getColorScheme());
    return ExitCodes.USAGE;
  }
}
