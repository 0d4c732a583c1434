package dev.flywall.cli;

import dev.flywall.runtime.apply.ConfirmWatch;
import dev.flywall.runtime.apply.StateDir;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The process {@code apply --confirm} leaves behind: reverts at the deadline unless confirmed. */
@Command(
        name = "confirm-watch",
        hidden = true,
        mixinStandardHelpOptions = true,
        versionProvider = FlywallVersion.class,
        description = "Internal: wait for 'flywall confirm' or revert.")
final class ConfirmWatchCommand implements Callable<Integer> {

    @Option(names = "--state-dir", required = true, paramLabel = "DIR")
    private Path stateDir;

    @Override
    public Integer call() throws Exception {
        ConfirmWatch.await(StateDir.open(stateDir));
        return ExitCodes.SUCCESS;
    }
}
