package dev.flywall.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code flywall lab}: the configuration's gateway in network namespaces on this machine, with a
 * fake ISP per WAN and a client per LAN, the real rules and the real daemon — to watch a failover
 * happen, or to play with one by hand. Each subcommand is a class of its own ({@code Lab*Command});
 * building a lab is {@link RunningLab}, its scenarios are {@link LabScenario}s.
 */
@Command(
        name = "lab",
        mixinStandardHelpOptions = true,
        versionProvider = FlywallVersion.class,
        description = {
            "Build the configuration's gateway in network namespaces — one fake ISP per WAN (its"
                    + " \"internet\" hosts answer ping, HTTP, TCP and DNS), a client per LAN — apply the"
                    + " configuration there and start the daemon. Sealed: no link to this machine's network,"
                    + " only documentation addresses on the WAN side; health-check targets are mapped onto the"
                    + " lab's internet hosts. Needs root.",
        },
        subcommands = {
            LabRunCommand.class,
            LabUpCommand.class,
            LabDownCommand.class,
            LabIspCommand.Break.class,
            LabIspCommand.Heal.class,
            LabIspCommand.Loss.class,
            LabStatusCommand.class,
            LabServeCommand.class,
            LabClientCommand.class
        },
        exitCodeListHeading = "%nExit Codes:%n",
        exitCodeList = {
            "0:done",
            "1:the lab could not be built, or the scenario failed",
            "2:usage error",
            "69:not root, or a missing tool or kernel feature"
        })
final class LabCommand implements Callable<Integer> {

    static final String DEFAULT_NAME = "fwlab";

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return ExitCodes.USAGE;
    }

    /** {@code --name}, shared by the subcommands. */
    static final class NameOption {
        @Option(
                names = "--name",
                paramLabel = "NAME",
                description = "The lab's name, the prefix of its namespaces" + " (default: " + DEFAULT_NAME + ").")
        String name = DEFAULT_NAME;
    }

    static boolean notRoot(PrintWriter err) {
        if (!"root".equals(System.getProperty("user.name"))) {
            err.println("flywall lab: needs root (it creates network namespaces): run it with sudo");
            return true;
        }
        return false;
    }
}
