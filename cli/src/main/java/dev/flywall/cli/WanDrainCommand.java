package dev.flywall.cli;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flywall.runtime.engine.StateMachine;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code flywall wan drain}: no new connections on an uplink, while established ones keep flowing. */
@Command(
        name = "drain",
        mixinStandardHelpOptions = true,
        versionProvider = FlywallVersion.class,
        description = {
            "Drain UPLINK: its groups and the policy routes to it send new connections elsewhere, as if it were"
                    + " down (a strict route to it blocks), while established connections keep flowing until they"
                    + " end (no conntrack flush). Probing goes on. The drain holds until 'flywall wan undrain',"
                    + " across daemon restarts and reloads.",
            "A group whose other members are all unusable keeps UPLINK (a dead route beats none), and a group"
                    + " pinned to UPLINK stays pinned: both are printed as warnings.",
            "Needs the API token unless the API has none."
        },
        exitCodeListHeading = "%nExit Codes:%n",
        exitCodeList = {
            ExitCodes.SUCCESS + ":drained (or already drained)",
            ExitCodes.FAILURE + ":refused: unknown uplink",
            ExitCodes.USAGE + ":usage error, or a reason over 200 characters or not one printable line (checked before"
                    + " anything is sent)",
            ExitCodes.DAEMON_NOT_RUNNING + ":the daemon is not running",
            ExitCodes.NOT_AUTHORIZED + ":the API refused the token, or needs one"
        })
final class WanDrainCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private WanOptions wan = new WanOptions();

    @Mixin
    private WanTokenOption token = new WanTokenOption();

    @Parameters(index = "0", paramLabel = "UPLINK", description = "The uplink (interface) to drain.")
    private String uplink;

    @Option(
            names = "--reason",
            paramLabel = "TEXT",
            description = "Why, for the history and the notifications (one line, at most "
                    + StateMachine.Drain.MAX_REASON + " characters).")
    private String reason;

    @Override
    public Integer call() throws InterruptedException {
        var out = spec.commandLine().getOut();
        var err = spec.commandLine().getErr();
        Optional<String> problem = StateMachine.Drain.problem(reason == null ? "" : reason.strip());
        if (problem.isPresent()) {
            err.println("flywall wan drain: " + problem.get());
            return ExitCodes.USAGE;
        }
        ObjectNode body = JsonNodeFactory.instance.objectNode().put("uplink", uplink);
        Optional.ofNullable(reason).filter(r -> !r.isBlank()).ifPresent(r -> body.put("reason", r));
        return token.post(wan, "/api/wan/drain", body, err, answer -> {
            out.println("Drained " + answer.path("drained").asText(uplink)
                    + ": new connections leave through the other uplinks; established ones keep flowing.");
            answer.path("warnings").forEach(w -> out.println("warning: " + w.asText()));
        });
    }
}
