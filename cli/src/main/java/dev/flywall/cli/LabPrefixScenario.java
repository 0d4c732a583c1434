package dev.flywall.cli;

import dev.flywall.bundle.BundleJson;
import dev.flywall.bundle.WatchdogFile;
import dev.flywall.model.Cidr;
import dev.flywall.runtime.apply.Kernel;
import dev.flywall.runtime.history.History;
import dev.flywall.runtime.lab.Lab;
import dev.flywall.runtime.lab.LabClient;
import dev.flywall.runtime.lab.LabDhcp;
import dev.flywall.runtime.lab.LabPlan;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The prefix scenario: an uplink that translates the LAN's IPv6 to its delegated prefix (DHCPv6-PD,
 * {@code ipv6 { prefix_delegation = true nat = "npt" }}) carries the LAN client's IPv6 echoes (the
 * uplinks before it in the group are broken for the time, if need be); its ISP then delegates
 * another prefix. The daemon's dhclient -6 gets it at its next renewal, the daemon rewrites the
 * uplink's NPT chains, and the ISP sees the LAN's packets arrive with the new prefix: how long
 * each step took, and the echoes' outage.
 */
final class LabPrefixScenario implements LabScenario {

    @Override
    public int play(RunningLab lab, PrintWriter out, PrintWriter err) throws Exception {
        LabPlan plan = lab.plan();
        WatchdogFile watchdog = BundleJson.watchdog(plan.watchdogJson());
        Optional<LabPlan.Isp> found = plan.isps().stream()
                .filter(i ->
                        !i.delegated6().isEmpty() && npt(watchdog, i.uplink()).isPresent())
                .findFirst();
        if (found.isEmpty()
                || plan.lans().isEmpty()
                || plan.lans().get(0).clientAddress6().isEmpty()) {
            err.println("flywall lab run: the prefix scenario needs an uplink with ipv6 { prefix_delegation = true,"
                    + " nat = \"npt\" } and no static prefix, and a LAN with an IPv6 prefix");
            return ExitCodes.FAILURE;
        }
        LabPlan.Isp isp = found.get();
        String uplink = isp.uplink();
        WatchdogFile.Nat6 npt = npt(watchdog, uplink).orElseThrow();
        String chain = watchdog.nft().family() + " " + watchdog.nft().table() + " " + npt.nftChainOut();
        LabDhcp.Ipv6Isp v6 = isp.ipv6Isp(plan.gateway()).orElseThrow();
        LabPlan.Lan lan = plan.lans().get(0);
        Duration patience = Duration.ofSeconds(60);
        say(out, "waiting for the daemon to see every uplink up (up to " + patience.toSeconds() + "s)");
        if (!RunningLab.await(patience, () -> RunningLab.allUp(lab))) {
            LabReport.notUp(lab, err);
            return ExitCodes.FAILURE;
        }
        String first = first64(isp.delegated6());
        long waited = System.currentTimeMillis();
        if (!RunningLab.await(patience, () -> chain(lab, chain).contains(network(first)))) {
            err.println("flywall lab run: " + uplink + "'s NPT chain does not translate to its delegated prefix "
                    + isp.delegated6() + " within " + patience.toSeconds() + "s: "
                    + chain(lab, chain).strip()
                    + "; see " + lab.dir().resolve("daemon.log") + " and "
                    + lab.dir().resolve("dhcp6-" + uplink + ".log"));
            return ExitCodes.FAILURE;
        }
        say(
                out,
                uplink + " was delegated " + isp.delegated6() + " by its ISP (DHCPv6-PD); the daemon translates the"
                        + " LAN's " + npt.inside() + " to " + first + " on it (" + (System.currentTimeMillis() - waited)
                        + " ms after the uplinks were up)");
        // the LAN's IPv6 must leave by that uplink: break the ISPs the group prefers to it
        List<String> broken = new ArrayList<>();
        String group = watchdog.groups().stream()
                .filter(g -> g.members().stream().anyMatch(m -> m.uplink().equals(uplink)))
                .map(WatchdogFile.Group::name)
                .findFirst()
                .orElse("");
        if (!group.isEmpty()) {
            while (!List.of(RunningLab.active(lab, group).split("\\+")).contains(uplink)) {
                String active = RunningLab.active(lab, group).split("\\+")[0];
                if (active.isEmpty() || broken.contains(active)) {
                    err.println("flywall lab run: group " + group + " does not move to " + uplink);
                    return ExitCodes.FAILURE;
                }
                new Lab().breakIsp(plan.name(), active);
                broken.add(active);
                say(out, "broke the ISP of " + active + " so that group " + group + " uses " + uplink);
                RunningLab.await(patience, () -> !RunningLab.active(lab, group).contains(active));
            }
        }
        String target6 = plan.internet6().get(0);
        Path log = lab.dir().resolve("client-prefix.log");
        Process client = RunningLab.spawn(lan.namespace(), log, "lab", "client", "--target", target6);
        try {
            if (!RunningLab.await(Duration.ofSeconds(20), () -> RunningLab.answered(log) >= 20)) {
                err.println("flywall lab run: the LAN client's IPv6 echoes (" + lan.clientAddress6() + " to " + target6
                        + ") are not answered through " + uplink + "; see " + log);
                return ExitCodes.FAILURE;
            }
            LabReport.Prefixes prefixes = new LabReport.Prefixes(lab);
            Thread.sleep(1000);
            prefixes.mark("with the first prefix");
            String next = v6.nextDelegated();
            String nextFirst = first64(next);
            prefixes.name(nextFirst, uplink + "'s new delegated prefix");
            long changed = System.currentTimeMillis();
            LabDhcp.delegate(lab.dir(), v6, next);
            say(
                    out,
                    "the ISP of " + uplink + " now delegates " + next + " instead (its DHCPv6 server restarted: the"
                            + " gateway's renewal, due within " + LabDhcp.RENEW6_S
                            + "s, gets NoBinding and it asks again)");
            if (!RunningLab.await(patience, () -> chain(lab, chain).contains(network(nextFirst)))) {
                err.println("flywall lab run: " + uplink + "'s NPT chain did not move to " + nextFirst + " within "
                        + patience.toSeconds() + "s: " + chain(lab, chain).strip());
                return ExitCodes.FAILURE;
            }
            say(
                    out,
                    "the daemon rewrote " + uplink + "'s NPT chains: " + npt.inside() + " -> " + nextFirst + " ("
                            + (System.currentTimeMillis() - changed) + " ms after the change)");
            prefixes.mark("from the change to the rewrite");
            if (!RunningLab.await(Duration.ofSeconds(15), () -> seen(lab, uplink, nextFirst))) {
                err.println("flywall lab run: the ISP of " + uplink + " sees no LAN packets from " + nextFirst);
                return ExitCodes.FAILURE;
            }
            long arrived = System.currentTimeMillis();
            long answered = RunningLab.answered(log);
            RunningLab.await(Duration.ofSeconds(10), () -> RunningLab.answered(log) >= answered + 50);
            long outage = LabClient.outageMillis(Files.readAllLines(log), changed, System.currentTimeMillis());
            say(
                    out,
                    "the LAN's IPv6 traffic leaves " + uplink + " as " + nextFirst + " (" + (arrived - changed)
                            + " ms after the change); the LAN client " + lan.clientAddress6() + " pinging " + target6
                            + " every 10 ms saw an outage of " + outage + " ms");
            // the event may follow the rewrite by a moment (both come from the same lease)
            RunningLab.await(
                    Duration.ofSeconds(5), () -> leaseEvent(lab, uplink, next).isPresent());
            leaseEvent(lab, uplink, next)
                    .ifPresent(e -> say(out, "the daemon recorded: lease " + uplink + "  " + e.reason()));
            Thread.sleep(1000);
            prefixes.mark("after the rewrite");
            out.println();
            prefixes.print(out);
        } finally {
            client.destroy();
            for (String b : broken) {
                new Lab().heal(plan.name(), b);
            }
        }
        out.println();
        LabReport.history(lab, out);
        out.flush();
        return ExitCodes.SUCCESS;
    }

    private static Optional<WatchdogFile.Nat6> npt(WatchdogFile watchdog, String uplink) {
        return watchdog.uplinks().stream()
                .filter(u -> u.name().equals(uplink))
                .map(WatchdogFile.Uplink::nat6)
                .filter(n -> n != null && n.mode() == WatchdogFile.Nat6Mode.NPT && n.outside() == null)
                .findFirst();
    }

    /** The first /64 of a delegated prefix: what a /64 LAN prefix is translated to. */
    static String first64(String delegated) {
        return Cidr.parse(delegated).orElseThrow().network().addressText() + "/64";
    }

    private static String network(String prefix) {
        return prefix.substring(0, prefix.indexOf('/'));
    }

    /** The uplink's NPT chain in the gateway, as nft lists it ("" when it cannot be read). */
    private static String chain(RunningLab lab, String chain) {
        try {
            List<String> command = new ArrayList<>(List.of("nft", "list", "chain"));
            command.addAll(List.of(chain.split(" ")));
            return new Kernel(Optional.of(lab.plan().gateway()))
                    .run("", command.toArray(String[]::new))
                    .out();
        } catch (Exception e) {
            return "";
        }
    }

    private static boolean seen(RunningLab lab, String uplink, String prefix) {
        try {
            return new Lab().sourcePrefixes(lab.plan().name(), uplink).getOrDefault(prefix, 0L) > 0;
        } catch (Exception e) {
            return false;
        }
    }

    /** The newest lease event of the uplink in the daemon's history that brought {@code prefix}. */
    private static Optional<History.Event> leaseEvent(RunningLab lab, String uplink, String prefix) {
        try (History h = History.openReadOnly(lab.state().resolve("history.db"))) {
            return h.recent(50).stream()
                    .filter(e -> e.kind().equals("lease")
                            && uplink.equals(e.from())
                            && e.reason() != null
                            && e.reason().contains("→")
                            && e.reason().substring(e.reason().indexOf('→')).contains(prefix))
                    .findFirst();
        } catch (Exception e) {
            return Optional.empty();
        }
    }

    private static void say(PrintWriter out, String text) {
        out.println(LabReport.clock(System.currentTimeMillis()) + "  " + text);
        out.flush();
    }
}
