package dev.flywall.cli;

import dev.flywall.runtime.api.ApiJson;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code flywall wan health}: the probes behind the uplink states, per target, so a flapping or
 * slow target shows before it takes an uplink down. Probe results live only in the daemon, so
 * without it there is nothing to show.
 */
@Command(
        name = "health",
        mixinStandardHelpOptions = true,
        versionProvider = FlywallVersion.class,
        description = "Show each probe target of each uplink: check type, target, packet loss, the round-trip"
                + " times of the recent probes as a sparkline (oldest first, " + WanTables.LOST
                + " = no answer) and the"
                + " last result.",
        exitCodeListHeading = "%nExit Codes:%n",
        exitCodeList = {
            ExitCodes.SUCCESS + ":shown",
            ExitCodes.FAILURE + ":the daemon failed to answer",
            ExitCodes.USAGE + ":usage error",
            ExitCodes.DAEMON_NOT_RUNNING + ":the daemon is not running"
        })
final class WanHealthCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private WanOptions wan = new WanOptions();

    @Option(names = "--json", description = "Print the API's health document (GET /api/wan/health) instead.")
    private boolean json;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        return wan.show(
                "/api/wan/health",
                out,
                err,
                body -> json ? body.toPrettyString() + "\n" : WanTables.health(ApiJson.health(body)),
                message -> {
                    err.println("flywall: " + message);
                    return ExitCodes.DAEMON_NOT_RUNNING;
                });
    }
}
