package dev.flywall.cli;

import dev.flywall.bundle.BundleJson;
import dev.flywall.bundle.WatchdogFile;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The shaping scenario: a bulk TCP upload from the LAN client through the group's active uplink,
 * whose {@code wan { bandwidth }} shapes its egress; the rate it gets against the bandwidth
 * (within 10 % passes). What is measured is TCP payload, which HTB counts with its Ethernet and
 * IP headers (and the ACKs of the echo coming back): about 94 % of the rate is the expected
 * figure.
 */
final class LabShapingScenario implements LabScenario {

    /** How long the upload is measured (after a 1 s warm-up). */
    static final Duration MEASURED = Duration.ofSeconds(4);

    @Override
    public int play(RunningLab lab, PrintWriter out, PrintWriter err) throws Exception {
        WatchdogFile w = BundleJson.watchdog(lab.plan().watchdogJson());
        if (w.groups().isEmpty() || lab.plan().lans().isEmpty()) {
            err.println("flywall lab run: the shaping scenario needs an uplink_group and a LAN interface");
            return ExitCodes.FAILURE;
        }
        if (!RunningLab.await(Duration.ofSeconds(60), () -> RunningLab.allUp(lab))) {
            LabReport.notUp(lab, err);
            return ExitCodes.FAILURE;
        }
        String group = w.groups().get(0).name();
        List<String> active = List.of(RunningLab.active(lab, group).split("\\+"));
        Optional<WatchdogFile.Interface> shaped = active.size() == 1
                ? w.interfaces().stream()
                        .filter(i -> i.name().equals(active.get(0)) && i.shaping() != null)
                        .findFirst()
                : Optional.empty();
        if (shaped.isEmpty()) {
            err.println("flywall lab run: the shaping scenario needs group " + group
                    + " to use one uplink with a wan { bandwidth }; it uses " + String.join(", ", active));
            return ExitCodes.FAILURE;
        }
        long rate = shaped.get().shaping().rateBps();
        Path log = lab.dir().resolve("shaping.log");
        Process client = RunningLab.spawn(
                lab.plan().lans().get(0).namespace(),
                log,
                "lab",
                "client",
                "--target",
                lab.plan().internet().get(0),
                "--bulk",
                MEASURED.toMillis() + "ms");
        client.waitFor();
        List<String> lines = Files.readAllLines(log);
        Optional<String> line =
                lines.stream().filter(l -> l.startsWith("bulk ")).findFirst();
        if (line.isEmpty() || !line.get().matches("bulk [0-9]+ [0-9]+")) {
            err.println("flywall lab run: the LAN client's upload failed: "
                    + String.join(" | ", lines).strip() + "; the daemon's log: "
                    + lab.dir().resolve("daemon.log"));
            return ExitCodes.FAILURE;
        }
        String[] words = line.get().split(" ");
        double bits = Long.parseLong(words[1]) * 8.0 / (Long.parseLong(words[2]) / 1e9);
        double share = 100.0 * bits / rate;
        boolean within = Math.abs(share - 100) <= 10;
        out.printf(
                "%s is shaped to %.1f Mbit/s; a bulk TCP upload from the LAN client through it for %d s got %.2f Mbit/s"
                        + " of payload (%.1f %% of the bandwidth: %s)%n",
                shaped.get().name(),
                rate / 1e6,
                MEASURED.toSeconds(),
                bits / 1e6,
                share,
                within ? "within 10 %" : "NOT within 10 %");
        out.flush();
        return within ? ExitCodes.SUCCESS : ExitCodes.FAILURE;
    }
}
