package dev.flywall.cli;

import dev.flywall.model.Cidr;
import dev.flywall.runtime.history.History;
import dev.flywall.runtime.lab.LabPlan;
import java.io.PrintWriter;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What the lab prints that more than one of its commands and scenarios print: one place for its wording. */
final class LabReport {

    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");

    private LabReport() {}

    /** The lab that was just built: its namespaces, the internet hosts and the targets mapped onto them. */
    static void built(RunningLab lab, PrintWriter out) {
        LabPlan plan = lab.plan();
        out.println("Lab " + plan.name() + ": gateway " + plan.gateway() + ", ISPs "
                + String.join(", ", plan.isps().stream().map(i -> i.namespace()).toList())
                + (plan.lans().isEmpty()
                        ? ""
                        : ", clients "
                                + String.join(
                                        ", ",
                                        plan.lans().stream()
                                                .map(l -> l.namespace())
                                                .toList())));
        out.println("Sealed: the lab's namespaces are linked only to each other, never to this machine's network.");
        out.println("Internet hosts (on every ISP): " + String.join(", ", plan.internet()));
        if (plan.internet6() != null && !plan.internet6().isEmpty()) {
            out.println("  and on IPv6: " + String.join(", ", plan.internet6()));
        }
        for (LabPlan.Isp isp : plan.isps()) {
            if (isp.ispAddress6() != null && !isp.ispAddress6().isEmpty()) {
                out.println("  ISP of " + isp.uplink() + " on IPv6: " + isp.ispAddress6() + "/" + isp.prefix6()
                        + (isp.gatewayAddress6().isEmpty() ? "" : ", the gateway " + isp.gatewayAddress6())
                        + (isp.routed6().isEmpty() ? "" : ", routes " + String.join(", ", isp.routed6()) + " to it")
                        + (isp.dynamic6()
                                ? ", sends router advertisements"
                                        + (isp.dhcp6() ? ", hands out an address by DHCPv6" : "")
                                        + (isp.delegated6().isEmpty()
                                                ? ""
                                                : ", delegates " + isp.delegated6() + " (DHCPv6-PD)")
                                : ""));
            }
        }
        plan.targetMap().forEach((from, to) -> out.println("  mapped " + from + " -> " + to));
        out.println("Notifications the daemon sends arrive in " + lab.dir().resolve("received.log") + ".");
        out.flush();
    }

    /** The pair's own parts: its two gateways, the sync link, the LAN clients' moving gateway. */
    static void pair(RunningLab lab, PrintWriter out) {
        dev.flywall.runtime.lab.LabPair pair = lab.pair();
        var sync = pair.sync();
        out.println("HA pair: " + pair.primary().gateway() + " (the configuration) and "
                + pair.secondary().gateway() + " (--peer); sync link " + sync.primaryDevice() + " "
                + sync.primaryAddress() + " <-> " + sync.secondaryDevice() + " " + sync.secondaryAddress()
                + "; each ISP and LAN a bridge both gateways are ports of.");
        for (LabPlan.Lan lan : pair.primary().lans()) {
            out.println("  the client " + lan.namespace() + " " + lan.clientAddress() + " routes through the virtual"
                    + " address " + pair.lanGateways().get(lan.device()));
        }
        pair.virtualAddresses()
                .forEach((device, addresses) ->
                        out.println("  virtual on " + device + ": " + String.join(", ", addresses)));
        out.flush();
    }

    /** The configuration is applied and the daemon started. */
    static void started(RunningLab lab, PrintWriter out) {
        out.println("Applied the configuration in " + lab.plan().gateway() + " and started the daemon (log: "
                + lab.dir().resolve("daemon.log") + ").");
        out.flush();
    }

    /** The daemon's DHCP clients got their leases from the ISPs' DHCP servers. */
    static void leased(RunningLab lab, List<LabPlan.Isp> dhcp, long millis, PrintWriter out) {
        out.println("DHCP: "
                + String.join(
                        ", ",
                        dhcp.stream()
                                .map(i -> i.uplink() + " leased " + i.gatewayAddress() + "/" + i.prefix() + " via "
                                        + i.ispAddress())
                                .toList())
                + " (the daemon's dhclient from each ISP's dnsmasq; " + millis + " ms after the daemon was started)");
        out.flush();
    }

    /** The daemon did not see every uplink come up in time. */
    static void notUp(RunningLab lab, PrintWriter err) {
        err.println("flywall lab run: the uplinks did not all come up; see "
                + lab.dir().resolve("daemon.log"));
    }

    /** The daemon's history, oldest first, one line per event. */
    static void history(RunningLab lab, PrintWriter out) throws SQLException, java.io.IOException {
        history(lab, "The daemon's history:", out);
    }

    /** The same under a heading of its own (a pair has two daemons). */
    static void history(RunningLab lab, String heading, PrintWriter out) throws SQLException, java.io.IOException {
        out.println(heading);
        try (History h = History.openReadOnly(lab.state().resolve("history.db"))) {
            List<History.Event> events = new ArrayList<>(h.recent(50));
            Collections.reverse(events);
            for (History.Event e : events) {
                out.println("  " + clock(e.at().toEpochMilli()) + "  " + String.format("%-9s", e.kind())
                        + (e.group() == null ? "" : " " + e.group()) + (e.from() == null ? "" : " " + e.from())
                        + (e.to() == null ? "" : " -> " + e.to()) + "  " + (e.reason() == null ? "" : e.reason()));
            }
        }
    }

    /**
     * The IPv6 packets each ISP received from the gateway, by source /64, phase by phase: which
     * prefix the LAN's traffic carried on each link. {@link #mark} ends a phase.
     */
    static final class Prefixes {
        private final RunningLab lab;
        private final Map<String, Map<String, Long>> last = new LinkedHashMap<>();
        private final List<String> lines = new ArrayList<>();
        private final Map<String, String> names = new LinkedHashMap<>();

        Prefixes(RunningLab lab) throws java.io.IOException, InterruptedException {
            this.lab = lab;
            snapshot();
        }

        private Map<String, Map<String, Long>> snapshot() throws java.io.IOException, InterruptedException {
            Map<String, Map<String, Long>> now = new LinkedHashMap<>();
            for (LabPlan.Isp isp : lab.plan().isps()) {
                now.put(
                        isp.uplink(),
                        new dev.flywall.runtime.lab.Lab()
                                .sourcePrefixes(lab.plan().name(), isp.uplink()));
            }
            Map<String, Map<String, Long>> before = new LinkedHashMap<>(last);
            last.clear();
            last.putAll(now);
            return before;
        }

        /** Names a prefix the plan does not know (a newly delegated one). */
        void name(String prefix, String what) {
            names.put(prefix, what);
        }

        /** Ends a phase: what each ISP counted since the last mark, under {@code label}. */
        void mark(String label) throws java.io.IOException, InterruptedException {
            Map<String, Map<String, Long>> before = snapshot();
            lines.add("  " + label + ":");
            for (var isp : last.entrySet()) {
                Map<String, Long> was = before.getOrDefault(isp.getKey(), Map.of());
                List<String> seen = new ArrayList<>();
                isp.getValue().entrySet().stream()
                        .map(e -> Map.entry(e.getKey(), e.getValue() - was.getOrDefault(e.getKey(), 0L)))
                        .filter(e -> e.getValue() > 0)
                        .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                        .forEach(e -> seen.add(e.getKey() + " " + e.getValue() + label(e.getKey())));
                lines.add("    at ISP " + isp.getKey() + ": " + (seen.isEmpty() ? "none" : String.join(", ", seen)));
            }
        }

        /** What a source /64 is, from the plan: an uplink's NPT prefix, the LAN's, a link's. */
        private String label(String prefix) {
            Optional<Cidr> p = Cidr.parse(prefix);
            if (p.isEmpty()) {
                return "";
            }
            if (names.containsKey(prefix)) {
                return " (" + names.get(prefix) + ")";
            }
            for (LabPlan.Isp isp : lab.plan().isps()) {
                if (!isp.delegated6().isEmpty()
                        && Cidr.parse(isp.delegated6())
                                .map(d -> d.contains(p.get()))
                                .orElse(false)) {
                    return " (" + isp.uplink() + "'s delegated prefix)";
                }
                for (String routed : isp.routed6()) {
                    if (Cidr.parse(routed).map(r -> r.contains(p.get())).orElse(false)) {
                        return " (" + isp.uplink() + "'s NPT prefix)";
                    }
                }
            }
            for (LabPlan.Lan lan : lab.plan().lans()) {
                if (!lan.gatewayAddress6().isEmpty()
                        && Cidr.parse(lan.gatewayAddress6() + "/" + lan.prefix6())
                                .map(l -> l.contains(p.get()))
                                .orElse(false)) {
                    return " (the LAN's own prefix, untranslated)";
                }
            }
            for (LabPlan.Isp isp : lab.plan().isps()) {
                if (Cidr.parse(isp.ispAddress6() + "/" + isp.prefix6())
                        .map(l -> l.contains(p.get()))
                        .orElse(false)) {
                    return " (the gateway's address on " + isp.uplink() + "'s link)";
                }
            }
            return "";
        }

        void print(PrintWriter out) {
            out.println("IPv6 packets from the gateway at each ISP, by source prefix (/64):");
            lines.forEach(out::println);
            out.flush();
        }
    }

    /** A time of day to the millisecond, as the timeline and the history show it. */
    static String clock(long epochMillis) {
        return LocalTime.ofInstant(Instant.ofEpochMilli(epochMillis), ZoneId.systemDefault())
                .format(CLOCK);
    }
}
