package dev.flywall.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flywall.bundle.BundleJson;
import dev.flywall.bundle.WatchdogFile;
import dev.flywall.runtime.apply.Kernel;
import dev.flywall.runtime.history.History;
import dev.flywall.runtime.lab.Lab;
import dev.flywall.runtime.lab.LabClient;
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
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The drain scenario: the LAN client holds {@value #SESSIONS} TCP sessions to an internet host
 * through the uplink the first group uses, then that uplink is drained ({@code flywall wan
 * drain}). The gateway's conntrack shows the sessions keep their entries, their uplink and their
 * traffic; a LAN client opening a connection every 250 ms shows when new connections move; then
 * {@value #CONNECTIONS} new connections to the host and as many flows of each policy route bound to
 * the drained uplink, counted by the ISP each one reaches. Undrain: new connections come back. The
 * figures at the end: sessions kept, their traffic before, during and after the drain, new
 * connections per ISP, the time from the drain to the first new connection elsewhere.
 */
final class LabDrainScenario implements LabScenario {

    static final int SESSIONS = 8;
    static final int CONNECTIONS = 40;
    static final String REASON = "lab drain scenario";

    /** What runs while the uplink is drained, after the new connections were counted (the test restarts the daemon). */
    @FunctionalInterface
    interface WhileDrained {
        void run() throws Exception;
    }

    private final WhileDrained whileDrained;

    LabDrainScenario() {
        this(() -> {});
    }

    LabDrainScenario(WhileDrained whileDrained) {
        this.whileDrained = whileDrained;
    }

    /** The sessions' traffic in one phase: LAN → internet packets and bytes (as conntrack counts them), its length. */
    record Phase(long packets, long bytes, long millis) {

        static Phase between(Map<Integer, Flow> from, Map<Integer, Flow> to) {
            long packets = 0;
            long bytes = 0;
            for (Map.Entry<Integer, Flow> e : to.entrySet()) {
                Flow f = from.get(e.getKey());
                packets += e.getValue().packets() - (f == null ? 0 : f.packets());
                bytes += e.getValue().bytes() - (f == null ? 0 : f.bytes());
            }
            long millis = to.isEmpty() || from.isEmpty()
                    ? 0
                    : to.values().iterator().next().at()
                            - from.values().iterator().next().at();
            return new Phase(packets, bytes, millis);
        }

        @Override
        public String toString() {
            return packets + " packets, " + bytes + " bytes in " + String.format("%.1f s", millis / 1e3);
        }
    }

    /**
     * A session's conntrack entry on the gateway: its LAN → internet counters, the address its
     * replies come back to (the masquerade's, so the uplink's), its mark, and when it was read.
     */
    record Flow(long packets, long bytes, String replyTo, long mark, long at) {}

    /**
     * What the scenario measured. Connection counts are by destination ("group HOST", "policy_route
     * NAME") and uplink: the SYNs (TCP) or datagrams (UDP) each ISP received.
     */
    record Figures(
            String group,
            String drained,
            String drainedAddress,
            String host,
            int sessions,
            java.util.SortedSet<Integer> broken,
            long reopened,
            boolean sameEntries,
            boolean stayedOnDrained,
            Phase before,
            Phase during,
            Phase after,
            long firstMovedMs,
            long afterDrain,
            long afterDrainOnDrained,
            long commandMs,
            List<String> watched,
            Map<String, Map<String, Long>> drainedConnections,
            Map<String, Map<String, Long>> undrainedConnections,
            Map<Integer, Flow> opened,
            Map<Integer, Flow> atDrain,
            Map<Integer, Flow> atUndrain,
            Map<Integer, Flow> end) {

        long kept() {
            return sessions - broken.size();
        }
    }

    @Override
    public int play(RunningLab lab, PrintWriter out, PrintWriter err) throws Exception {
        Optional<Figures> f = measure(lab, out, err);
        if (f.isEmpty()) {
            return ExitCodes.FAILURE;
        }
        Figures figures = f.get();
        out.println();
        out.println("Drain figures: sessions kept " + figures.kept() + " of " + figures.sessions() + " ("
                + figures.broken().size() + " reset or timed out, " + figures.reopened() + " opened again, "
                + (figures.sameEntries() ? "the same conntrack entries throughout" : "conntrack entries changed")
                + "); their traffic before the drain " + figures.before() + ", during it " + figures.during()
                + ", after the undrain " + figures.after() + "; new connections opened after the drain: "
                + figures.afterDrain() + ", " + figures.afterDrainOnDrained() + " of them through " + figures.drained()
                + ", the first elsewhere " + figures.firstMovedMs() + " ms after the drain (a new one every 250 ms)");
        out.println();
        LabReport.history(lab, out);
        out.flush();
        return ExitCodes.SUCCESS;
    }

    /** Plays the scenario, printing as it goes; the figures, or empty when it could not (said on {@code err}). */
    Optional<Figures> measure(RunningLab lab, PrintWriter out, PrintWriter err) throws Exception {
        List<WatchdogFile.Group> groups =
                BundleJson.watchdog(lab.plan().watchdogJson()).groups();
        if (groups.isEmpty()
                || groups.get(0).members().size() < 2
                || lab.plan().lans().isEmpty()) {
            err.println("flywall lab run: the drain scenario needs an uplink_group of two members or more and a LAN"
                    + " interface");
            return Optional.empty();
        }
        if (!RunningLab.await(Duration.ofSeconds(60), () -> RunningLab.allUp(lab))) {
            LabReport.notUp(lab, err);
            return Optional.empty();
        }
        String group = groups.get(0).name();
        if (!RunningLab.await(
                Duration.ofSeconds(10), () -> !RunningLab.active(lab, group).isEmpty())) {
            err.println("flywall lab run: group " + group + " uses no uplink");
            return Optional.empty();
        }
        String drained = RunningLab.active(lab, group).split("\\+")[0];
        String host = host(lab.plan());
        String client = lab.plan().lans().get(0).namespace();
        Kernel gw = new Kernel(Optional.of(lab.plan().gateway()));
        Optional<String> address = address(lab, drained);
        if (address.isEmpty()) {
            err.println("flywall lab run: the daemon's status has no address for " + drained);
            return Optional.empty();
        }
        // byte counters on the conntrack entries created from now on
        Kernel.Result acct = gw.run("", "sysctl", "-q", "-w", "net.netfilter.nf_conntrack_acct=1");
        if (!acct.ok()) {
            err.println("flywall lab run: cannot count the sessions' bytes: "
                    + acct.err().strip());
            return Optional.empty();
        }
        Path sessionLog = lab.dir().resolve("drain-sessions.log");
        Files.deleteIfExists(sessionLog);
        Process sessions = RunningLab.spawn(
                client, sessionLog, "lab", "client", "--target", host, "--sessions", Integer.toString(SESSIONS));
        try {
            if (!RunningLab.await(
                    Duration.ofSeconds(30),
                    () -> read(sessionLog).contains(" echoing " + SESSIONS + " of " + SESSIONS))) {
                err.println("flywall lab run: the LAN client's sessions are not answered; see " + sessionLog);
                return Optional.empty();
            }
            Map<Integer, Flow> opened = flows(gw, host);
            say(
                    out,
                    "group " + group + " uses " + drained + "; the LAN client holds " + opened.size()
                            + " TCP sessions to " + host
                            + ":7 (a line every 50 ms each), their conntrack entries on the"
                            + " gateway answered at "
                            + String.join(
                                    ", ",
                                    opened.values().stream()
                                            .map(Flow::replyTo)
                                            .distinct()
                                            .toList())
                            + " (" + drained + "'s address: " + address.get() + ")");
            Thread.sleep(2000);

            Path watchLog = lab.dir().resolve("drain-watch.log");
            Files.deleteIfExists(watchLog);
            Process watch =
                    RunningLab.spawn(client, watchLog, "lab", "client", "--target", host, "--whoami", "--watch", "7s");
            if (!RunningLab.await(Duration.ofSeconds(30), () -> read(watchLog).contains(" " + drained))) {
                watch.destroy();
                err.println("flywall lab run: the LAN client's new connections do not leave through " + drained
                        + "; see " + watchLog);
                return Optional.empty();
            }
            Map<Integer, Flow> atDrain = flows(gw, host);
            long called = System.currentTimeMillis();
            Run drain = flywall(lab, lab.plan().gateway(), "wan", "drain", drained, "--reason", REASON);
            if (drain.exitCode() != 0) {
                watch.destroy();
                err.println("flywall lab run: flywall wan drain " + drained + " failed (exit " + drain.exitCode()
                        + "): " + drain.out().strip());
                return Optional.empty();
            }
            long drainAt = newest(lab, "drain").orElse(called);
            say(
                    out,
                    "flywall wan drain " + drained + " --reason \"" + REASON + "\": "
                            + sentence(drain.out()) + " (the daemon recorded the drain "
                            + (drainAt - called) + " ms after the command was started, a JVM)");
            watch.waitFor(30, TimeUnit.SECONDS);
            List<String> watched = new ArrayList<>();
            long firstMoved = -1;
            long afterDrain = 0;
            long afterDrainOnDrained = 0;
            for (String line : read(watchLog).lines().toList()) {
                String[] w = line.split(" ");
                if (w.length == 2 && w[0].matches("\\d{1,19}")) {
                    long t = Long.parseLong(w[0]) - drainAt;
                    watched.add(t + ":" + w[1]);
                    if (t >= 0 && firstMoved < 0 && !w[1].equals(drained) && !w[1].equals("failed")) {
                        firstMoved = t;
                    }
                    if (t >= 0) {
                        afterDrain++;
                        afterDrainOnDrained += w[1].equals(drained) ? 1 : 0;
                    }
                }
            }
            say(out, "new connections, one every 250 ms (ms after the drain:uplink): " + String.join(" ", watched));

            Map<String, Map<String, Long>> whileDrained = connections(lab, host, drained);
            say(out, "drained: " + describe(whileDrained));
            this.whileDrained.run();
            Map<Integer, Flow> atUndrain = flows(gw, host);

            Run undrain = flywall(lab, lab.plan().gateway(), "wan", "undrain", drained);
            if (undrain.exitCode() != 0) {
                err.println("flywall lab run: flywall wan undrain " + drained + " failed (exit " + undrain.exitCode()
                        + "): " + undrain.out().strip());
                return Optional.empty();
            }
            boolean back = RunningLab.await(
                    Duration.ofSeconds(10), () -> RunningLab.active(lab, group).contains(drained));
            say(
                    out,
                    "flywall wan undrain " + drained + ": "
                            + sentence(undrain.out())
                            + (back ? "; group " + group + " uses " + RunningLab.active(lab, group) : ""));
            Map<String, Map<String, Long>> afterUndrain = connections(lab, host, drained);
            say(out, "undrained: " + describe(afterUndrain));
            Thread.sleep(1000);
            Map<Integer, Flow> end = flows(gw, host);

            sessions.destroy();
            sessions.waitFor(10, TimeUnit.SECONDS);
            List<String> lines = read(sessionLog).lines().toList();
            LabClient.SessionFigures sf = LabClient.SessionFigures.of(lines, 0, Long.MAX_VALUE);
            long openedLines =
                    lines.stream().filter(l -> l.matches("\\d+ open .*")).count();
            Figures figures = new Figures(
                    group,
                    drained,
                    address.get(),
                    host,
                    SESSIONS,
                    sf.broken(),
                    Math.max(0, openedLines - SESSIONS),
                    opened.keySet().equals(atUndrain.keySet())
                            && opened.keySet().equals(end.keySet()),
                    end.values().stream().allMatch(f -> f.replyTo().equals(address.get())),
                    Phase.between(opened, atDrain),
                    Phase.between(atDrain, atUndrain),
                    Phase.between(atUndrain, end),
                    firstMoved,
                    afterDrain,
                    afterDrainOnDrained,
                    drainAt - called,
                    watched,
                    whileDrained,
                    afterUndrain,
                    opened,
                    atDrain,
                    atUndrain,
                    end);
            return Optional.of(figures);
        } finally {
            sessions.destroy();
        }
    }

    /**
     * The host the sessions and new connections go to: the last IPv4 internet host that is no policy
     * route's destination (so they take the group), else the last one.
     */
    static String host(LabPlan plan) {
        List<String> routed =
                plan.policies().stream().map(LabPlan.PolicyProbe::destination).toList();
        List<String> internet = plan.internet();
        for (int i = internet.size() - 1; i >= 0; i--) {
            if (!routed.contains(internet.get(i))) {
                return internet.get(i);
            }
        }
        return internet.get(internet.size() - 1);
    }

    /**
     * {@value #CONNECTIONS} new TCP connections from the LAN client to {@code host}:80 and
     * as many flows of each policy route bound to {@code uplink}: what each ISP received.
     */
    static Map<String, Map<String, Long>> connections(RunningLab lab, String host, String uplink) throws Exception {
        Map<String, Map<String, Long>> out = new LinkedHashMap<>();
        out.put("group " + host, count(lab, "web_syn", host, "tcp", 80, CONNECTIONS));
        List<LabPlan.PolicyProbe> probes = lab.plan().policies();
        for (int i = 0; i < probes.size(); i++) {
            LabPlan.PolicyProbe p = probes.get(i);
            if (p.uplink().equals(uplink)) {
                out.put(
                        "policy_route " + p.route() + (p.strict() ? " (strict)" : ""),
                        count(lab, "policy_" + i, p.destination(), p.protocol(), p.port(), CONNECTIONS));
            }
        }
        return out;
    }

    private static Map<String, Long> count(
            RunningLab lab, String counter, String target, String protocol, int port, int n) throws Exception {
        Lab l = new Lab();
        Map<String, Long> before = new LinkedHashMap<>();
        for (LabPlan.Isp isp : lab.plan().isps()) {
            before.put(isp.uplink(), l.counter(lab.plan().name(), isp.uplink(), counter));
        }
        flywall(
                lab,
                lab.plan().lans().get(0).namespace(),
                "lab",
                "client",
                "--target",
                target,
                protocol.equals("tcp") ? "--tcp" : "--udp",
                Integer.toString(n),
                "--port",
                Integer.toString(port));
        Map<String, Long> got = new LinkedHashMap<>();
        for (LabPlan.Isp isp : lab.plan().isps()) {
            got.put(isp.uplink(), l.counter(lab.plan().name(), isp.uplink(), counter) - before.get(isp.uplink()));
        }
        return got;
    }

    private static String describe(Map<String, Map<String, Long>> counts) {
        List<String> parts = new ArrayList<>();
        counts.forEach((what, at) -> parts.add(what + " "
                + String.join(
                        ", ",
                        at.entrySet().stream()
                                .map(e -> e.getKey() + " " + e.getValue())
                                .toList())));
        return String.join("; ", parts);
    }

    private static final Pattern CONNTRACK = Pattern.compile(
            "dst=(\\S+) sport=(\\d+) dport=7 packets=(\\d+) bytes=(\\d+) src=\\S+ dst=(\\S+) .*mark=(\\d+)");

    /** The gateway's established conntrack entries of TCP to {@code host}:7, by the client's port. */
    static Map<Integer, Flow> flows(Kernel gw, String host) throws IOException, InterruptedException {
        Kernel.Result r = gw.run("", "conntrack", "-L", "-p", "tcp", "--dport", "7", "--state", "ESTABLISHED");
        long now = System.currentTimeMillis();
        Map<Integer, Flow> out = new TreeMap<>();
        for (String line : r.out().lines().toList()) {
            Matcher m = CONNTRACK.matcher(line);
            if (m.find() && m.group(1).equals(host)) {
                out.put(
                        Integer.parseInt(m.group(2)),
                        new Flow(
                                Long.parseLong(m.group(3)),
                                Long.parseLong(m.group(4)),
                                m.group(5),
                                Long.parseLong(m.group(6)),
                                now));
            }
        }
        return out;
    }

    /** An uplink's address, as the daemon's status says it. */
    private static Optional<String> address(RunningLab lab, String uplink) throws Exception {
        Run status = flywall(lab, lab.plan().gateway(), "wan", "status", "--json");
        try {
            for (JsonNode u : new ObjectMapper().readTree(status.out()).path("uplinks")) {
                if (u.path("name").asText().equals(uplink) && u.path("address").isTextual()) {
                    return Optional.of(u.path("address").asText());
                }
            }
        } catch (IOException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    /** When the daemon recorded its newest event of {@code kind} (epoch ms). */
    private static Optional<Long> newest(RunningLab lab, String kind) throws Exception {
        try (History h = History.openReadOnly(lab.state().resolve("history.db"))) {
            return h.recent(20).stream()
                    .filter(e -> e.kind().equals(kind))
                    .map(e -> e.at().toEpochMilli())
                    .findFirst();
        }
    }

    record Run(int exitCode, String out) {}

    /** Runs flywall in one of the lab's namespaces ({@code wan} commands get the lab's state directory). */
    static Run flywall(RunningLab lab, String namespace, String... args) throws IOException, InterruptedException {
        List<String> all = new ArrayList<>(List.of(args));
        if (args[0].equals("wan")) {
            all.add("--state-dir");
            all.add(lab.state().toString());
        }
        Path log = Files.createTempFile(lab.dir(), "drain", ".log");
        try {
            Process p = RunningLab.spawn(namespace, log, all.toArray(String[]::new));
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return new Run(-1, "no answer within 60s");
            }
            return new Run(p.exitValue(), Files.readString(log));
        } finally {
            Files.deleteIfExists(log);
        }
    }

    /** A command's answer on one line, without its closing full stop. */
    private static String sentence(String answer) {
        return answer.strip().replace("\n", "; ").replaceAll("\\.$", "");
    }

    private static void say(PrintWriter out, String text) {
        out.println(LabReport.clock(System.currentTimeMillis()) + "  " + text);
        out.flush();
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            return "";
        }
    }
}
