package dev.flywall.cli;

import dev.flywall.bundle.BundleJson;
import dev.flywall.bundle.WatchdogFile;
import dev.flywall.runtime.apply.Kernel;
import dev.flywall.runtime.lab.Lab;
import dev.flywall.runtime.lab.LabClient;
import dev.flywall.runtime.lab.LabPair;
import dev.flywall.runtime.lab.LabPlan;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The HA scenario ({@code flywall lab run A --peer B}): the LAN client holds {@value #SESSIONS}
 * long-lived TCP sessions to an internet host (a line every 50 ms each) and pings it every 10 ms,
 * through the LAN's virtual address. (1) The master crashes (processes frozen, links down, killed):
 * the backup takes the addresses; (2) the master reboots ({@code flywall apply}, {@code flywall
 * run}) and, with preemption, takes them back; (3) the master's primary ISP breaks while the pair
 * is healthy: its group fails over, the roles stay. Each time: the client's ping outage and the
 * sessions kept; a summary of the figures at the end.
 */
final class LabHaScenario implements LabScenario {

    static final int SESSIONS = 20;

    @Override
    public int play(RunningLab lab, PrintWriter out, PrintWriter err) throws Exception {
        if (lab.pair() == null) {
            err.println(
                    "flywall lab run: the ha scenario needs the pair: --peer PATH (the other node's configuration)");
            return ExitCodes.FAILURE;
        }
        return new Play(lab, out, err).play();
    }

    /** A phase's figures: the ping outage, the sessions kept of those held, the longest stall survived. */
    record Figure(String phase, long outageMs, long kept, long held, long stallMs, String note) {}

    /** One playing: the pair, where to print, the clients' logs, the figures so far. */
    private static final class Play {
        private final RunningLab first;
        private final RunningLab second;
        private final LabPair pair;
        private final PrintWriter out;
        private final PrintWriter err;
        private final LabPlan.Lan lan;
        private final String virtual;
        private final String target;
        private final Path pings;
        private final Path sessions;
        private final List<Figure> figures = new ArrayList<>();

        Play(RunningLab lab, PrintWriter out, PrintWriter err) {
            this.first = lab;
            this.second = lab.peer();
            this.pair = lab.pair();
            this.out = out;
            this.err = err;
            this.lan = pair.primary().lans().get(0);
            this.virtual = pair.lanGateways().get(lan.device());
            this.target = pair.primary().internet().get(0);
            this.pings = lab.dir().resolve("client.log");
            this.sessions = lab.dir().resolve("sessions.log");
        }

        private void say(String text) {
            out.println(LabReport.clock(System.currentTimeMillis()) + "  " + text);
            out.flush();
        }

        private String gw(RunningLab node) {
            return node.plan().gateway();
        }

        int play() throws Exception {
            if (pair.primary().lans().isEmpty()) {
                err.println("flywall lab run: the ha scenario needs a LAN interface with a virtual address");
                return ExitCodes.FAILURE;
            }
            Duration start = Duration.ofSeconds(120);
            say("waiting for both daemons to see every uplink up and " + gw(first) + " to hold " + virtual + " (up to "
                    + start.toSeconds() + "s)");
            if (!RunningLab.await(start, () -> RunningLab.allUp(first) && RunningLab.allUp(second))) {
                LabReport.notUp(RunningLab.allUp(first) ? second : first, err);
                return ExitCodes.FAILURE;
            }
            if (!RunningLab.await(start, () -> holds(first) && !holds(second))) {
                err.println("flywall lab run: " + gw(first) + " is not the master (it does not hold " + virtual
                        + " alone); see " + first.dir().resolve("daemon.log") + " and "
                        + second.dir().resolve("daemon.log"));
                return ExitCodes.FAILURE;
            }
            say(gw(first) + " is the master (holds " + virtual + "), " + gw(second) + " the backup; flywall wan"
                    + " status in each:");
            out.print(RunningLab.wanStatus(first));
            out.print(RunningLab.wanStatus(second));
            out.flush();
            Process ping = RunningLab.spawn(lan.namespace(), pings, "lab", "client", "--target", target);
            Process hold = RunningLab.spawn(
                    lan.namespace(), sessions, "lab", "client", "--target", target, "--sessions", "" + SESSIONS);
            try {
                if (!RunningLab.await(Duration.ofSeconds(30), () -> RunningLab.answered(pings) >= 20 && allEchoing())) {
                    err.println("flywall lab run: the LAN client's echoes or sessions are not answered; see " + pings
                            + " and " + sessions);
                    return ExitCodes.FAILURE;
                }
                say("the LAN client " + lan.clientAddress() + " holds " + SESSIONS + " TCP sessions to " + target
                        + ":7 (a line every 50 ms each) and pings it every 10 ms, through " + virtual);
                int result = masterCrashes();
                if (result == ExitCodes.SUCCESS) {
                    result = masterReturns();
                }
                if (result == ExitCodes.SUCCESS) {
                    result = wanFailoverOnTheMaster();
                }
                summary();
                out.println();
                LabReport.history(first, "The history of " + gw(first) + "'s daemon:", out);
                LabReport.history(second, "The history of " + gw(second) + "'s daemon:", out);
                out.flush();
                return result;
            } finally {
                ping.destroy();
                hold.destroy();
            }
        }

        /** (1) The master dies as in a power loss; the backup takes the addresses. */
        private int masterCrashes() throws Exception {
            long crashed = System.currentTimeMillis();
            int killed = new Lab().crash(pair.name(), gw(first));
            say("crashed " + gw(first) + ": its " + killed + " processes (flywall run, keepalived, conntrackd) frozen,"
                    + " its links down, then killed");
            if (!RunningLab.await(Duration.ofSeconds(15), () -> holds(second))) {
                err.println("flywall lab run: " + gw(second) + " did not take " + virtual + " within 15s; see "
                        + second.dir().resolve("daemon.log"));
                return ExitCodes.FAILURE;
            }
            long took = System.currentTimeMillis();
            say(gw(second) + " holds " + virtual + " (" + (took - crashed) + " ms after the crash)");
            return measure("master killed", crashed, gw(second) + " took over in " + (took - crashed) + " ms");
        }

        /** (2) The master reboots; with preemption it takes the addresses back. */
        private int masterReturns() throws Exception {
            long booted = System.currentTimeMillis();
            if (!LabPairStart.reboot(first, first, err)) {
                return ExitCodes.FAILURE;
            }
            long started = System.currentTimeMillis();
            say("rebooted " + gw(first) + ": links up, flywall apply, flywall run (" + (started - booted)
                    + " ms); waiting for it to take " + virtual + " back");
            if (!RunningLab.await(Duration.ofSeconds(120), () -> holds(first) && !holds(second))) {
                err.println("flywall lab run: " + gw(first) + " did not take " + virtual + " back within 120s; see "
                        + first.dir().resolve("daemon-rebooted.log"));
                return ExitCodes.FAILURE;
            }
            long back = System.currentTimeMillis();
            say(gw(first) + " holds " + virtual + " again (" + (back - started) + " ms after its daemon started:"
                    + " ready, then the preemption delay)");
            return measure(
                    "master back",
                    booted,
                    gw(first) + " took over " + (back - started) + " ms after its daemon started");
        }

        /** (3) The master's primary ISP breaks: its group fails over, the roles stay. */
        private int wanFailoverOnTheMaster() throws Exception {
            List<WatchdogFile.Group> groups =
                    BundleJson.watchdog(first.plan().watchdogJson()).groups();
            if (groups.isEmpty()) {
                say("no uplink_group: no WAN failover to play");
                return ExitCodes.SUCCESS;
            }
            WatchdogFile.Group group = groups.get(0);
            String primary = group.tiers().get(0).get(0);
            if (!RunningLab.await(
                    Duration.ofSeconds(60),
                    () -> RunningLab.allUp(first)
                            && RunningLab.active(first, group.name()).contains(primary))) {
                err.println("flywall lab run: " + gw(first) + "'s group " + group.name() + " does not use " + primary);
                return ExitCodes.FAILURE;
            }
            Map<String, Integer> before = sessionsPerIsp();
            long broke = System.currentTimeMillis();
            new Lab().breakIsp(pair.name(), primary);
            say("broke the ISP of " + primary + " (both nodes' uplink " + primary + "); sessions at each ISP: "
                    + before);
            if (!RunningLab.await(
                    Duration.ofSeconds(30),
                    () -> !RunningLab.active(first, group.name()).contains(primary))) {
                err.println("flywall lab run: no failover on " + gw(first) + " within 30s");
                return ExitCodes.FAILURE;
            }
            long failedOver = System.currentTimeMillis();
            say("failover on the master: group " + group.name() + " now uses " + RunningLab.active(first, group.name())
                    + " (" + (failedOver - broke) + " ms after the break)");
            int result = measure("WAN failover on the master", broke, "");
            Map<String, Integer> after = sessionsPerIsp();
            boolean roles = holds(first) && !holds(second);
            say("roles " + (roles ? "unchanged: " + gw(first) + " is still the master" : "CHANGED") + "; sessions at"
                    + " each ISP now: " + after + " (those through " + primary + " died with its NAT and were opened"
                    + " again)");
            Figure f = figures.remove(figures.size() - 1);
            figures.add(new Figure(
                    f.phase(),
                    f.outageMs(),
                    f.kept(),
                    f.held(),
                    f.stallMs(),
                    "group " + group.name() + " failed over in " + (failedOver - broke) + " ms; on " + primary
                            + " before: " + before.getOrDefault(primary, 0) + "; roles "
                            + (roles ? "unchanged" : "changed")));
            new Lab().heal(pair.name(), primary);
            long healed = System.currentTimeMillis();
            Duration back = Duration.ofMillis(30_000 + group.failbackDelayMs());
            if (!RunningLab.await(
                    back, () -> RunningLab.active(first, group.name()).contains(primary))) {
                err.println("flywall lab run: no failback on " + gw(first) + " within " + back.toSeconds() + "s");
                return ExitCodes.FAILURE;
            }
            say("healed the ISP of " + primary + "; failback: group " + group.name() + " uses "
                    + RunningLab.active(first, group.name()) + " again (" + (System.currentTimeMillis() - healed)
                    + " ms)");
            return roles ? result : ExitCodes.FAILURE;
        }

        /**
         * Waits until every session echoes again (up to 30 s) and one second more, then says what
         * the client saw from {@code from}: the longest ping gap, the sessions kept.
         */
        private int measure(String phase, long from, String note) throws Exception {
            Thread.sleep(1000);
            boolean echoing = RunningLab.await(Duration.ofSeconds(30), this::allEchoing);
            Thread.sleep(1000);
            long to = System.currentTimeMillis();
            long outage = LabClient.outageMillis(Files.readAllLines(pings), from, to);
            var s = LabClient.SessionFigures.of(Files.readAllLines(sessions), from, to);
            figures.add(new Figure(phase, outage, s.kept(), s.count(), s.longestStallMs(), note));
            say(phase + ": the LAN client's pings saw an outage of " + outage + " ms; sessions kept " + s.kept()
                    + " of " + s.count() + (s.broken().isEmpty() ? "" : " (broken: " + s.broken() + ")")
                    + "; the longest stall an echo survived: " + s.longestStallMs() + " ms");
            if (!echoing) {
                err.println(
                        "flywall lab run: after \"" + phase + "\" the sessions do not all echo again; see " + sessions);
                return ExitCodes.FAILURE;
            }
            return ExitCodes.SUCCESS;
        }

        private void summary() {
            out.println();
            out.println("HA figures (" + SESSIONS + " TCP sessions, pings every 10 ms, through " + virtual + "):");
            for (Figure f : figures) {
                out.println(String.format(
                        "  %-27s outage %5d ms   sessions kept %2d/%d   longest stall %5d ms%s",
                        f.phase(),
                        f.outageMs(),
                        f.kept(),
                        f.held(),
                        f.stallMs(),
                        f.note().isEmpty() ? "" : "   (" + f.note() + ")"));
            }
            out.flush();
        }

        private boolean allEchoing() {
            try {
                var s = LabClient.SessionFigures.of(Files.readAllLines(sessions), 0, Long.MAX_VALUE);
                return s.count() > 0 && s.echoing() == s.count();
            } catch (IOException e) {
                return false;
            }
        }

        /** Whether the node holds the LAN's virtual address now (keepalived put it there). */
        private boolean holds(RunningLab node) {
            try {
                return new Kernel(Optional.of(gw(node)))
                        .run("", "ip", "-o", "-4", "addr", "show", "dev", lan.device())
                        .out()
                        .contains(" " + virtual + "/");
            } catch (IOException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }

        /** The echo sessions each ISP's server holds (established TCP on port 7). */
        private Map<String, Integer> sessionsPerIsp() throws IOException, InterruptedException {
            Map<String, Integer> out = new LinkedHashMap<>();
            for (LabPlan.Isp isp : pair.primary().isps()) {
                String list = new Kernel(Optional.of(isp.namespace()))
                        .run("", "ss", "-Htn", "state", "established", "( sport = :7 )")
                        .out();
                out.put(isp.uplink(), (int)
                        list.lines().filter(l -> !l.isBlank()).count());
            }
            return out;
        }
    }
}
