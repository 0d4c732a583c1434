package dev.flywall.cli;

import dev.flywall.runtime.apply.ConfirmWatch;
import dev.flywall.runtime.apply.StateDir;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code flywall confirm}: keeps what {@code apply --confirm} applied. */
@Command(
        name = "confirm",
        mixinStandardHelpOptions = true,
        versionProvider = FlywallVersion.class,
        description = "Keep the state applied by 'flywall apply --confirm' (otherwise it is reverted at the deadline).")
final class ConfirmCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--state-dir", paramLabel = "DIR", description = "State directory (default: /var/lib/flywall).")
    private Path stateDir = KernelOptions.DEFAULT_STATE_DIR;

    @Override
    public Integer call() throws Exception {
        if (ConfirmWatch.confirm(StateDir.open(stateDir))) {
            spec.commandLine().getOut().println("Confirmed.");
            return ExitCodes.SUCCESS;
        }
        spec.commandLine().getErr().println("flywall: nothing is waiting for confirmation in " + stateDir);
        return ExitCodes.FAILURE;
    }
}
