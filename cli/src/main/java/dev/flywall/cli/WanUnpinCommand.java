package dev.flywall.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code flywall wan unpin}: hand a group back to its health checks. */
@Command(
        name = "unpin",
        mixinStandardHelpOptions = true,
        versionProvider = FlywallVersion.class,
        description = {
            "Remove the pin of a group (of every group without --group): the health checks choose its uplinks"
                    + " again.",
            "Needs the API token unless the API has none."
        },
        exitCodeListHeading = "%nExit Codes:%n",
        exitCodeList = {
            ExitCodes.SUCCESS + ":unpinned (or nothing was pinned)",
            ExitCodes.FAILURE + ":refused: unknown group",
            ExitCodes.USAGE + ":usage error",
            ExitCodes.DAEMON_NOT_RUNNING + ":the daemon is not running",
            ExitCodes.NOT_AUTHORIZED + ":the API refused the token, or needs one"
        })
final class WanUnpinCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private WanOptions wan = new WanOptions();

    @Mixin
    private WanTokenOption token = new WanTokenOption();

    @Option(names = "--group", paramLabel = "GROUP", description = "Unpin this group only.")
    private String group;

    @Override
    public Integer call() throws InterruptedException {
        var out = spec.commandLine().getOut();
        var err = spec.commandLine().getErr();
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        Optional.ofNullable(group).ifPresent(g -> body.put("group", g));
        return token.post(wan, "/api/wan/unpin", body, err, answer -> {
            JsonNode unpinned = answer.path("unpinned");
            if (unpinned.isEmpty()) {
                out.println(group == null ? "No group was pinned." : "Group " + group + " was not pinned.");
            }
            unpinned.forEach(g -> out.println("Unpinned group " + g.asText() + "."));
        });
    }
}
