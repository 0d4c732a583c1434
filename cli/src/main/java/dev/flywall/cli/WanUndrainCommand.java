package dev.flywall.cli;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code flywall wan undrain}: an uplink takes new connections again. */
@Command(
        name = "undrain",
        mixinStandardHelpOptions = true,
        versionProvider = FlywallVersion.class,
        description = {
            "End the drain of UPLINK: it takes new connections again at once (no failback_delay: it was"
                    + " probed throughout), unless it is down, or a failback hold from its own recovery during the"
                    + " drain has not ended yet.",
            "Needs the API token unless the API has none."
        },
        exitCodeListHeading = "%nExit Codes:%n",
        exitCodeList = {
            ExitCodes.SUCCESS + ":undrained (or it was not drained)",
            ExitCodes.FAILURE + ":refused: unknown uplink",
            ExitCodes.USAGE + ":usage error",
            ExitCodes.DAEMON_NOT_RUNNING + ":the daemon is not running",
            ExitCodes.NOT_AUTHORIZED + ":the API refused the token, or needs one"
        })
final class WanUndrainCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private WanOptions wan = new WanOptions();

    @Mixin
    private WanTokenOption token = new WanTokenOption();

    @Parameters(index = "0", paramLabel = "UPLINK", description = "The uplink (interface) to undrain.")
    private String uplink;

    @Override
    public Integer call() throws InterruptedException {
        var out = spec.commandLine().getOut();
        var err = spec.commandLine().getErr();
        return token.post(
                wan,
                "/api/wan/undrain",
                JsonNodeFactory.instance.objectNode().put("uplink", uplink),
                err,
                answer -> out.println("Undrained " + answer.path("undrained").asText(uplink) + "."));
    }
}
