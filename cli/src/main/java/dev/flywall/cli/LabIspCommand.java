package dev.flywall.cli;

import dev.flywall.runtime.lab.Lab;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** The ISP subcommands, {@code flywall lab break|heal|loss ISP}: they share their shape. */
abstract class LabIspCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    LabCommand.NameOption name = new LabCommand.NameOption();

    @Parameters(index = "0", paramLabel = "ISP", description = "The WAN interface whose ISP to act on.")
    String uplink;

    abstract String act(Lab lab) throws Exception;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        if (LabCommand.notRoot(err)) {
            return ExitCodes.ENVIRONMENT;
        }
        try {
            spec.commandLine().getOut().println(act(new Lab()));
            return ExitCodes.SUCCESS;
        } catch (IllegalArgumentException e) {
            err.println("flywall lab: " + e.getMessage());
            return ExitCodes.FAILURE;
        }
    }

    @Command(
            name = "break",
            mixinStandardHelpOptions = true,
            versionProvider = FlywallVersion.class,
            description = "The ISP drops every packet from the gateway; the link stays up, as in most real outages.")
    static final class Break extends LabIspCommand {
        @Override
        String act(Lab lab) throws Exception {
            lab.breakIsp(name.name, uplink);
            return "ISP of " + uplink + " broken (drops everything).";
        }
    }

    @Command(
            name = "heal",
            mixinStandardHelpOptions = true,
            versionProvider = FlywallVersion.class,
            description = "End the ISP's outage or loss.")
    static final class Heal extends LabIspCommand {
        @Override
        String act(Lab lab) throws Exception {
            lab.heal(name.name, uplink);
            return "ISP of " + uplink + " healthy.";
        }
    }

    @Command(
            name = "loss",
            mixinStandardHelpOptions = true,
            versionProvider = FlywallVersion.class,
            description = "The ISP drops PERCENT of the packets from the gateway, at random.")
    static final class Loss extends LabIspCommand {
        @Parameters(index = "1", paramLabel = "PERCENT", description = "0-100.")
        int percent;

        @Override
        String act(Lab lab) throws Exception {
            lab.loss(name.name, uplink, percent);
            return "ISP of " + uplink + " drops " + percent + "% of the packets.";
        }
    }
}
