package dev.flywall.cli;

import dev.flywall.bundle.BundleJson;
import dev.flywall.bundle.WatchdogFile;
import dev.flywall.runtime.lab.Lab;
import dev.flywall.runtime.lab.LabPlan;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The balance scenario: 300 new connections from the LAN client; each ISP counts the ones it got,
 * against the weights.
 */
final class LabBalanceScenario implements LabScenario {

    @Override
    public int play(RunningLab lab, PrintWriter out, PrintWriter err) throws Exception {
        List<WatchdogFile.Group> groups =
                BundleJson.watchdog(lab.plan().watchdogJson()).groups();
        if (groups.isEmpty() || lab.plan().lans().isEmpty()) {
            err.println("flywall lab run: the balance scenario needs an uplink_group and a LAN interface");
            return ExitCodes.FAILURE;
        }
        if (!RunningLab.await(Duration.ofSeconds(60), () -> RunningLab.allUp(lab))) {
            LabReport.notUp(lab, err);
            return ExitCodes.FAILURE;
        }
        WatchdogFile.Group group = groups.get(0);
        String name = group.name();
        List<String> active = List.of(RunningLab.active(lab, name).split("\\+"));
        Lab l = new Lab();
        Map<String, Long> before = new java.util.LinkedHashMap<>();
        for (LabPlan.Isp isp : lab.plan().isps()) {
            before.put(isp.uplink(), l.counter(lab.plan().name(), isp.uplink(), "web_syn"));
        }
        int flows = 300;
        Process client = RunningLab.spawn(
                lab.plan().lans().get(0).namespace(),
                lab.dir().resolve("balance.log"),
                "lab",
                "client",
                "--target",
                lab.plan().internet().get(lab.plan().internet().size() - 1),
                "--tcp",
                Integer.toString(flows));
        client.waitFor();
        long weightSum = 0;
        for (WatchdogFile.Member m : group.members()) {
            if (active.contains(m.uplink())) {
                weightSum += m.weight();
            }
        }
        out.println("Group " + name + " (" + group.mode().word() + ", " + (group.sticky() ? "sticky" : "per connection")
                + ") active: " + String.join(", ", active) + "; " + flows
                + " new connections from the LAN client:");
        for (WatchdogFile.Member m : group.members()) {
            String uplink = m.uplink();
            long got = l.counter(lab.plan().name(), uplink, "web_syn") - before.getOrDefault(uplink, 0L);
            double expected = active.contains(uplink) ? 100.0 * m.weight() / weightSum : 0;
            out.printf(
                    "  %-10s weight %-4d %4d connections  %5.1f%%  (weights say %.1f%%)%n",
                    uplink, m.weight(), got, 100.0 * got / flows, expected);
        }
        out.flush();
        return ExitCodes.SUCCESS;
    }
}
