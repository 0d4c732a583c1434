package dev.flywall.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flywall.runtime.api.ApiJson;
import dev.flywall.runtime.api.HistoryRequest;
import dev.flywall.runtime.history.History;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code flywall wan history}: failovers, failbacks, applies and the rest, newest first. It asks
 * the API, like the other {@code wan} commands, so it works for users who cannot read the state
 * directory; when the daemon is down it reads {@code history.db} itself (read-only), because the
 * history matters most exactly then. Both ways take the same query, parsed by the same code.
 */
@Command(
        name = "history",
        mixinStandardHelpOptions = true,
        versionProvider = FlywallVersion.class,
        description = {
            "Show the recorded events (failovers, failbacks, uplinks going down or up, applies), newest first:"
                    + " time, event, group, the uplinks left and taken, and why.",
            "Asks the running daemon; when it is not running, reads history.db in the state directory"
                    + " (which needs read access to it, normally root)."
        },
        exitCodeListHeading = "%nExit Codes:%n",
        exitCodeList = {
            ExitCodes.SUCCESS + ":shown (also when read from history.db because the daemon is not running)",
            ExitCodes.FAILURE + ":the history could not be read",
            ExitCodes.USAGE + ":usage error (for example a bad --since)",
            ExitCodes.DAEMON_NOT_RUNNING
                    + ":the daemon is not running and history.db does not exist (nothing was ever recorded)"
        })
final class WanHistoryCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private WanOptions wan = new WanOptions();

    @Option(
            names = "--since",
            paramLabel = "WHEN",
            description = "Only events since WHEN: a duration back from now (24h, 30m, 7d) or an instant"
                    + " (2026-11-22T10:00:00Z). Default: all.")
    private String since;

    @Option(names = "--uplink", paramLabel = "NAME", description = "Only events that left or took this uplink.")
    private String uplink;

    @Option(
            names = "--limit",
            paramLabel = "N",
            description = "At most N events (1-" + HistoryRequest.MAX_LIMIT + ", default: "
                    + HistoryRequest.DEFAULT_LIMIT + ").")
    private Integer limit;

    @Option(names = "--json", description = "Print the API's history document (GET /api/wan/history) instead.")
    private boolean json;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        String query = query();
        HistoryRequest request;
        try {
            request = HistoryRequest.parse(query, Instant.now());
        } catch (IllegalArgumentException e) {
            err.println("flywall: " + e.getMessage());
            return ExitCodes.USAGE;
        }
        return wan.show(
                "/api/wan/history" + (query.isEmpty() ? "" : "?" + query),
                out,
                err,
                body -> text(body, ApiJson.events(body)),
                message -> {
                    err.println("flywall: " + message + "; reading " + wan.historyFile());
                    try {
                        List<History.Event> events = wan.readHistory(request);
                        out.print(text(ApiJson.events(events), events));
                        return ExitCodes.SUCCESS;
                    } catch (NoSuchFileException e) {
                        // nothing failed: the daemon is not running and has never recorded anything (as status says)
                        (json ? err : out)
                                .println("No events recorded yet (" + wan.historyFile() + " does not exist).");
                        return ExitCodes.DAEMON_NOT_RUNNING;
                    } catch (IOException | SQLException e) {
                        err.println("flywall: cannot read " + wan.historyFile() + ": " + e.getMessage());
                        return ExitCodes.FAILURE;
                    }
                });
    }

    private String text(JsonNode document, List<History.Event> events) {
        if (json) {
            return document.toPrettyString() + "\n";
        }
        return events.isEmpty() ? "No events.\n" : WanTables.history(events, ZoneId.systemDefault());
    }

    /** The API's query string for the options given (empty without any). */
    private String query() {
        List<String> params = new ArrayList<>();
        if (since != null) {
            params.add("since=" + URLEncoder.encode(since, StandardCharsets.UTF_8));
        }
        if (uplink != null) {
            params.add("uplink=" + URLEncoder.encode(uplink, StandardCharsets.UTF_8));
        }
        if (limit != null) {
            params.add("limit=" + limit);
        }
        return String.join("&", params);
    }
}
