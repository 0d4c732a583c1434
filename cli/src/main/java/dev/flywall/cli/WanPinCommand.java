package dev.flywall.cli;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code flywall wan pin}: send a group's new connections through one uplink, whatever the probes say. */
@Command(
        name = "pin",
        mixinStandardHelpOptions = true,
        versionProvider = FlywallVersion.class,
        description = {
            "Pin a group to UPLINK: all its new connections use UPLINK until 'flywall wan unpin', whatever the"
                    + " health checks say (for maintenance, or to test the backup). Without --group, every group"
                    + " that has UPLINK as a member is pinned.",
            "Needs the API token unless the API has none."
        },
        exitCodeListHeading = "%nExit Codes:%n",
        exitCodeList = {
            ExitCodes.SUCCESS + ":pinned",
            ExitCodes.FAILURE + ":refused: unknown group, or UPLINK is not a member",
            ExitCodes.USAGE + ":usage error",
            ExitCodes.DAEMON_NOT_RUNNING + ":the daemon is not running",
            ExitCodes.NOT_AUTHORIZED + ":the API refused the token, or needs one"
        })
final class WanPinCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private WanOptions wan = new WanOptions();

    @Mixin
    private WanTokenOption token = new WanTokenOption();

    @Parameters(index = "0", paramLabel = "UPLINK", description = "The uplink (interface) to pin to.")
    private String uplink;

    @Option(names = "--group", paramLabel = "GROUP", description = "Pin this group only.")
    private String group;

    @Override
    public Integer call() throws InterruptedException {
        var out = spec.commandLine().getOut();
        var err = spec.commandLine().getErr();
        ObjectNode body = JsonNodeFactory.instance.objectNode().put("uplink", uplink);
        Optional.ofNullable(group).ifPresent(g -> body.put("group", g));
        return token.post(
                wan,
                "/api/wan/pin",
                body,
                err,
                answer -> answer.path("pinned")
                        .forEach(g -> out.println("Pinned group " + g.asText() + " to " + uplink + ".")));
    }
}
