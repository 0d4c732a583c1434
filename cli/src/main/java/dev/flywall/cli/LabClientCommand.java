package dev.flywall.cli;

import dev.flywall.runtime.lab.BulkUpload;
import dev.flywall.runtime.lab.LabClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code flywall lab client} (hidden): a LAN client, started by the lab in a LAN namespace. */
@Command(
        name = "client",
        hidden = true,
        mixinStandardHelpOptions = true,
        versionProvider = FlywallVersion.class,
        description =
                "A LAN client: echo an internet host (IPv4 or IPv6) every 10ms (one"
                        + " line per echo), open --tcp N connections, hold --sessions N, send --udp N datagrams to --port, --hold a TCP session, or --bulk upload.")
final class LabClientCommand implements Callable<Integer> {
    @Option(names = "--target", required = true)
    String target;

    @Option(names = "--interval", converter = DurationConverter.class)
    Duration interval = Duration.ofMillis(10);

    @Option(names = "--tcp")
    int tcp;

    @Option(names = "--udp")
    int udp;

    @Option(names = "--port")
    int port = 80;

    @Option(names = "--hold", converter = DurationConverter.class)
    Duration hold;

    @Option(
            names = "--bulk",
            converter = DurationConverter.class,
            description = "Upload to the echo port (7) of the target for 1s + this long; print the rate of the last"
                    + " part: 'bulk BYTES NANOS'.")
    Duration bulk;

    @Option(
            names = "--sessions",
            description = "Hold this many TCP sessions to the echo port (7), a line every 50ms each, until killed.")
    int sessions;

    @Option(names = "--whoami", description = "Ask the target which ISP each connection reached it through.")
    boolean whoami;

    @Option(names = "--source", split = ",", description = "Source addresses for --whoami, one connection each.")
    List<String> sources = new ArrayList<>();

    @Option(
            names = "--watch",
            converter = DurationConverter.class,
            description = "With --whoami: ask every 250ms for this long, one timestamped line each.")
    Duration watch;

    @Override
    public Integer call() throws Exception {
        if (whoami && watch != null) {
            LabClient.watchWhoami(target, Duration.ofMillis(250), watch, System.out);
        } else if (whoami) {
            LabClient.whoami(target, sources, Duration.ofSeconds(2), System.out);
        } else if (sessions > 0) {
            LabClient.sessions(target, sessions, Duration.ofMillis(50), Duration.ofSeconds(10), System.out);
        } else if (bulk != null) {
            BulkUpload.Result r;
            try {
                r = BulkUpload.run(target, 7, Duration.ofSeconds(1), bulk);
            } catch (java.io.IOException e) {
                // a reset or an unreachable peer is what this client measures, not a fault of its own
                System.out.println("bulk failed: " + e.getMessage());
                return ExitCodes.FAILURE;
            }
            System.out.println("bulk " + r.bytes() + " " + r.measured().toNanos());
        } else if (hold != null) {
            LabClient.hold(target, hold, System.out);
        } else if (tcp > 0) {
            System.out.println(
                    "connected " + LabClient.connect(target, port, tcp, Duration.ofSeconds(2)) + " of " + tcp);
        } else if (udp > 0) {
            System.out.println("sent " + LabClient.datagrams(target, port, udp));
        } else {
            LabClient.run(target, interval, Duration.ofSeconds(1), System.out);
        }
        return ExitCodes.SUCCESS;
    }
}
