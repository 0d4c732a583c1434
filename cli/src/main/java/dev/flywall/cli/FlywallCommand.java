package dev.flywall.cli;

import java.io.InputStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;

/**
 * The root {@code flywall} command with all its subcommands: each subcommand is one class listed
 * in {@code subcommands} below (the options, help and exit codes of the root are in {@link
 * FlywallRootCommand}). Bash completion and man pages are generated from this class at build time
 * (see {@code cli/pom.xml}), so a subcommand added here appears in both, and {@link Main} finds
 * the subcommand to run in this list.
 *
 * <p>Every subcommand declares {@code mixinStandardHelpOptions = true} and {@code versionProvider
 * = FlywallVersion.class}, writes to {@code spec.commandLine().getOut()/getErr()} (never to
 * {@code System.out}), reads standard input through {@link FlywallRootCommand#in} (never {@code
 * System.in}) and returns one of {@link ExitCodes}.
 */
@Command(
        subcommands = {
            HelpCommand.class,
            LintCommand.class,
            InspectCommand.class,
            FmtCommand.class,
            ImportCommand.class,
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
            LspCommand.class,
            VersionCommand.class
        })
public final class FlywallCommand extends FlywallRootCommand {

    /** Used by the completion script generator and the man page generator. */
    public FlywallCommand() {
        this(System.in);
    }

    FlywallCommand(InputStream in) {
        super(in);
    }
}
