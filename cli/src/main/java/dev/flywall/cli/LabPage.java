package dev.flywall.cli;

import dev.flywall.runtime.api.ApiAccess;
import dev.flywall.runtime.apply.StateDir;
import dev.flywall.runtime.watchdog.Secrets;
import dev.flywall.runtime.watchdog.WatchdogConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.Map;

/**
 * {@code flywall lab run … --page}: after the scenario, the lab stays up and its daemon's status
 * page is served to this host's browser through a {@link LabPageRelay}, with the URL and the API
 * token printed, until Ctrl-C.
 */
final class LabPage {

    private LabPage() {}

    /** Serves until the process is interrupted (Ctrl-C: the shutdown hooks remove the lab unless --keep). */
    static void serve(RunningLab lab, int hostPort, boolean keep, PrintWriter out, PrintWriter err)
            throws IOException, InterruptedException {
        Map<String, String> bundle = StateDir.open(lab.state())
                .current()
                .orElseThrow(() -> new IOException("the lab's gateway has no applied bundle"));
        WatchdogConfig config = WatchdogConfig.parse(bundle.get("watchdog.json"));
        ApiAccess access = ApiAccess.of(config.api(), Secrets.of(bundle));
        LabPageRelay relay;
        try {
            relay = LabPageRelay.start(
                    lab.plan().gateway(), lab.dir(), access.listen().getPort(), hostPort);
        } catch (IOException e) {
            err.println("flywall lab run: the status page cannot be served: " + e.getMessage()
                    + (hostPort != 0 ? " (another --page-port, or 0 for any free one)" : ""));
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(relay::close));
        out.println();
        out.println("Status page: http://127.0.0.1:" + relay.port() + "/  (the daemon's API in "
                + lab.plan().gateway() + ", relayed from this host's loopback)");
        out.println(access.token()
                .map(t -> "API token for the page's buttons: " + t)
                .orElse("No API token in this configuration: the page's buttons work without one (the requests"
                        + " reach the API from the gateway's own loopback)."));
        out.println("Break and heal the ISPs from another terminal: flywall lab break|heal UPLINK"
                + (lab.dir().getFileName().toString().equals(LabCommand.DEFAULT_NAME)
                        ? ""
                        : " --name " + lab.dir().getFileName()));
        out.println("Ctrl-C stops"
                + (keep ? " the page (the lab stays: flywall lab down)." : " the page and removes the lab."));
        out.flush();
        Thread.currentThread().join();
    }
}
