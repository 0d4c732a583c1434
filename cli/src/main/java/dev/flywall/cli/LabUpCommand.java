package dev.flywall.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code flywall lab up}: build the lab and leave it up. */
@Command(
        name = "up",
        mixinStandardHelpOptions = true,
        versionProvider = FlywallVersion.class,
        description = "Build the lab, apply the configuration in it and start the daemon; leave it up.")
final class LabUpCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    LabCommand.NameOption name = new LabCommand.NameOption();

    @Mixin
    VarOptions vars = new VarOptions();

    @Option(
            names = "--peer",
            paramLabel = "PATH",
            description = "The other node of an HA pair (its configuration; repeatable): both gateways, on shared"
                    + " ISP and LAN segments, each running flywall apply and flywall run.")
    List<String> peer = new ArrayList<>();

    @Parameters(arity = "1..*", paramLabel = "PATH", description = "The configuration (files or directories).")
    List<String> paths = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        if (LabCommand.notRoot(spec.commandLine().getErr())) {
            return ExitCodes.ENVIRONMENT;
        }
        return (peer.isEmpty()
                                ? RunningLab.start(name.name, paths, vars.vars(), spec)
                                : LabPairStart.start(name.name, paths, peer, vars.vars(), spec))
                        .isPresent()
                ? ExitCodes.SUCCESS
                : ExitCodes.FAILURE;
    }
}
