package dev.flywall.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flywall.runtime.lab.Lab;
import dev.flywall.testing.NeedsRoot;
import dev.flywall.testing.NeedsTools;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import picocli.CommandLine;

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

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Lab labs = new Lab();
    private RunningLab lab;

    /** Builds the lab as {@code flywall lab up} does, keeping its plan (the drain scenario plays on it). */
    @BeforeAll
    void up() throws Exception {
        StringWriter out = new StringWriter();
        CommandLine up = new CommandLine(new LabUpCommand());
        up.setOut(new PrintWriter(out, true));
        up.setErr(new PrintWriter(out, true));
        lab = RunningLab.start(
                        NAME, List.of(LabTests.CONFIGS.resolve("drain.hcl").toString()), Map.of(), up.getCommandSpec())
                .orElseThrow(() -> new AssertionError(out));
        assertThat(RunningLab.await(Duration.ofSeconds(30), () -> RunningLab.allUp(lab)))
                .as("every uplink up")
                .isTrue();
        assertThat(RunningLab.await(Duration.ofSeconds(15), () -> active().equals("eth0")))
                .as("group default on eth0")
                .isTrue();
    }

    @AfterAll
    void down() throws Exception {
        labs.down(NAME);
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
     * Drain moves everything new and nothing established, played by the drain scenario
     * ({@link LabDrainScenario}) with checks and a restart of the daemon while drained:
     * {@value LabDrainScenario#SESSIONS} sessions opened through eth0 before the drain keep their
     * conntrack entries (same ports, eth0's address) and keep exchanging data through the drain, the
     * restart and the undrain, with no reset; {@value LabDrainScenario#CONNECTIONS} new connections
     * to the group's host and as many of the route bound to eth0 all reach eth1's ISP, so do those
     * of the route bound to the group; the drain is in the status and the history and survives the
     * restart; undrain brings new connections back to eth0 at once.
     */
    @Test
    @Order(2)
    void drainMovesEveryNewConnectionAndKeepsTheEstablishedOnes() throws Exception {
        PrintWriter out = new PrintWriter(System.out, true);
        StringWriter err = new StringWriter();
        LabDrainScenario scenario = new LabDrainScenario(() -> {
            JsonNode eth0 = uplink(status(), "eth0");
            assertThat(eth0.path("drained").asBoolean()).as("status: %s", eth0).isTrue();
            assertThat(eth0.path("usable").asBoolean(true))
                    .as("status: %s", eth0)
                    .isFalse();
            assertThat(eth0.path("drain_reason").asText()).contains(LabDrainScenario.REASON);
            assertThat(active()).isEqualTo("eth1");
            expect("drained", 20, Map.of(BULK, "eth1"));

            // a restart of the daemon (SIGTERM, as systemd stops it) keeps the drain
            restartDaemon();
            assertThat(RunningLab.await(
                            Duration.ofSeconds(30),
                            () -> quietly(() ->
                                    uplink(status(), "eth0").path("drained").asBoolean())))
                    .as("drained after the restart")
                    .isTrue();
            expect("drained, after a restart of the daemon", 20, Map.of(GROUP, "eth1", OFFICE, "eth1", BULK, "eth1"));
        });
        LabDrainScenario.Figures f =
                scenario.measure(lab, out, new PrintWriter(err)).orElseThrow(() -> new AssertionError(err));

        assertThat(f.drained()).isEqualTo("eth0");
        assertThat(f.host()).isEqualTo(GROUP);
        // the sessions: the same entries from before the drain to the end, through eth0, exchanging data all along
        assertThat(f.opened()).as("the sessions' conntrack entries").hasSize(LabDrainScenario.SESSIONS);
        assertThat(f.opened().values())
                .allSatisfy(flow ->
                        assertThat(flow.replyTo()).as("opened through eth0").isEqualTo(f.drainedAddress()));
        assertThat(f.broken()).as("sessions reset or timed out").isEmpty();
        assertThat(f.reopened()).as("sessions opened again").isZero();
        assertThat(f.sameEntries())
                .as("no conntrack flush: %s, %s", f.opened().keySet(), f.end().keySet())
                .isTrue();
        assertThat(f.stayedOnDrained()).as("the sessions stayed on eth0").isTrue();
        for (Integer port : f.opened().keySet()) {
            assertThat(f.atUndrain().get(port).packets())
                    .as("session from port %d exchanged data during the drain", port)
                    .isGreaterThan(f.atDrain().get(port).packets());
            assertThat(f.end().get(port).packets())
                    .as("session from port %d after the undrain", port)
                    .isGreaterThan(f.atUndrain().get(port).packets());
        }
        // new connections: moved at once, all of them
        assertThat(f.firstMovedMs()).as("first on eth1: %s", f.watched()).isBetween(0L, 1_000L);
        assertThat(f.watched().stream()
                        .map(w -> w.split(":"))
                        .filter(w -> Long.parseLong(w[0]) >= 500)
                        .allMatch(w -> w[1].equals("eth1")))
                .as("every connection opened 500 ms after the drain leaves through eth1: %s", f.watched())
                .isTrue();
        int n = LabDrainScenario.CONNECTIONS;
        assertThat(f.drainedConnections()).containsOnlyKeys("group " + GROUP, "policy_route office");
        f.drainedConnections().forEach((what, at) -> {
            assertThat(at.get("eth0")).as("drained: %s via eth0", what).isZero();
            assertThat(at.get("eth1")).as("drained: %s via eth1", what).isBetween((long) n, n + 2L);
        });
        f.undrainedConnections().forEach((what, at) -> {
            assertThat(at.get("eth0")).as("undrained: %s via eth0", what).isBetween((long) n, n + 2L);
            assertThat(at.get("eth1")).as("undrained: %s via eth1", what).isZero();
        });
        assertThat(active()).isEqualTo("eth0");
        expect("undrained", 20, Map.of(BULK, "eth0"));

        // the history: drain and undrain of eth0, the drain with its reason, across the restart
        JsonNode history = history();
        List<String> kinds = StreamSupport.stream(history.path("events").spliterator(), false)
                .filter(ev -> "eth0".equals(ev.path("from").asText()))
                .map(ev -> ev.path("kind").asText())
                .toList();
        assertThat(kinds).as("history of eth0, newest first").containsSubsequence("undrain", "drain");
        assertThat(StreamSupport.stream(history.path("events").spliterator(), false)
                        .filter(ev -> ev.path("kind").asText().equals("drain"))
                        .map(ev -> ev.path("reason").asText()))
                .containsExactly("drained by the operator: " + LabDrainScenario.REASON);

        System.out.printf(
                "drain figures: sessions kept %d of %d (%d reset, %d opened again, the same conntrack entries"
                        + " throughout); LAN->internet traffic of the sessions before the drain %s, during it %s (a"
                        + " daemon restart inside), after the undrain %s; new connections while drained (SYNs at each"
                        + " ISP) %s, after the undrain %s; watcher connections opened after the drain event %d, %d of"
                        + " them through eth0, the first on eth1 %d ms after the event (a new one every 250 ms; the drain"
                        + " command took %d ms from its launch, a JVM start, to the event)%n",
                f.kept(),
                f.sessions(),
                f.broken().size(),
                f.reopened(),
                f.before(),
                f.during(),
                f.after(),
                f.drainedConnections(),
                f.undrainedConnections(),
                f.afterDrain(),
                f.afterDrainOnDrained(),
                f.firstMovedMs(),
                f.commandMs());
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
            if (!expected.containsKey(target)) {
                continue;
            }
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
        long eth0 = labs.counter(NAME, "eth0", "web_syn");
        long eth1 = labs.counter(NAME, "eth1", "web_syn");
        assertThat(flywall(CLIENT, "lab", "client", "--target", target, "--tcp", String.valueOf(n))
                        .out())
                .contains("connected " + n + " of " + n);
        Map<String, Long> out = new LinkedHashMap<>();
        out.put("eth0", labs.counter(NAME, "eth0", "web_syn") - eth0);
        out.put("eth1", labs.counter(NAME, "eth1", "web_syn") - eth1);
        return out;
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
}
