package dev.flywall.runtime.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flywall.Compiler;
import dev.flywall.bundle.BundleJson;
import dev.flywall.bundle.WatchdogFile;
import dev.flywall.runtime.apply.Kernel;
import dev.flywall.runtime.apply.StateDir;
import dev.flywall.runtime.engine.StateMachine;
import dev.flywall.runtime.engine.Status;
import dev.flywall.runtime.history.History;
import dev.flywall.source.SourceFile;
import dev.flywall.testing.NeedsRoot;
import dev.flywall.testing.NeedsTools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two daemons as the two nodes of an HA pair, each in its network namespace, joined by a LAN (eth2
 * on a bridge in a third namespace, the virtual address 192.168.1.1) and a sync link (eth3, a veth
 * pair): real keepalived and
 * conntrackd under the daemons. The preferred node becomes master and holds the address; a
 * connection in its kernel reaches the backup's conntrackd; when the master's LAN link goes down
 * it enters fault, the backup becomes master and its commit puts the synced connection into its
 * kernel table, except the one whose uplink is down on it; the preferred node takes the address
 * back when its link returns (preempt), and a stopped master hands over at once. Needs root and
 * the tools; skipped with the reason printed otherwise.
 */
@NeedsRoot
@NeedsTools({"nft", "ip", "conntrack", "keepalived", "conntrackd"})
class DaemonHaTest {

    static final String CONFIG = """
            interface "eth0" {
              zone    = "WAN"
              address = "%s/29"
              gateway = "198.51.100.1"
              wan { priority = 1 }
            }
            interface "eth1" {
              zone    = "WAN"
              address = "%s/29"
              gateway = "192.0.2.1"
              wan { priority = 2 }
            }
            interface "eth2" {
              zone    = "LAN"
              address = "%s/24"
            }
            uplink_group "default" {
              member "eth0" {
                health_check {
                  targets        = ["203.0.113.1"]
                  interval       = "100ms"
                  timeout        = "50ms"
                  threshold_down = 2
                  threshold_up   = 2
                }
              }
              member "eth1" {
                health_check {
                  targets        = ["203.0.113.2"]
                  interval       = "100ms"
                  timeout        = "50ms"
                  threshold_down = 2
                  threshold_up   = 2
                }
              }
            }
            """;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration ROLE_WITHIN = Duration.ofSeconds(20);

    @TempDir
    Path stateA;

    @TempDir
    Path stateB;

    private final String tag = "fwha" + ProcessHandle.current().pid() % 10000 + "-" + System.nanoTime() % 1000;
    private final Kernel host = new Kernel(Optional.empty());
    private Node a;
    private Node b;

    /** One node: its namespace, state directory, what its daemon logged and sent. */
    private final class Node {
        final String ns;
        final Kernel kernel;
        final Path state;
        final List<History.Event> sent = new CopyOnWriteArrayList<>();
        final List<String> logged = new CopyOnWriteArrayList<>();
        final Compiler.Artifacts compiled;
        final WatchdogFile.Ha ha;
        final WatchdogFile watchdog;
        final Daemon.Prober prober;
        Daemon daemon;

        Node(String name, Path state, int priority, int self, int peer, String downUplink) throws Exception {
            this.ns = tag + "-" + name;
            this.kernel = new Kernel(Optional.of(ns));
            this.state = state;
            host.run("", "ip", "netns", "add", ns);
            Compiler.Artifacts bundle = Compiler.compile(
                            List.of(new SourceFile(
                                    "node.hcl",
                                    CONFIG.formatted("198.51.100." + self, "192.0.2." + self, "192.168.1." + self))),
                            Map.of())
                    .artifacts()
                    .orElseThrow();
            this.compiled = bundle;
            this.ha = new WatchdogFile.Ha(
                    priority,
                    51,
                    200,
                    true,
                    0,
                    "eth3",
                    "10.99.0." + (self - 1),
                    "10.99.0." + (peer - 1),
                    3780,
                    List.of(new WatchdogFile.VirtualAddresses("eth2", List.of("192.168.1.1/24"))));
            this.watchdog = install(ha);
            assertThat(kernel.run(bundle.rulesetNft(), "nft", "-f", "-").ok()).isTrue();
            this.prober = (uplink, source, check) -> {
                Thread.sleep(5);
                return check.probeTargets().stream()
                        .map(t -> uplink.name().equals(downUplink)
                                ? StateMachine.Sample.lost(t, "no answer")
                                : StateMachine.Sample.ok(t, Duration.ofMillis(3)))
                        .toList();
            };
        }

        /** Installs the compiled bundle with {@code ha} (null: none) in watchdog.json. */
        WatchdogFile install(WatchdogFile.Ha with) throws Exception {
            WatchdogFile w = BundleJson.watchdog(compiled.watchdogJson());
            WatchdogFile next = new WatchdogFile(
                    w.schemaVersion(),
                    w.configHash(),
                    w.nft(),
                    w.uplinks(),
                    w.groups(),
                    w.policyRoutes(),
                    w.notifications(),
                    w.api(),
                    w.runtime(),
                    w.interfaces(),
                    with);
            Map<String, String> files = new HashMap<>(compiled.files());
            files.put("watchdog.json", BundleJson.write(next));
            StateDir.open(state).install(files);
            return next;
        }

        void start() throws Exception {
            daemon = new Daemon(
                    state,
                    kernel,
                    prober,
                    (config, secrets) -> new Daemon.EventSink() {
                        @Override
                        public void accept(History.Event e) {
                            sent.add(e);
                        }

                        @Override
                        public void close() {}
                    },
                    Clock.systemUTC(),
                    logged::add);
            daemon.start();
        }

        String role() {
            Status s = daemon.status();
            return s == null ? "" : s.ha().map(Status.HaStatus::role).orElse("");
        }

        Optional<History.Event> last(String kind) {
            List<History.Event> of =
                    sent.stream().filter(e -> e.kind().equals(kind)).toList();
            return of.isEmpty() ? Optional.empty() : Optional.of(of.get(of.size() - 1));
        }

        long count(String kind) {
            return sent.stream().filter(e -> e.kind().equals(kind)).count();
        }

        String run(String... command) throws Exception {
            return kernel.run("", command).out();
        }

        String conntrackd(String option) throws Exception {
            Kernel.Result r = kernel.run(
                    "",
                    "conntrackd",
                    "-C",
                    state.resolve("run/ha/conntrackd.conf").toString(),
                    option);
            return r.out() + r.err();
        }

        String mark(String uplink) {
            return watchdog.uplinks().stream()
                    .filter(u -> u.name().equals(uplink))
                    .findFirst()
                    .orElseThrow()
                    .mark();
        }
    }

    @BeforeEach
    void pair() throws Exception {
        a = new Node("a", stateA, 200, 2, 3, "none");
        b = new Node("b", stateB, 100, 3, 2, "eth1");
        // the sync link is a veth pair; the LAN a bridge, so one node's link can go alone
        host.run("", "ip", "link", "add", "eth3", "netns", a.ns, "type", "veth", "peer", "name", "eth3", "netns", b.ns);
        String sw = tag + "-sw";
        host.run("", "ip", "netns", "add", sw);
        Kernel lan = new Kernel(Optional.of(sw));
        lan.run("", "ip", "link", "add", "br0", "type", "bridge");
        for (Node n : List.of(a, b)) {
            String port = n == a ? "pa" : "pb";
            host.run("", "ip", "link", "add", "eth2", "netns", n.ns, "type", "veth", "peer", "name", port, "netns", sw);
            lan.run("", "ip", "link", "set", port, "master", "br0");
            lan.run("", "ip", "link", "set", port, "up");
        }
        lan.run("", "ip", "link", "set", "br0", "up");
        for (Node n : List.of(a, b)) {
            int self = n == a ? 2 : 3;
            n.run("ip", "link", "set", "lo", "up");
            for (String wan : List.of("eth0", "eth1")) {
                n.run("ip", "link", "add", wan, "type", "veth", "peer", "name", "p" + wan);
                n.run("ip", "link", "set", "p" + wan, "up");
            }
            n.run("ip", "addr", "add", "198.51.100." + self + "/29", "dev", "eth0");
            n.run("ip", "addr", "add", "192.0.2." + self + "/29", "dev", "eth1");
            n.run("ip", "addr", "add", "192.168.1." + self + "/24", "dev", "eth2");
            n.run("ip", "addr", "add", "10.99.0." + (self - 1) + "/30", "dev", "eth3");
            for (String dev : List.of("eth0", "eth1", "eth2", "eth3")) {
                n.run("ip", "link", "set", dev, "up");
            }
        }
    }

    @AfterEach
    void cleanUp() throws Exception {
        for (Node n : List.of(a, b)) {
            if (n != null && n.daemon != null) {
                n.daemon.close();
            }
        }
        for (String n : List.of("a", "b", "sw")) {
            host.run("", "ip", "netns", "del", tag + "-" + n);
        }
        // a closed daemon leaves no keepalived or conntrackd behind (ended here so they do not pile up)
        List<ProcessHandle> left = ProcessHandle.allProcesses()
                .filter(p -> p.info()
                        .arguments()
                        .map(args -> String.join(" ", args))
                        .filter(args -> args.contains(stateA.toString()) || args.contains(stateB.toString()))
                        .isPresent())
                .toList();
        left.forEach(ProcessHandle::destroy);
        assertThat(left).as("processes left running by the closed daemons").isEmpty();
    }

    @Test
    void thePreferredNodeIsMasterAndTheBackupTakesOverWithTheSyncedConnections() throws Exception {
        a.start();
        b.start();
        await("a master, b backup", () -> a.role().equals("master") && b.role().equals("backup"));
        assertThat(a.run("ip", "-4", "-o", "addr", "show", "dev", "eth2")).contains("192.168.1.1/24");
        assertThat(b.run("ip", "-4", "-o", "addr", "show", "dev", "eth2")).doesNotContain("192.168.1.1/24");
        JsonNode master = details(a.last("ha_master").orElseThrow());
        assertThat(master.path("commit_ms").isNumber()).isTrue();
        // every conntrackd command of each change worked (a failure is named in the details)
        assertThat(master.fieldNames()).toIterable().noneMatch(k -> k.startsWith("conntrackd"));
        assertThat(details(b.last("ha_backup").orElseThrow()).fieldNames())
                .toIterable()
                .noneMatch(k -> k.startsWith("conntrackd"));
        assertThat(a.last("ha_master").get().reason())
                .isEqualTo("keepalived: INSTANCE \"flywall_eth2\" MASTER (was backup)");
        assertThat(a.logged).anyMatch(l -> l.startsWith("ha: every uplink is decided and conntrackd listens (after "));
        assertThat(a.logged).anyMatch(l -> l.startsWith("ha: master (keepalived: INSTANCE"));
        assertThat(b.last("ha_backup")).isPresent();
        try (History history = History.openReadOnly(a.daemon.historyFile())) {
            assertThat(history.recent(50)).anyMatch(e -> e.kind().equals("ha_master"));
        }
        Status.HaStatus bs = b.daemon.status().ha().orElseThrow();
        assertThat(List.of(bs.priority(), bs.routerId())).containsExactly(100, 51);
        assertThat(List.of(bs.peer(), bs.keepalived(), bs.conntrackd()))
                .containsExactly("10.99.0.1", "running", "running");
        // eth1 went down on b while it was not master: its connections were not flushed
        History.Event bDown = b.sent.stream()
                .filter(e -> e.kind().equals("wan_down"))
                .findFirst()
                .orElseThrow();
        assertThat(details(bDown).path("not_flushed").asText()).contains("not the HA master");

        // two connections on the master, one per uplink: b's conntrackd learns both
        insert(a, 40001, a.mark("eth0"));
        insert(a, 40002, a.mark("eth1"));
        await("b's external cache holds both", () -> {
            String cache = b.conntrackd("-e");
            return cache.contains("sport=40001") && cache.contains("sport=40002");
        });
        assertThat(b.run("conntrack", "-L")).doesNotContain("sport=40001");

        // the master's LAN link goes: it enters fault, b becomes master with the connection
        // (b may have been master for a moment before a's keepalived started: count from here)
        long bTransitions = b.daemon.status().ha().orElseThrow().transitions();
        long aMasters = a.count("ha_master");
        long cut = System.nanoTime();
        Instant cutAt = Instant.now();
        a.run("ip", "link", "set", "eth2", "down");
        await("b master", () -> b.role().equals("master"));
        long takeoverMs = (System.nanoTime() - cut) / 1_000_000;
        await("a fault", () -> a.role().equals("fault"));
        History.Event bMaster = b.last("ha_master").orElseThrow();
        JsonNode took = details(bMaster);
        System.out.printf(
                "HA takeover after the master's link went down: %d ms (event %d ms after the cut);"
                        + " conntrackd -c %.1f ms, the whole change %.1f ms, flushed %s%n",
                takeoverMs,
                Duration.between(cutAt, bMaster.at()).toMillis(),
                took.path("commit_ms").asDouble(),
                took.path("took_ms").asDouble(),
                took.path("flushed_eth1"));
        assertThat(took.path("flushed_eth1").asInt()).isEqualTo(1);
        assertThat(took.fieldNames()).toIterable().noneMatch(k -> k.startsWith("conntrackd"));
        String table = b.run("conntrack", "-L");
        assertThat(table).contains("sport=40001").doesNotContain("sport=40002");
        assertThat(b.run("ip", "-4", "-o", "addr", "show", "dev", "eth2")).contains("192.168.1.1/24");
        assertThat(a.last("ha_fault")).isPresent();
        assertThat(b.daemon.status().ha().orElseThrow().transitions()).isEqualTo(bTransitions + 1);

        // the link returns: the preferred node takes the address back (preempt)
        a.run("ip", "link", "set", "eth2", "up");
        await(
                "a master again, b backup",
                () -> a.role().equals("master") && b.role().equals("backup"));
        assertThat(a.count("ha_master")).isEqualTo(aMasters + 1);

        // a stopped master hands over at once (keepalived says priority 0 on its way out)
        long stop = System.nanoTime();
        a.daemon.close();
        await("b master after a stopped", () -> b.role().equals("master"));
        System.out.printf("HA takeover after the master stopped: %d ms%n", (System.nanoTime() - stop) / 1_000_000);
        assertThat(a.run("ip", "-4", "-o", "addr", "show", "dev", "eth2")).doesNotContain("192.168.1.1/24");
        assertThat(Files.exists(stateA.resolve("run/ha/keepalived.fifo"))).isTrue();
    }

    @Test
    void aReloadSignalsKeepalivedForItsChangesRestartsConntrackdForItsOwnAndStopsBothWithoutHa() throws Exception {
        a.start();
        await("a alone is master", () -> a.role().equals("master"));
        long conntrackd = pid(a, "conntrackd");

        a.install(copy(a.ha, 150, 3780));
        a.daemon.reload().get(10, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(a.logged).contains("ha: keepalived re-reads its configuration (it changed)");
        assertThat(a.logged).doesNotContain("ha: restarting conntrackd (its configuration changed)");
        assertThat(Files.readString(stateA.resolve("run/ha/keepalived.conf"))).contains("priority 150");
        assertThat(pid(a, "conntrackd")).isEqualTo(conntrackd);
        assertThat(a.daemon.status().ha().orElseThrow().priority()).isEqualTo(150);

        a.install(copy(a.ha, 150, 3781));
        a.daemon.reload().get(10, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(a.logged).contains("ha: restarting conntrackd (its configuration changed)");
        await(
                "a new conntrackd",
                () -> pid(a, "conntrackd") != conntrackd
                        && a.daemon.status().ha().orElseThrow().conntrackd().equals("running"));
        assertThat(a.role()).isEqualTo("master");

        a.install(null);
        a.daemon.reload().get(10, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(a.daemon.status().ha()).isEmpty();
        assertThat(a.run("ip", "-4", "-o", "addr", "show", "dev", "eth2")).doesNotContain("192.168.1.1/24");
        assertThat(ProcessHandle.of(conntrackd)).isEmpty();
    }

    @Test
    void withAddressesOnTwoInterfacesTheSyncGroupsLinesDecide() throws Exception {
        a.install(new WatchdogFile.Ha(
                200,
                51,
                200,
                true,
                0,
                "eth3",
                "10.99.0.1",
                "10.99.0.2",
                3780,
                List.of(
                        new WatchdogFile.VirtualAddresses("eth0", List.of("198.51.100.4/29")),
                        new WatchdogFile.VirtualAddresses("eth2", List.of("192.168.1.1/24")))));
        a.start();
        await("a alone is master", () -> a.role().equals("master"));
        assertThat(a.last("ha_master").orElseThrow().reason())
                .isEqualTo("keepalived: GROUP \"flywall\" MASTER (was backup)");
        assertThat(a.count("ha_master")).isEqualTo(1);
        assertThat(a.run("ip", "-4", "-o", "addr", "show", "dev", "eth0")).contains("198.51.100.4/29");
        assertThat(a.run("ip", "-4", "-o", "addr", "show", "dev", "eth2")).contains("192.168.1.1/24");
    }

    @Test
    void aStateDirectoryTheToolsCannotReadIsRefusedAtTheStart() throws Exception {
        Path spaced = Files.createDirectories(stateB.resolve("state dir"));
        Node c = new Node("c", spaced, 100, 3, 2, "none");
        try {
            assertThatThrownBy(c::start)
                    .isInstanceOf(java.io.IOException.class)
                    .hasMessageStartingWith(
                            "ha: keepalived and conntrackd cannot read the path \"" + spaced + "/run/ha\" as one word");
            assertThat(Files.exists(spaced.resolve("run/ha"))).isFalse();
        } finally {
            c.daemon.close();
            host.run("", "ip", "netns", "del", c.ns);
        }
    }

    @Test
    void aKeepalivedLeftByAKilledDaemonEndsAtTheStartNotOnceTheNodeIsReady() throws Exception {
        Path run = Files.createDirectories(stateA.resolve("run/ha"));
        // a stand-in: its command line names keepalived and this state directory, as the real one's does
        Process stale = new ProcessBuilder(
                        "bash", "-c", "exec -a 'keepalived -f " + run.resolve("keepalived.conf") + "' sleep 300")
                .start();
        Files.writeString(run.resolve("keepalived.pid"), stale.pid() + "\n");
        a.start();
        assertThat(stale.isAlive()).isFalse();
        assertThat(a.logged)
                .contains("ha: ending keepalived (pid " + stale.pid() + ") left running by an earlier daemon");
        await("a alone is master", () -> a.role().equals("master"));
    }

    private static WatchdogFile.Ha copy(WatchdogFile.Ha ha, int priority, int syncPort) {
        return new WatchdogFile.Ha(
                priority,
                ha.routerId(),
                ha.advertIntervalMs(),
                ha.preempt(),
                ha.preemptDelayMs(),
                ha.syncDevice(),
                ha.syncAddress(),
                ha.peer(),
                syncPort,
                ha.virtualAddresses());
    }

    /** The pid its supervisor recorded for a process of the node. */
    private static long pid(Node n, String program) throws Exception {
        return Long.parseLong(
                Files.readString(n.state.resolve("run/ha/" + program + ".pid")).strip());
    }

    private static void insert(Node n, int sport, String mark) throws Exception {
        Kernel.Result r = n.kernel.run(
                "",
                "conntrack",
                "-I",
                "-s",
                "192.168.1.10",
                "-d",
                "203.0.113.5",
                "-p",
                "tcp",
                "--sport",
                Integer.toString(sport),
                "--dport",
                "7",
                "--state",
                "ESTABLISHED",
                "-t",
                "300",
                "-u",
                "ASSURED",
                "--mark",
                mark);
        assertThat(r.ok()).as(r.err()).isTrue();
    }

    private static JsonNode details(History.Event e) throws Exception {
        return JSON.readTree(e.details());
    }

    /** A condition that may run a command. */
    private interface Condition {
        boolean holds() throws Exception;
    }

    private void await(String what, Condition condition) throws Exception {
        long until = System.nanoTime() + ROLE_WITHIN.toNanos();
        while (!condition.holds()) {
            if (System.nanoTime() > until) {
                throw new AssertionError("not within " + ROLE_WITHIN.toSeconds() + " s: " + what + "\nnode a:\n"
                        + String.join("\n", a.logged) + "\nnode b:\n" + String.join("\n", b.logged));
            }
            Thread.sleep(20);
        }
    }
}
