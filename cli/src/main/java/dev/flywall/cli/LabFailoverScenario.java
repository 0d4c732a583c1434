package dev.flywall.cli;

import dev.flywall.bundle.BundleJson;
import dev.flywall.bundle.WatchdogFile;
import dev.flywall.runtime.lab.Lab;
import dev.flywall.runtime.lab.LabClient;
import dev.flywall.runtime.lab.LabPlan;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The failover scenario: break the primary ISP, watch the failover and the client's outage, heal it,
 * watch the failback.
 */
final class LabFailoverScenario implements LabScenario {

    @Override
    public int play(RunningLab lab, PrintWriter out, PrintWriter err) throws Exception {
        return new Play(lab, out, err).play();
    }

    /** One playing: the lab, where to print, the timeline so far. */
    private static final class Play {
        private final RunningLab lab;
        private final PrintWriter out;
        private final PrintWriter err;
        private final List<String> timeline = new ArrayList<>();

        Play(RunningLab lab, PrintWriter out, PrintWriter err) {
            this.lab = lab;
            this.out = out;
            this.err = err;
        }

        private void say(String text) {
            String line = LabReport.clock(System.currentTimeMillis()) + "  " + text;
            timeline.add(line);
            out.println(line);
            out.flush();
        }

        int play() throws Exception {
            List<WatchdogFile.Group> groups =
                    BundleJson.watchdog(lab.plan().watchdogJson()).groups();
            if (groups.isEmpty() || lab.plan().lans().isEmpty()) {
                err.println("flywall lab run: the failover scenario needs an uplink_group and a LAN interface");
                return ExitCodes.FAILURE;
            }
            WatchdogFile.Group group = groups.get(0);
            String groupName = group.name();
            String primary = group.tiers().get(0).get(0);
            long interval = 0;
            for (WatchdogFile.Member m : group.members()) {
                WatchdogFile.HealthCheck hc = m.healthCheck();
                interval = Math.max(interval, hc.intervalMs() * Math.max(hc.thresholdUp(), hc.thresholdDown()));
            }
            // the daemon is a JVM of its own: on a loaded 2-core machine it can take seconds to start
            Duration patience = Duration.ofMillis(interval * 3 + 30_000);
            say("waiting for the daemon to see every uplink up (up to " + patience.toSeconds() + "s)");
            if (!RunningLab.await(patience, () -> RunningLab.allUp(lab))) {
                LabReport.notUp(lab, err);
                return ExitCodes.FAILURE;
            }
            // an earlier scenario may have left the group on a backup until its failback_delay ends
            Duration back = patience.plusMillis(group.failbackDelayMs());
            if (!RunningLab.active(lab, groupName).contains(primary)) {
                say("group " + groupName + " uses " + RunningLab.active(lab, groupName) + "; waiting for it to use "
                        + primary + " again (up to " + back.toSeconds() + "s)");
                if (!RunningLab.await(
                        back, () -> RunningLab.active(lab, groupName).contains(primary))) {
                    err.println("flywall lab run: group " + groupName + " does not return to " + primary);
                    return ExitCodes.FAILURE;
                }
            }
            say("all uplinks up; group " + groupName + " uses " + RunningLab.active(lab, groupName)
                    + "; flywall wan status in "
                    + lab.plan().gateway() + ":");
            out.print(RunningLab.wanStatus(lab));
            out.flush();
            LabPlan.Lan lan = lab.plan().lans().get(0);
            String target = lab.plan().internet().get(0);
            Path clientLog = lab.dir().resolve("client.log");
            Process client = RunningLab.spawn(lan.namespace(), clientLog, "lab", "client", "--target", target);
            // dual-stack: an IPv6 echo stream beside the IPv4 one, when the LAN has an IPv6 prefix
            boolean dual = !lan.clientAddress6().isEmpty();
            String target6 = dual ? lab.plan().internet6().get(0) : "";
            Path clientLog6 = lab.dir().resolve("client6.log");
            Process client6 =
                    dual ? RunningLab.spawn(lan.namespace(), clientLog6, "lab", "client", "--target", target6) : null;
            LabReport.Prefixes prefixes = new LabReport.Prefixes(lab);
            try {
                // the client is a JVM of its own: start breaking once its echoes are answered
                if (!RunningLab.await(Duration.ofSeconds(20), () -> RunningLab.answered(clientLog) >= 20)) {
                    err.println("flywall lab run: the LAN client's echoes are not answered; see " + clientLog);
                    return ExitCodes.FAILURE;
                }
                if (dual && !RunningLab.await(Duration.ofSeconds(10), () -> RunningLab.answered(clientLog6) >= 20)) {
                    err.println("flywall lab run: the LAN client's IPv6 echoes (" + lan.clientAddress6() + " to "
                            + target6 + ") are not answered; see " + clientLog6);
                    return ExitCodes.FAILURE;
                }
                long broke = System.currentTimeMillis();
                new Lab().breakIsp(lab.plan().name(), primary);
                say("broke the ISP of " + primary + " (its link stays up; every packet is dropped)");
                prefixes.mark("before the break");
                if (!RunningLab.await(
                        patience, () -> !RunningLab.active(lab, groupName).contains(primary))) {
                    err.println("flywall lab run: no failover within " + patience.toSeconds() + "s");
                    return ExitCodes.FAILURE;
                }
                long failedOver = System.currentTimeMillis();
                say("failover: group " + groupName + " now uses " + RunningLab.active(lab, groupName) + " ("
                        + (failedOver - broke)
                        + " ms after the break)");
                Thread.sleep(1500);
                long now = System.currentTimeMillis();
                long outage = LabClient.outageMillis(Files.readAllLines(clientLog), broke, now);
                say("the LAN client " + lan.clientAddress() + " pinging " + target + " every 10 ms saw an outage of "
                        + outage + " ms");
                if (dual) {
                    long outage6 = LabClient.outageMillis(Files.readAllLines(clientLog6), broke, now);
                    say("IPv6: the LAN client " + lan.clientAddress6() + " pinging " + target6
                            + " every 10 ms saw an outage of " + outage6 + " ms");
                }
                long healed = System.currentTimeMillis();
                new Lab().heal(lab.plan().name(), primary);
                say("healed the ISP of " + primary);
                if (!RunningLab.await(
                        back, () -> RunningLab.active(lab, groupName).contains(primary))) {
                    err.println("flywall lab run: no failback within " + back.toSeconds() + "s");
                    return ExitCodes.FAILURE;
                }
                long failedBack = System.currentTimeMillis();
                prefixes.mark("from the break to the failback");
                say("failback: group " + groupName + " uses " + RunningLab.active(lab, groupName) + " again ("
                        + (failedBack - healed)
                        + " ms after healing; connections that started on the backup"
                        + " stay there)");
                Thread.sleep(1500);
                now = System.currentTimeMillis();
                say("at the failback the LAN client's IPv4 echoes saw a gap of "
                        + LabClient.outageMillis(Files.readAllLines(clientLog), healed, now) + " ms"
                        + (dual
                                ? ", its IPv6 echoes one of "
                                        + LabClient.outageMillis(Files.readAllLines(clientLog6), healed, now) + " ms"
                                : ""));
                prefixes.mark("after the failback");
                if (dual) {
                    // which prefix the LAN's IPv6 carried at each ISP (nothing to say for an IPv4-only LAN)
                    out.println();
                    prefixes.print(out);
                }
            } finally {
                client.destroy();
                if (client6 != null) {
                    client6.destroy();
                }
            }
            out.println();
            LabReport.history(lab, out);
            out.flush();
            return ExitCodes.SUCCESS;
        }
    }
}
