package dev.flywall.cli;

import dev.flywall.runtime.api.ApiJson;
import dev.flywall.runtime.api.HistoryRequest;
import dev.flywall.runtime.history.History;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.NoSuchFileException;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code flywall wan status}: each uplink's state, latency and loss, and what each group is doing.
 * When the daemon is down there is no current state to show, but the history says what happened
 * last, which is usually the next question.
 */
@Command(
        name = "status",
        mixinStandardHelpOptions = true,
        versionProvider = FlywallVersion.class,
        description = {
            "Show each uplink's state, priority, latency and packet loss, and each group's active uplink"
                    + " (with its pin, or that no member is up), as the running daemon sees them.",
            "When the daemon is not running, show the last events of history.db instead (and exit 5)."
        },
        exitCodeListHeading = "%nExit Codes:%n",
        exitCodeList = {
            ExitCodes.SUCCESS + ":shown",
            ExitCodes.FAILURE + ":the daemon failed to answer",
            ExitCodes.USAGE + ":usage error",
            ExitCodes.DAEMON_NOT_RUNNING
                    + ":the daemon is not running (without --json, the last events of history.db are shown)"
        })
final class WanStatusCommand implements Callable<Integer> {

    /** How many events stand in for the status when the daemon is down. */
    static final int LAST_EVENTS = 10;

    @Spec
    private CommandSpec spec;

    @Mixin
    private WanOptions wan = new WanOptions();

    @Option(names = "--json", description = "Print the API's status document (GET /api/wan/status) instead.")
    private boolean json;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        return wan.show(
                "/api/wan/status",
                out,
                err,
                body -> json
                        ? body.toPrettyString() + "\n"
                        : WanTables.status(ApiJson.status(body), ZoneId.systemDefault()),
                message -> {
                    err.println("flywall: " + message);
                    if (!json) {
                        lastEvents(out, err);
                    }
                    return ExitCodes.DAEMON_NOT_RUNNING;
                });
    }

    private void lastEvents(PrintWriter out, PrintWriter err) {
        var file = wan.historyFile();
        List<History.Event> events;
        try {
            events = wan.readHistory(new HistoryRequest(Instant.EPOCH, Optional.empty(), LAST_EVENTS));
        } catch (NoSuchFileException e) {
            out.println("No events recorded yet (" + file + " does not exist).");
            return;
        } catch (IOException | SQLException e) {
            err.println("flywall: cannot read " + file + ": " + e.getMessage());
            return;
        }
        if (events.isEmpty()) {
            out.println("No events in " + file + ".");
            return;
        }
        out.println("Last events in " + file + ":");
        out.print(WanTables.history(events, ZoneId.systemDefault()));
    }
}
