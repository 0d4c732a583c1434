package dev.flywall.cli;

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
import java.util.List;

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
        plan.targetMap().forEach((from, to) -> out.println("  mapped " + from + " -> " + to));
        out.println("Notifications the daemon sends arrive in " + lab.dir().resolve("received.log") + ".");
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
        out.println("The daemon's history:");
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

    /** A time of day to the millisecond, as the timeline and the history show it. */
    static String clock(long epochMillis) {
        return LocalTime.ofInstant(Instant.ofEpochMilli(epochMillis), ZoneId.systemDefault())
                .format(CLOCK);
    }
}
