package dev.flywall.cli;

import dev.flywall.bundle.BundleJson;
import dev.flywall.bundle.WatchdogFile;
import dev.flywall.runtime.apply.Kernel;
import dev.flywall.runtime.history.History;
import dev.flywall.runtime.lab.LabClient;
import dev.flywall.runtime.lab.LabDhcp;
import dev.flywall.runtime.lab.LabPlan;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The lease scenario: while the LAN client pings the internet through the primary uplink, that
 * uplink's ISP moves it — its DHCP server restarts handing out another address with another
 * router — and the daemon's DHCP client takes the new lease at its next renewal (refused by the
 * server, it starts over). The route sync follows the gateway, the masquerade the address; the
 * client's traffic flows again, and the history holds one {@code lease} event, old → new.
 */
final class LabLeaseScenario implements LabScenario {

    @Override
    public int play(RunningLab lab, PrintWriter out, PrintWriter err) throws Exception {
        List<WatchdogFile.Group> groups =
                BundleJson.watchdog(lab.plan().watchdogJson()).groups();
        if (groups.isEmpty() || lab.plan().lans().isEmpty()) {
            err.println("flywall lab run: the lease scenario needs an uplink_group and a LAN interface");
            return ExitCodes.FAILURE;
        }
        String primary = groups.get(0).tiers().get(0).get(0);
        Optional<LabPlan.Isp> isp = lab.plan().isps().stream()
                .filter(i -> i.uplink().equals(primary))
                .findFirst();
        if (isp.isEmpty() || !isp.get().dhcp()) {
            err.println("flywall lab run: the lease scenario needs a primary uplink that is a managed DHCP interface ("
                    + primary + " is not)");
            return ExitCodes.FAILURE;
        }
        Duration patience = Duration.ofSeconds(45);
        say(out, "waiting for the daemon to see every uplink up (up to " + patience.toSeconds() + "s)");
        if (!RunningLab.await(patience, () -> RunningLab.allUp(lab))) {
            LabReport.notUp(lab, err);
            return ExitCodes.FAILURE;
        }
        LabPlan.Lan lan = lab.plan().lans().get(0);
        String target = lab.plan().internet().get(0);
        Path clientLog = lab.dir().resolve("client-lease.log");
        Process client = RunningLab.spawn(lan.namespace(), clientLog, "lab", "client", "--target", target);
        try {
            if (!RunningLab.await(Duration.ofSeconds(20), () -> RunningLab.answered(clientLog) >= 20)) {
                err.println("flywall lab run: the LAN client's echoes are not answered; see " + clientLog);
                return ExitCodes.FAILURE;
            }
            LabPlan.Isp old = isp.get();
            say(
                    out,
                    primary + " holds " + old.gatewayAddress() + "/" + old.prefix() + " via " + old.ispAddress()
                            + " (leased from its ISP); the LAN client " + lan.clientAddress() + " pings " + target
                            + " through it every 10 ms");
            long moved = System.currentTimeMillis();
            LabDhcp.Lease next = LabDhcp.move(lab.plan(), primary);
            say(
                    out,
                    "the ISP's DHCP server now hands out " + next.address() + "/" + next.prefix() + " via "
                            + next.router() + " (restarted, authoritative: the client's next renewal, due within "
                            + LabDhcp.RENEW_S + "s, is refused)");
            Duration leaseLimit = Duration.ofSeconds(LabDhcp.RENEW_S + LabDhcp.REBIND_S + 15);
            if (!RunningLab.await(leaseLimit, () -> has(lab, old.device(), next.address()))) {
                err.println("flywall lab run: " + primary + " did not lease " + next.address() + " within "
                        + leaseLimit.toSeconds() + "s; see " + lab.dir().resolve("daemon.log"));
                return ExitCodes.FAILURE;
            }
            long leased = System.currentTimeMillis();
            say(
                    out,
                    "the daemon's dhclient took " + next.address() + " (" + (leased - moved) + " ms after the change)");
            if (!RunningLab.await(
                    Duration.ofSeconds(15),
                    () -> leaseEvent(lab, primary, next.address()).isPresent())) {
                err.println("flywall lab run: no lease event for " + primary + " in the daemon's history");
                return ExitCodes.FAILURE;
            }
            History.Event e = leaseEvent(lab, primary, next.address()).orElseThrow();
            say(out, "the daemon recorded: lease " + primary + "  " + e.reason());
            if (!RunningLab.await(
                    Duration.ofSeconds(5), () -> uplinkTable(lab, primary).contains("via " + next.router() + " "))) {
                err.println("flywall lab run: the route sync did not follow the new gateway " + next.router() + ": "
                        + uplinkTable(lab, primary));
                return ExitCodes.FAILURE;
            }
            say(out, "the uplink's table: " + uplinkTable(lab, primary).strip());
            long answeredAtLease = RunningLab.answered(clientLog);
            if (!RunningLab.await(
                    Duration.ofSeconds(10), () -> RunningLab.answered(clientLog) >= answeredAtLease + 50)) {
                err.println("flywall lab run: the LAN client's echoes are not answered after the new lease; see "
                        + clientLog);
                return ExitCodes.FAILURE;
            }
            long outage = LabClient.outageMillis(Files.readAllLines(clientLog), moved, System.currentTimeMillis());
            say(
                    out,
                    "the LAN client's traffic follows: answered again through " + next.address()
                            + "; its outage: " + outage + " ms; group "
                            + groups.get(0).name() + " uses "
                            + RunningLab.active(lab, groups.get(0).name()));
        } finally {
            client.destroy();
        }
        out.println();
        LabReport.history(lab, out);
        out.flush();
        return ExitCodes.SUCCESS;
    }

    private static void say(PrintWriter out, String text) {
        out.println(LabReport.clock(System.currentTimeMillis()) + "  " + text);
        out.flush();
    }

    private static boolean has(RunningLab lab, String device, String address) {
        try {
            return LabDhcp.has(lab.plan(), device, address);
        } catch (Exception e) {
            return false;
        }
    }

    /** The newest lease event of an uplink that gave it {@code address}, from the daemon's history. */
    static Optional<History.Event> leaseEvent(RunningLab lab, String uplink, String address) {
        try (History h = History.openReadOnly(lab.state().resolve("history.db"))) {
            return h.recent(50).stream()
                    .filter(e -> e.kind().equals("lease")
                            && uplink.equals(e.from())
                            && (e.reason() + " ").contains("→ " + address + " "))
                    .findFirst();
        } catch (Exception e) {
            return Optional.empty();
        }
    }

    /** The default route of an uplink's own table, as the route sync wrote it. */
    private static String uplinkTable(RunningLab lab, String uplink) {
        try {
            return readTable(lab, uplink);
        } catch (Exception e) {
            return "(cannot read it: " + e.getMessage() + ")";
        }
    }

    private static String readTable(RunningLab lab, String uplink) throws Exception {
        WatchdogFile.Uplink u = BundleJson.watchdog(lab.plan().watchdogJson()).uplinks().stream()
                .filter(x -> x.name().equals(uplink))
                .findFirst()
                .orElseThrow();
        return new Kernel(Optional.of(lab.plan().gateway()))
                        .run("", "ip", "-4", "route", "show", "default", "table", Integer.toString(u.table()))
                        .out()
                        .strip()
                        .replaceAll("\\s+", " ")
                + " ";
    }
}
