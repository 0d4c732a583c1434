package dev.flywall.cli;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code flywall wan failback GROUP}: the operator's go-ahead for a group with {@code failback = "manual"}. */
@Command(
        name = "failback",
        mixinStandardHelpOptions = true,
        versionProvider = FlywallVersion.class,
        description = {
            "Return GROUP to its most preferred usable uplinks now. A group with failback = \"manual\" stays on"
                    + " its backup until told so; for other groups this cuts a pending failback_delay short.",
            "Connections already on the backup stay there until they end. Needs the API token unless the API"
                    + " has none."
        },
        exitCodeListHeading = "%nExit Codes:%n",
        exitCodeList = {
            ExitCodes.SUCCESS + ":done",
            ExitCodes.FAILURE + ":refused: unknown group",
            ExitCodes.USAGE + ":usage error",
            ExitCodes.DAEMON_NOT_RUNNING + ":the daemon is not running",
            ExitCodes.NOT_AUTHORIZED + ":the API refused the token, or needs one"
        })
final class WanFailbackCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private WanOptions wan = new WanOptions();

    @Mixin
    private WanTokenOption token = new WanTokenOption();

    @Parameters(index = "0", paramLabel = "GROUP", description = "The uplink group.")
    private String group;

    @Override
    public Integer call() throws InterruptedException {
        var out = spec.commandLine().getOut();
        var err = spec.commandLine().getErr();
        ObjectNode body = JsonNodeFactory.instance.objectNode().put("group", group);
        return token.post(
                wan,
                "/api/wan/failback",
                body,
                err,
                answer -> out.println(
                        "Group " + group + " fails back to its preferred uplinks (see flywall wan status)."));
    }
}
