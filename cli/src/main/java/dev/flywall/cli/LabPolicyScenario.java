package dev.flywall.cli;

import dev.flywall.runtime.lab.Lab;
import dev.flywall.runtime.lab.LabPlan;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The policy scenario: each policy route's traffic, where it leaves, and where it goes when its uplink breaks. */
final class LabPolicyScenario implements LabScenario {

    /**
     * For each policy route the lab can exercise: 20 flows of its traffic from the LAN client and the
     * ISP that got them; then, uplink by uplink, the same with that uplink's ISP broken (a strict
     * route's traffic is blocked, the others fall back to the default group).
     */
    @Override
    public int play(RunningLab lab, PrintWriter out, PrintWriter err) throws Exception {
        List<LabPlan.PolicyProbe> probes = lab.plan().policies();
        if (probes.isEmpty() || lab.plan().lans().isEmpty()) {
            out.println("No policy route the lab can exercise (by an interface, TCP or UDP, without source-port or"
                    + " interface conditions, sources holding the LAN client, destinations in documentation ranges).");
            return ExitCodes.SUCCESS;
        }
        if (!RunningLab.await(Duration.ofSeconds(60), () -> RunningLab.allUp(lab))) {
            LabReport.notUp(lab, err);
            return ExitCodes.FAILURE;
        }
        out.println("Policy routes, 20 flows each from the LAN client:");
        for (int i = 0; i < probes.size(); i++) {
            out.println("  " + describe(probes.get(i)) + ": " + sendAndCount(lab, i) + " (route says "
                    + probes.get(i).uplink()
                    + ")");
        }
        for (String uplink :
                probes.stream().map(LabPlan.PolicyProbe::uplink).distinct().toList()) {
            Lab l = new Lab();
            l.breakIsp(lab.plan().name(), uplink);
            boolean down = RunningLab.await(
                    Duration.ofSeconds(60), () -> RunningLab.health(lab, uplink).equals("DOWN"));
            out.println(
                    "With the ISP of " + uplink + " broken" + (down ? "" : " (the daemon has not noticed yet)") + ":");
            for (int i = 0; i < probes.size(); i++) {
                if (probes.get(i).uplink().equals(uplink)) {
                    out.println("  " + describe(probes.get(i)) + ": " + sendAndCount(lab, i)
                            + (probes.get(i).strict()
                                    ? " (strict: blocked is right)"
                                    : " (falls back to the default group)"));
                }
            }
            l.heal(lab.plan().name(), uplink);
            RunningLab.await(Duration.ofSeconds(60), () -> RunningLab.allUp(lab));
        }
        out.flush();
        return ExitCodes.SUCCESS;
    }

    private static String describe(LabPlan.PolicyProbe p) {
        String host = p.destination().contains(":") ? "[" + p.destination() + "]" : p.destination();
        return "policy_route " + p.route() + " (" + p.protocol() + " " + host + ":" + p.port() + ")";
    }

    /** Sends 20 flows of a probe's traffic and says which ISPs counted them. */
    private static String sendAndCount(RunningLab lab, int probe) throws Exception {
        LabPlan.PolicyProbe p = lab.plan().policies().get(probe);
        Lab l = new Lab();
        Map<String, Long> before = new java.util.LinkedHashMap<>();
        Map<String, Map<String, Long>> prefixesBefore = new java.util.LinkedHashMap<>();
        boolean v6 = p.destination().contains(":");
        for (LabPlan.Isp isp : lab.plan().isps()) {
            before.put(isp.uplink(), l.counter(lab.plan().name(), isp.uplink(), "policy_" + probe));
            if (v6) {
                prefixesBefore.put(isp.uplink(), l.sourcePrefixes(lab.plan().name(), isp.uplink()));
            }
        }
        Process client = RunningLab.spawn(
                lab.plan().lans().get(0).namespace(),
                lab.dir().resolve("policy.log"),
                "lab",
                "client",
                "--target",
                p.destination(),
                p.protocol().equals("tcp") ? "--tcp" : "--udp",
                "20",
                "--port",
                Integer.toString(p.port()));
        client.waitFor();
        List<String> seen = new ArrayList<>();
        for (LabPlan.Isp isp : lab.plan().isps()) {
            long n = l.counter(lab.plan().name(), isp.uplink(), "policy_" + probe) - before.get(isp.uplink());
            if (n > 0) {
                seen.add(n + " via " + isp.uplink() + (v6 ? carrying(l, lab, isp, prefixesBefore) : ""));
            }
        }
        return seen.isEmpty() ? "blocked (no ISP saw them)" : String.join(", ", seen);
    }

    /**
     * The source prefix most of the IPv6 packets the ISP got since {@code before} carried, other
     * than the gateway's own address on the link (its probes): {@code " carrying P"}.
     */
    private static String carrying(Lab l, RunningLab lab, LabPlan.Isp isp, Map<String, Map<String, Long>> before)
            throws Exception {
        Map<String, Long> was = before.get(isp.uplink());
        java.util.Optional<dev.flywall.model.Cidr> link =
                dev.flywall.model.Cidr.parse(isp.ispAddress6() + "/" + isp.prefix6());
        return l.sourcePrefixes(lab.plan().name(), isp.uplink()).entrySet().stream()
                .map(e -> Map.entry(e.getKey(), e.getValue() - was.getOrDefault(e.getKey(), 0L)))
                .filter(e -> e.getValue() > 0)
                .filter(e -> link.isEmpty()
                        || !link.get()
                                .contains(
                                        dev.flywall.model.Cidr.parse(e.getKey()).orElseThrow()))
                .max(Map.Entry.comparingByValue())
                .map(e -> " carrying " + e.getKey())
                .orElse("");
    }
}
