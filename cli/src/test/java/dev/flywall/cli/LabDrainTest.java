package dev.flywall.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flywall.runtime.apply.Kernel;
import dev.flywall.runtime.lab.Lab;
import dev.flywall.runtime.lab.LabClient;
import dev.flywall.testing.NeedsRoot;
import dev.flywall.testing.NeedsTools;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Pin against drain, proven where the packets arrive (issue 18), in one lab of
 * {@code lab/drain.hcl}: the default group prefers eth0; the policy route "office" (tcp to
 * {@value #OFFICE}) is bound to the interface eth0, "bulk" (tcp to {@value #BULK}) to the group;
 * {@value #GROUP} has no route. Each ISP counts the SYNs it receives on port 80, so "leaves
 * through eth1" means eth1's ISP saw the connection. Pinning the group moves the group and the
 * route bound to it, never the route bound to eth0; draining eth0 moves every new connection
 * while the sessions opened before keep their conntrack entries (the gateway counts their bytes)
 * and keep echoing; the drain survives a restart of the daemon. Needs root and the lab's tools;
 * skipped with the reason printed otherwise.
 */
@NeedsRoot
@NeedsTools({"nft", "ip", "conntrack", "sysctl", "dnsmasq", "dhclient"})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LabDrainTest {

    static final String NAME = "fwdr" + ProcessHandle.current().pid() % 10000;
    static final String CLIENT = NAME + "-lan-lan0";
    static final String GATEWAY = NAME + "-gw";
    /** No policy route: the default group. */
    static final String GROUP = "203.0.113.202";
    /** "office": bound to the interface eth0. */
    static final String OFFICE = "203.0.113.203";
    /** "bulk": bound to the group. */
    static final String BULK = "203.0.113.201";
    /** The sessions held open across the drain. */
    static final int SESSIONS = 8;
    /** New connections per destination while drained. */
    static final int NEW = 40;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Lab lab = new Lab();

    @BeforeAll
    void up() throws Exception {
        LabTests.up(NAME, "drain.hcl");
        assertThat(RunningLab.await(Duration.ofSeconds(15), () -> active().equals("eth0")))
                .as("group default on eth0")
                .isTrue();
    }

    @AfterAll
    void down() throws Exception {
        lab.down(NAME);
    }

    /**
     * Pin is about the group: pinned to eth1, the group's new connections and those of the route
     * bound to the group leave through eth1, the route bound to eth0 keeps eth0; unpin restores.
     */
    @Test
    @Order(1)
    void pinMovesTheGroupAndItsRoutesButNotARouteBoundToTheInterface() throws Exception {
        expect("before the pin", 20, Map.of(GROUP, "eth0", OFFICE, "eth0", BULK, "eth0"));

        assertThat(flywall(GATEWAY, "wan", "pin", "eth1", "--state-dir", state())
                        .out())
                .contains("Pinned group default to eth1.");
        assertThat(RunningLab.await(Duration.ofSeconds(5), () -> active().equals("eth1")))
                .as("pinned: active eth1")
                .isTrue();
        expect("pinned to eth1", 20, Map.of(GROUP, "eth1", OFFICE, "eth0", BULK, "eth1"));

        assertThat(flywall(GATEWAY, "wan", "unpin", "--state-dir", state()).out())
                .contains("Unpinned group default.");
        assertThat(RunningLab.await(Duration.ofSeconds(5), () -> active().equals("eth0")))
                .as("unpinned: active eth0")
                .isTrue();
        expect("unpinned", 20, Map.of(GROUP, "eth0", OFFICE, "eth0", BULK, "eth0"));
    }

    /**
     * Drain moves everything new and nothing established: {@value #SESSIONS} sessions opened through
     * eth0 before the drain keep their conntrack entries (same ports, same mark, eth0's address)
     * and keep exchanging data through the drain and a restart of the daemon, with no reset;
     * {@value #NEW} new connections to each destination, the route bound to eth0 included, all
     * reach eth1's ISP; the drain is in the status and the history, survives the restart, and
     * undrain brings new connections back to eth0.
     */
    @Test
    @Order(2)
    void drainMovesEveryNewConnectionAndKeepsTheEstablishedOnes() throws Exception {
        Kernel gw = new Kernel(Optional.of(GATEWAY));
        String eth0 = address(gw, "eth0");
        // byte counters on the gateway's conntrack entries, from the sessions' first packet on
        assertThat(gw.run("", "sysctl", "-w", "net.netfilter.nf_conntrack_acct=1")
                        .ok())
                .isTrue();
        Path sessionLog = Lab.dir(NAME).resolve("drain-sessions.log");
        Process sessions = RunningLab.spawn(
                CLIENT, sessionLog, "lab", "client", "--target", GROUP, "--sessions", String.valueOf(SESSIONS));
        try {
            assertThat(RunningLab.await(
                            Duration.ofSeconds(20),
                            () -> read(sessionLog).contains("echoing " + SESSIONS + " of " + SESSIONS)))
                    .as(read(sessionLog))
                    .isTrue();
            Map<Integer, Flow> opened = flows(gw);
            assertThat(opened).as("the sessions' conntrack entries").hasSize(SESSIONS);
            assertThat(opened.values())
                    .allSatisfy(f -> assertThat(f.replyTo()).as("through eth0").isEqualTo(eth0));
            Thread.sleep(2000);

            // the drain, while a LAN client opens a new connection every 250 ms
            Path watchLog = Lab.dir(NAME).resolve("drain-watch.log");
            Process watch = watch(watchLog, Duration.ofSeconds(10));
            assertThat(RunningLab.await(
                            Duration.ofSeconds(20), () -> read(watchLog).contains(" eth0")))
                    .as("the watcher runs: %s", read(watchLog))
                    .isTrue();
            Map<Integer, Flow> atDrain = flows(gw);
            long called = System.currentTimeMillis();
            Run drained = flywall(GATEWAY, "wan", "drain", "eth0", "--reason", "ISP works", "--state-dir", state());
            assertThat(drained.exitCode()).as(drained.out()).isZero();
            assertThat(drained.out()).contains("eth0");
            long drainAt = eventAt("drain");
            assertThat(watch.waitFor(30, TimeUnit.SECONDS)).isTrue();
            List<long[]> seen = watched(watchLog); // {ms after the drain event, 1 when eth1 answered}
            String shown = show(seen, drainAt);
            long firstMoved = seen.stream()
                    .filter(o -> o[0] >= drainAt && o[1] == 1)
                    .mapToLong(o -> o[0] - drainAt)
                    .min()
                    .orElse(-1);
            assertThat(firstMoved)
                    .as("a new connection on eth1 after the drain: %s", shown)
                    .isBetween(0L, 1_000L);
            assertThat(seen.stream().filter(o -> o[0] >= drainAt + 500).allMatch(o -> o[1] == 1))
                    .as("every connection opened 500 ms after the drain leaves through eth1: %s", shown)
                    .isTrue();

            Map<String, Map<String, Long>> moved =
                    expect("eth0 drained", NEW, Map.of(GROUP, "eth1", OFFICE, "eth1", BULK, "eth1"));
            JsonNode status = status();
            JsonNode uplink = uplink(status, "eth0");
            assertThat(uplink.path("drained").asBoolean())
                    .as("status: %s", uplink)
                    .isTrue();
            assertThat(uplink.path("usable").asBoolean(true))
                    .as("status: %s", uplink)
                    .isFalse();
            assertThat(uplink.path("drain_reason").asText()).contains("ISP works");
            assertThat(active()).isEqualTo("eth1");
            Map<Integer, Flow> drainedFlows = flows(gw);
            assertThat(drainedFlows.keySet()).as("no conntrack flush").isEqualTo(opened.keySet());

            // a restart of the daemon (SIGTERM, as systemd stops it) keeps the drain
            restartDaemon();
            assertThat(RunningLab.await(
                            Duration.ofSeconds(30),
                            () -> quietly(() ->
                                    uplink(status(), "eth0").path("drained").asBoolean())))
                    .as("drained after the restart")
                    .isTrue();
            expect("drained, after a restart of the daemon", 20, Map.of(GROUP, "eth1", OFFICE, "eth1", BULK, "eth1"));
            assertThat(flows(gw).keySet()).as("the sessions across the restart").isEqualTo(opened.keySet());

            Map<Integer, Flow> atUndrain = flows(gw);
            Run undrained = flywall(GATEWAY, "wan", "undrain", "eth0", "--state-dir", state());
            assertThat(undrained.exitCode()).as(undrained.out()).isZero();
            assertThat(RunningLab.await(Duration.ofSeconds(5), () -> active().equals("eth0")))
                    .as("undrained: the group returns to eth0 at once")
                    .isTrue();
            Map<String, Map<String, Long>> back =
                    expect("eth0 undrained", NEW, Map.of(GROUP, "eth0", OFFICE, "eth0", BULK, "eth0"));
            Thread.sleep(2000);
            Map<Integer, Flow> end = flows(gw);

            // the sessions: the same entries from before the drain to the end, exchanging data all along
            assertThat(end.keySet()).as("the same sessions").isEqualTo(opened.keySet());
            assertThat(end.values()).allSatisfy(f -> assertThat(f.replyTo()).isEqualTo(eth0));
            List<String> lines = read(sessionLog).lines().toList();
            LabClient.SessionFigures figures = LabClient.SessionFigures.of(lines, 0, Long.MAX_VALUE);
            assertThat(figures.broken())
                    .as("sessions reset or timed out: %s", lines)
                    .isEmpty();
            assertThat(lines.stream().filter(l -> l.matches("\\d+ open .*")).count())
                    .as("no session opened again")
                    .isEqualTo(SESSIONS);
            long[] before = Flow.delta(opened, atDrain);
            long[] during = Flow.delta(atDrain, atUndrain);
            long[] after = Flow.delta(atUndrain, end);
            for (Map.Entry<Integer, Flow> e : atUndrain.entrySet()) {
                assertThat(e.getValue().origBytes())
                        .as("session on port %d exchanged data during the drain", e.getKey())
                        .isGreaterThan(atDrain.get(e.getKey()).origBytes());
                assertThat(end.get(e.getKey()).origBytes())
                        .as("session on port %d after the undrain", e.getKey())
                        .isGreaterThan(e.getValue().origBytes());
            }

            JsonNode history = history();
            List<String> kinds = StreamSupport.stream(history.path("events").spliterator(), false)
                    .filter(ev -> "eth0".equals(ev.path("from").asText()))
                    .map(ev -> ev.path("kind").asText())
                    .toList();
            assertThat(kinds).as("history of eth0, newest first").containsSubsequence("undrain", "drain");
            assertThat(StreamSupport.stream(history.path("events").spliterator(), false)
                            .filter(ev -> ev.path("kind").asText().equals("drain"))
                            .map(ev -> ev.path("reason").asText()))
                    .containsExactly("drained by the operator: ISP works");

            System.out.printf(
                    "drain figures: sessions kept %d of %d (resets 0, reconnects 0);"
                            + " LAN->internet packets/bytes of the sessions before %d/%d (%.1f s), during the drain"
                            + " %d/%d (%.1f s, a daemon restart inside), after the undrain %d/%d (%.1f s);"
                            + " new connections while drained (SYNs at each ISP) %s; after the undrain %s;"
                            + " first new connection on eth1 %d ms after the drain event (a new one every 250 ms;"
                            + " the drain command took %d ms from its launch, a JVM start, to the event)%n",
                    SESSIONS - figures.broken().size(),
                    SESSIONS,
                    before[0],
                    before[1],
                    (atDrain.values().iterator().next().at()
                                    - opened.values().iterator().next().at())
                            / 1e3,
                    during[0],
                    during[1],
                    (atUndrain.values().iterator().next().at()
                                    - atDrain.values().iterator().next().at())
                            / 1e3,
                    after[0],
                    after[1],
                    (end.values().iterator().next().at()
                                    - atUndrain.values().iterator().next().at())
                            / 1e3,
                    moved,
                    back,
                    firstMoved,
                    drainAt - called);
            System.out.println("after the drain, new connections (ms after the drain event:uplink): " + shown);
        } finally {
            sessions.destroy();
            sessions.waitFor(10, TimeUnit.SECONDS);
        }
    }

    // ---- where connections leave

    /**
     * Opens {@code n} new connections to each destination and checks that each ISP saw them where
     * {@code expected} says (a SYN can be retransmitted: up to 2 more); returns the SYNs each ISP
     * counted per destination, and prints them.
     */
    private Map<String, Map<String, Long>> expect(String when, int n, Map<String, String> expected) throws Exception {
        Map<String, Map<String, Long>> seen = new LinkedHashMap<>();
        for (String target : List.of(GROUP, BULK, OFFICE)) {
            Map<String, Long> syns = connections(target, n);
            seen.put(label(target), syns);
            String to = expected.get(target);
            String other = to.equals("eth0") ? "eth1" : "eth0";
            assertThat(syns.get(to))
                    .as("%s: %s via %s: %s", when, target, to, syns)
                    .isBetween((long) n, n + 2L);
            assertThat(syns.get(other))
                    .as("%s: %s never via %s: %s", when, target, other, syns)
                    .isZero();
        }
        System.out.println(when + ", " + n + " new connections to each destination, SYNs at each ISP: " + seen);
        return seen;
    }

    /** A destination as the figures name it: which route it takes. */
    static String label(String target) {
        return switch (target) {
            case GROUP -> "group";
            case OFFICE -> "office(eth0)";
            case BULK -> "bulk(group)";
            default -> target;
        };
    }

    /** {@code n} new TCP connections from the LAN client to {@code target}:80; the SYNs each ISP received. */
    private Map<String, Long> connections(String target, int n) throws Exception {
        long eth0 = lab.counter(NAME, "eth0", "web_syn");
        long eth1 = lab.counter(NAME, "eth1", "web_syn");
        assertThat(flywall(CLIENT, "lab", "client", "--target", target, "--tcp", String.valueOf(n))
                        .out())
                .contains("connected " + n + " of " + n);
        Map<String, Long> out = new LinkedHashMap<>();
        out.put("eth0", lab.counter(NAME, "eth0", "web_syn") - eth0);
        out.put("eth1", lab.counter(NAME, "eth1", "web_syn") - eth1);
        return out;
    }

    /** A new connection every 250 ms from the LAN client to {@link #GROUP}, for {@code duration}. */
    private static Process watch(Path log, Duration duration) throws IOException {
        return RunningLab.spawn(
                CLIENT, log, "lab", "client", "--target", GROUP, "--whoami", "--watch", duration.toMillis() + "ms");
    }

    /** The watcher's lines: {epoch ms the connection was opened, 1 when eth1 answered}. */
    private static List<long[]> watched(Path log) {
        List<long[]> out = new ArrayList<>();
        for (String line : read(log).lines().toList()) {
            String[] w = line.split(" ");
            if (w.length == 2 && w[0].matches("\\d+")) {
                out.add(new long[] {Long.parseLong(w[0]), w[1].equals("eth1") ? 1 : 0});
            }
        }
        return out;
    }

    private static String show(List<long[]> seen, long from) {
        return seen.stream()
                .map(o -> (o[0] - from) + (o[1] == 1 ? ":eth1" : ":eth0"))
                .toList()
                .toString();
    }

    // ---- the sessions, as the gateway's conntrack counts them

    /**
     * A session's conntrack entry: its counters in the LAN → internet direction, the address its
     * replies come to (the masquerade's: says the uplink), its mark, and when it was read.
     */
    record Flow(long origPackets, long origBytes, String replyTo, long mark, long at) {

        /** {packets, bytes} summed over the sessions between two readings. */
        static long[] delta(Map<Integer, Flow> from, Map<Integer, Flow> to) {
            long packets = 0;
            long bytes = 0;
            for (Map.Entry<Integer, Flow> e : to.entrySet()) {
                Flow f = from.get(e.getKey());
                packets += e.getValue().origPackets() - (f == null ? 0 : f.origPackets());
                bytes += e.getValue().origBytes() - (f == null ? 0 : f.origBytes());
            }
            return new long[] {packets, bytes};
        }
    }

    private static final Pattern CONNTRACK = Pattern.compile("src=\\S+ dst=" + Pattern.quote(GROUP)
            + " sport=(\\d+) dport=7 packets=(\\d+) bytes=(\\d+) src=\\S+ dst=(\\S+) .*mark=(\\d+)");

    /** The gateway's conntrack entries of the sessions (TCP to the echo port), by the client's port. */
    private static Map<Integer, Flow> flows(Kernel gw) throws Exception {
        Kernel.Result r = gw.run("", "conntrack", "-L", "-p", "tcp", "--dport", "7", "--state", "ESTABLISHED");
        assertThat(r.ok()).as(r.err()).isTrue();
        long now = System.currentTimeMillis();
        Map<Integer, Flow> out = new TreeMap<>();
        for (String line : r.out().lines().toList()) {
            Matcher m = CONNTRACK.matcher(line);
            if (m.find()) {
                out.put(
                        Integer.parseInt(m.group(1)),
                        new Flow(
                                Long.parseLong(m.group(2)),
                                Long.parseLong(m.group(3)),
                                m.group(4),
                                Long.parseLong(m.group(5)),
                                now));
            }
        }
        return out;
    }

    private static String address(Kernel gw, String device) throws Exception {
        Kernel.Result r = gw.run("", "ip", "-4", "-o", "addr", "show", "dev", device);
        Matcher m = Pattern.compile("inet (\\S+)/").matcher(r.out());
        assertThat(m.find()).as(r.out()).isTrue();
        return m.group(1);
    }

    // ---- the daemon

    private static String state() {
        return Lab.dir(NAME).resolve("state").toString();
    }

    private static String active() {
        return RunningLab.active(LabTests.built(NAME), "default");
    }

    private static JsonNode status() throws Exception {
        return JSON.readTree(flywall(GATEWAY, "wan", "status", "--json", "--state-dir", state())
                .out());
    }

    private static JsonNode history() throws Exception {
        return JSON.readTree(flywall(GATEWAY, "wan", "history", "--json", "--state-dir", state())
                .out());
    }

    private static JsonNode uplink(JsonNode status, String name) {
        for (JsonNode u : status.path("uplinks")) {
            if (u.path("name").asText().equals(name)) {
                return u;
            }
        }
        throw new AssertionError("no uplink " + name + " in " + status);
    }

    /** When the daemon recorded the newest event of {@code kind} (epoch ms). */
    private static long eventAt(String kind) throws Exception {
        for (JsonNode ev : history().path("events")) {
            if (ev.path("kind").asText().equals(kind)) {
                return Instant.parse(ev.path("at").asText()).toEpochMilli();
            }
        }
        throw new AssertionError("no " + kind + " event in the history");
    }

    /** Stops the lab's daemon with SIGTERM and starts it again on the same state directory. */
    private static void restartDaemon() throws Exception {
        Path pidFile = Lab.dir(NAME).resolve("pids");
        List<String> pids = Files.readAllLines(pidFile);
        long daemon = Long.parseLong(pids.get(pids.size() - 1).strip());
        ProcessHandle.of(daemon).orElseThrow().destroy();
        assertThat(RunningLab.await(
                        Duration.ofSeconds(20), () -> ProcessHandle.of(daemon).isEmpty()))
                .as("the daemon stopped")
                .isTrue();
        Process again =
                RunningLab.spawn(GATEWAY, Lab.dir(NAME).resolve("daemon-restarted.log"), "run", "--state-dir", state());
        Files.writeString(pidFile, String.join("\n", pids) + "\n" + again.pid() + "\n");
    }

    // ---- running flywall

    record Run(int exitCode, String out) {}

    /** Runs flywall inside a namespace of the lab, waits for it: its exit code and what it printed. */
    private static Run flywall(String namespace, String... args) throws Exception {
        Path log = Files.createTempFile(Lab.dir(NAME), "run", ".log");
        Process p = RunningLab.spawn(namespace, log, args);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Run(p.exitValue(), Files.readString(log));
    }

    private static boolean quietly(java.util.concurrent.Callable<Boolean> call) {
        try {
            return call.call();
        } catch (Exception | AssertionError e) {
            return false;
        }
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            return "";
        }
    }
}
