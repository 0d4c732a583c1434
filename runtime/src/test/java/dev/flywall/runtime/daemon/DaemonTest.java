package dev.flywall.runtime.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flywall.Compiler;
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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daemon against a real kernel (a scratch network namespace holding an applied bundle), with
 * scripted probe results: failover and failback rewrite the group chain, link events act at
 * once, pins hold, the state survives a restart, a reload after re-applying restores the
 * decisions, and every event lands in history.db and the event sink. Needs root, nft, ip and
 * conntrack; skipped with the reason printed otherwise.
 */
@NeedsRoot
@NeedsTools({"nft", "ip", "conntrack"})
class DaemonTest {

    static final String CONFIG = """
            interface "eth0" {
              zone = "WAN"
              dhcp = true
              wan { priority = 1 }
            }
            interface "eth1" {
              zone = "WAN"
              dhcp = true
              wan { priority = 2 }
            }
            interface "eth2" {
              zone    = "LAN"
              address = "192.168.1.1/24"
            }
            uplink_group "default" {
              member "eth0" {
                health_check {
                  targets        = ["192.0.2.1"]
                  interval       = "100ms"
                  timeout        = "50ms"
                  threshold_down = 2
                  threshold_up   = 2
                }
              }
              member "eth1" {
                health_check {
                  targets        = ["198.51.100.1"]
                  interval       = "100ms"
                  timeout        = "50ms"
                  threshold_down = 2
                  threshold_up   = 2
                }
              }
            }
            """;

    @TempDir
    Path state;

    private String ns;
    private Kernel kernel;
    private final Set<String> failing = ConcurrentHashMap.newKeySet();
    /** Targets that fail whichever uplink probes them. */
    private final Set<String> failingTargets = ConcurrentHashMap.newKeySet();

    private final List<History.Event> sent = new CopyOnWriteArrayList<>();
    private final List<String> logged = new CopyOnWriteArrayList<>();
    private Compiler.Artifacts bundle;

    @BeforeEach
    void namespace() throws Exception {
        Kernel host = new Kernel(Optional.empty());
        ns = "fwdmn-" + ProcessHandle.current().pid() + "-" + System.nanoTime() % 100000;
        host.run("", "ip", "netns", "add", ns);
        kernel = new Kernel(Optional.of(ns));
        kernel.run("", "ip", "link", "set", "lo", "up");
        for (String dev : List.of("eth0", "eth1", "eth2")) {
            kernel.run("", "ip", "link", "add", dev, "type", "veth", "peer", "name", "p" + dev);
            kernel.run("", "ip", "link", "set", "p" + dev, "up");
            kernel.run("", "ip", "link", "set", dev, "up");
        }
        kernel.run("", "ip", "addr", "add", "192.0.2.7/24", "dev", "eth0");
        kernel.run("", "ip", "addr", "add", "198.51.100.7/24", "dev", "eth1");
        bundle = Compiler.compile(List.of(new SourceFile("test.hcl", CONFIG)), Map.of())
                .artifacts()
                .orElseThrow();
        install();
    }

    private void install() throws Exception {
        assertThat(kernel.run(bundle.rulesetNft(), "nft", "-f", "-").ok()).isTrue();
        StateDir.open(state).install(bundle.files());
    }

    @AfterEach
    void cleanUp() throws Exception {
        if (ns != null) {
            new Kernel(Optional.empty()).run("", "ip", "netns", "del", ns);
        }
    }

    private Daemon daemon() throws Exception {
        Daemon d = new Daemon(
                state,
                kernel,
                (uplink, source, check) -> {
                    Thread.sleep(5);
                    return check.probeTargets().stream()
                            .map(t -> failing.contains(uplink.name()) || failingTargets.contains(t)
                                    ? StateMachine.Sample.lost(t, "timeout")
                                    : StateMachine.Sample.ok(t, Duration.ofMillis(3)))
                            .toList();
                },
                (config, secrets) -> new Daemon.EventSink() {
                    @Override
                    public void accept(History.Event e) {
                        sent.add(e);
                    }

                    @Override
                    public void close() {}
                },
                Clock.systemUTC(),
                line -> {
                    logged.add(line);
                    System.err.println("daemon: " + java.time.LocalTime.now() + " " + line);
                });
        d.start();
        return d;
    }

    private String group() throws Exception {
        return kernel.run("", "nft", "list", "chain", "inet", "flywall", "grp_default")
                .out();
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        await(what, Duration.ofSeconds(10), condition);
    }

    /**
     * For what the daemon's table check must notice: the nft monitor sees it at once, but one
     * started a moment before (with the daemon, on a loaded machine) may not listen yet, and then
     * the 15 s resync does.
     */
    private static void awaitCheck(String what, BooleanSupplier condition) throws InterruptedException {
        await(what, Duration.ofSeconds(20), condition);
    }

    private static void await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(20);
        }
    }

    private boolean chainUses(String uplink) {
        try {
            String g = group();
            return g.contains("goto up_" + uplink)
                    && !g.contains("goto up_" + (uplink.equals("eth0") ? "eth1" : "eth0"));
        } catch (Exception e) {
            return false;
        }
    }

    @Test
    void failsOverAndBackAndRecordsWhy() throws Exception {
        try (Daemon d = daemon()) {
            assertThat(Files.readString(state.resolve("daemon.pid")).strip())
                    .isEqualTo(Long.toString(ProcessHandle.current().pid()));
            await(
                    "eth0 up",
                    () -> d.status()
                            .uplink("eth0")
                            .map(u -> u.state().equals("up"))
                            .orElse(false));
            assertThat(chainUses("eth0")).isTrue();
            assertThat(d.status().uplink("eth0").orElseThrow().address()).contains("192.0.2.7");
            // the DHCP uplink's table and source rule follow the kernel
            assertThat(kernel.run("", "ip", "rule", "show").out()).contains("from 192.0.2.7 lookup 101");

            failing.add("eth0");
            await("failover to eth1", () -> chainUses("eth1"));
            await("events", () -> sent.stream().anyMatch(e -> e.kind().equals("failover")));
            History.Event failover = sent.stream()
                    .filter(e -> e.kind().equals("failover"))
                    .findFirst()
                    .orElseThrow();
            assertThat(failover.from()).isEqualTo("eth0");
            assertThat(failover.to()).isEqualTo("eth1");
            assertThat(failover.details()).contains("switch_ms");
            assertThat(sent.stream().map(History.Event::kind)).contains("wan_down");
            // the Flywall guide: journalctl -u flywall | grep -i health
            assertThat(logged).anyMatch(line -> line.startsWith("health: eth0 down ("));

            failing.remove("eth0");
            await("failback to eth0", () -> chainUses("eth0"));
            await("failback event", () -> sent.stream().anyMatch(e -> e.kind().equals("failback")));
            assertThat(logged).anyMatch(line -> line.startsWith("health: eth0 up ("));
            assertThat(d.status().failoversTotal()).isEqualTo(1);
        }
        try (History h = History.open(state.resolve("history.db"))) {
            assertThat(h.recent(10).stream().map(History.Event::kind))
                    .contains("wan_down", "failover", "wan_up", "failback");
        }
        assertThat(state.resolve("daemon.pid")).doesNotExist();
    }

    @Test
    void anUplinkWhoseIpv6TargetFailsGoesDownAsAWholeWhileIpv4Answers() throws Exception {
        String dualStack =
                CONFIG.replace("targets        = [\"192.0.2.1\"]", "targets        = [\"192.0.2.1\", \"2001:db8::1\"]");
        assertThat(dualStack).isNotEqualTo(CONFIG);
        bundle = Compiler.compile(List.of(new SourceFile("test.hcl", dualStack)), Map.of())
                .artifacts()
                .orElseThrow();
        install();
        try (Daemon d = daemon()) {
            await(
                    "eth0 up",
                    () -> d.status()
                            .uplink("eth0")
                            .map(u -> u.state().equals("up"))
                            .orElse(false));
            failingTargets.add("2001:db8::1");
            await("failover to eth1", () -> chainUses("eth1"));
            String reason = "2 failed rounds: no IPv6 target answered (1 of 2 targets answered; timeout)";
            await(
                    "the reason in the status",
                    () -> d.status().uplink("eth0").orElseThrow().reason().equals(reason));
            await("wan_down sent", () -> sent.stream().anyMatch(e -> e.kind().equals("wan_down")));
            assertThat(sent.stream().filter(e -> e.kind().equals("wan_down")).findFirst())
                    .hasValueSatisfying(e -> assertThat(e.reason()).isEqualTo(reason));
            failingTargets.clear();
            await("failback to eth0", () -> chainUses("eth0"));
        }
        try (History h = History.open(state.resolve("history.db"))) {
            assertThat(h.recent(10)).anySatisfy(e -> {
                assertThat(e.kind()).isEqualTo("failover");
                assertThat(e.reason())
                        .isEqualTo("eth0 down (2 failed rounds: no IPv6 target answered (1 of 2"
                                + " targets answered; timeout))");
            });
        }
    }

    @Test
    void aLinkGoingDownSwitchesAtOnce() throws Exception {
        try (Daemon d = daemon()) {
            await(
                    "eth0 up",
                    () -> d.status()
                            .uplink("eth0")
                            .map(u -> u.state().equals("up"))
                            .orElse(false));
            long start = System.nanoTime();
            System.err.println("daemon: " + java.time.LocalTime.now() + " setting the link down");
            kernel.run("", "ip", "link", "set", "peth0", "down");
            System.err.println("daemon: " + java.time.LocalTime.now() + " link down");
            await("failover on carrier loss", () -> chainUses("eth1"));
            long ms = (System.nanoTime() - start) / 1_000_000;
            await(
                    "status says why",
                    () -> d.status().uplink("eth0").orElseThrow().reason().equals("link down"));
            assertThat(d.status().uplink("eth0").orElseThrow().linkUp()).isFalse();
            System.err.println("DaemonTest: carrier loss to switched chain in " + ms + " ms");
        }
    }

    @Test
    void pinsHoldAndSurviveARestartAsDoesHealth() throws Exception {
        try (Daemon d = daemon()) {
            await(
                    "eth0 up",
                    () -> d.status()
                            .uplink("eth0")
                            .map(u -> u.state().equals("up"))
                            .orElse(false));
            d.pin("default", "eth1");
            assertThat(chainUses("eth1")).isTrue();
            assertThatThrownBy(() -> d.pin("default", "eth2"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("not a member");
            assertThatThrownBy(() -> d.pin("nosuch", "eth1")).isInstanceOf(IllegalArgumentException.class);
        }
        // kill and restart: the pin is still there, and the chain was never reset
        try (Daemon d = daemon()) {
            assertThat(d.status().groups().get(0).pinned()).contains("eth1");
            Thread.sleep(400);
            assertThat(chainUses("eth1")).isTrue();
            d.unpin("default");
            assertThat(chainUses("eth0")).isTrue();
            failing.add("eth0");
            await("failover", () -> chainUses("eth1"));
        }
        // restarted while eth0 is down: it stays off eth0 from the first moment
        try (Daemon d = daemon()) {
            assertThat(d.status().uplink("eth0").orElseThrow().state()).isEqualTo("down");
            assertThat(chainUses("eth1")).isTrue();
        }
    }

    @Test
    void aDrainMovesTheGroupWithoutAFlushAndSurvivesARestartAndAReload() throws Exception {
        try (Daemon d = daemon()) {
            await(
                    "eth0 up",
                    () -> d.status()
                            .uplink("eth0")
                            .map(u -> u.state().equals("up"))
                            .orElse(false));
            d.drain("eth0", "ISP works");
            assertThat(chainUses("eth1")).as("switched before drain() returns").isTrue();
            History.Event failover = sent.stream()
                    .filter(e -> e.kind().equals("failover"))
                    .reduce((a, b) -> b)
                    .orElseThrow();
            assertThat(failover.reason()).isEqualTo("eth0 drained");
            assertThat(failover.details()).as("no conntrack flush").doesNotContain("flushed");
            assertThat(sent)
                    .filteredOn(e -> e.kind().equals("drain"))
                    .extracting(History.Event::from, History.Event::reason)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("eth0", "drained by the operator: ISP works"));
            Thread.sleep(400);
            assertThat(d.status().uplink("eth0").orElseThrow().state())
                    .as("still probed")
                    .isEqualTo("up");
            assertThat(chainUses("eth1")).isTrue();
        }
        try (Daemon d = daemon()) {
            Status.UplinkStatus eth0 = d.status().uplink("eth0").orElseThrow();
            assertThat(eth0.drained()).as("the drain survives a restart").isTrue();
            assertThat(eth0.drainReason()).contains("ISP works");
            assertThat(d.status().groups().get(0).failovers()).isEqualTo(1);
            assertThat(chainUses("eth1")).isTrue();
            try (StateDir.Lock lock = StateDir.open(state).lock()) {
                install();
            }
            d.reload();
            await("re-synced after reload", () -> chainUses("eth1"));
            assertThat(d.status().uplink("eth0").orElseThrow().drained())
                    .as("and a reload")
                    .isTrue();
            d.undrain("eth0");
            assertThat(chainUses("eth0")).isTrue();
            assertThat(d.status().uplink("eth0").orElseThrow().drained()).isFalse();
        }
    }

    @Test
    void reloadAfterApplyRestoresTheDecisions() throws Exception {
        try (Daemon d = daemon()) {
            failing.add("eth0");
            await("failover", () -> chainUses("eth1"));
            // flywall apply replaces the table, holding the state directory's lock meanwhile
            try (StateDir.Lock lock = StateDir.open(state).lock()) {
                install();
                assertThat(chainUses("eth0")).isTrue();
            }
            d.reload();
            await("re-synced after reload", () -> chainUses("eth1"));
            Status s = d.status();
            assertThat(s.uplink("eth0").orElseThrow().state()).isEqualTo("down");
        }
    }

    @Test
    void aDeletedOrAlteredTableIsReinstalledWithTheDecisions() throws Exception {
        try (Daemon d = daemon()) {
            failing.add("eth0");
            await("failover", () -> chainUses("eth1"));
            long start = System.nanoTime();
            assertThat(kernel.run("", "nft", "delete", "table", "inet", "flywall")
                            .ok())
                    .isTrue();
            awaitCheck("the table is back with the daemon's decision", () -> chainUses("eth1"));
            System.err.println("DaemonTest: deleted table back in " + (System.nanoTime() - start) / 1_000_000 + " ms");
            await("ruleset_restored", () -> sent.stream().anyMatch(e -> e.kind().equals("ruleset_restored")));
            assertThat(sent.stream()
                            .filter(e -> e.kind().equals("ruleset_restored"))
                            .findFirst()
                            .orElseThrow()
                            .reason())
                    .startsWith("table inet flywall was deleted; reinstalled");
            // altered: someone flushes the group chain
            assertThat(kernel.run("", "nft", "flush", "chain", "inet", "flywall", "grp_default")
                            .ok())
                    .isTrue();
            awaitCheck("the altered chain is back", () -> chainUses("eth1"));
            await(
                    "second ruleset_restored",
                    () -> sent.stream()
                                    .filter(e -> e.kind().equals("ruleset_restored"))
                                    .count()
                            == 2);
            assertThat(d.status().healthy()).isTrue();
            RulesetGuard guard = new RulesetGuard(
                    kernel,
                    new dev.flywall.runtime.watchdog.WatchdogConfig.Nft("inet", "flywall", 0, 0),
                    StateDir.open(state));
            long[] micros = new long[10];
            for (int i = 0; i < micros.length; i++) {
                long t = System.nanoTime();
                assertThat(guard.listing()).isPresent();
                micros[i] = (System.nanoTime() - t) / 1000;
            }
            java.util.Arrays.sort(micros);
            System.err.println(
                    "DaemonTest: one table check (nft -s -t list table, in a netns) median " + micros[5] + " µs");
        }
        try (History h = History.open(state.resolve("history.db"))) {
            assertThat(h.recent(20).stream().filter(e -> e.kind().equals("ruleset_restored")))
                    .hasSize(2);
        }
    }

    @Test
    void aTableThatCannotBeRestoredReportsTheGatewayBroken() throws Exception {
        try (Daemon d = daemon()) {
            await(
                    "eth0 up",
                    () -> d.status()
                            .uplink("eth0")
                            .map(u -> u.state().equals("up"))
                            .orElse(false));
            String good = Files.readString(state.resolve("current/ruleset.nft"));
            Files.writeString(state.resolve("current/ruleset.nft"), "table inet flywall { chain c { bogus; }; }\n");
            assertThat(kernel.run("", "nft", "delete", "table", "inet", "flywall")
                            .ok())
                    .isTrue();
            awaitCheck(
                    "ruleset_broken", () -> sent.stream().anyMatch(e -> e.kind().equals("ruleset_broken")));
            await("status says broken", () -> !d.status().healthy());
            assertThat(d.status().problems()).singleElement().satisfies(p -> {
                assertThat(p.subject()).isEqualTo("ruleset");
                assertThat(p.detail())
                        .startsWith("table inet flywall was deleted and could not be restored: nft refused");
            });
            // once the bundle is whole again, the next check repairs the gateway
            Files.writeString(state.resolve("current/ruleset.nft"), good);
            assertThat(kernel.run("", "nft", "add", "table", "inet", "flywall").ok())
                    .isTrue();
            awaitCheck("restored", () -> d.status().healthy() && chainUses("eth0"));
        }
        try (History h = History.open(state.resolve("history.db"))) {
            assertThat(h.recent(20).stream().map(History.Event::kind)).contains("ruleset_broken", "ruleset_restored");
        }
    }

    @Test
    void anUnwritableHistoryIsReportedAndItsEventsWrittenWhenItIsBack() throws Exception {
        Path db = state.resolve("history.db");
        try (Daemon d = daemon()) {
            await(
                    "eth0 up",
                    () -> d.status()
                            .uplink("eth0")
                            .map(u -> u.state().equals("up"))
                            .orElse(false));
            Files.delete(db);
            Files.createDirectory(db); // history.db cannot be written any more
            failing.add("eth0");
            await("failover", () -> chainUses("eth1"));
            await("history_broken", () -> sent.stream().anyMatch(e -> e.kind().equals("history_broken")));
            // the status said it before the notification went out
            assertThat(d.status().problems()).singleElement().satisfies(p -> {
                assertThat(p.subject()).isEqualTo("history");
                assertThat(p.detail()).contains("not a regular file", "events kept in memory");
            });
            assertThat(logged).anyMatch(line -> line.startsWith("history_broken: "));
            Files.delete(db);
            failing.remove("eth0");
            await("failback", () -> chainUses("eth0"));
            await("healthy again", () -> d.status().healthy());
        }
        try (History h = History.open(db)) {
            // the events of the outage were kept in memory and written, in order, once the file was back
            List<String> kinds =
                    h.recent(20).stream().map(History.Event::kind).toList().reversed();
            assertThat(kinds)
                    .containsSubsequence("wan_down", "failover", "wan_up", "failback")
                    .contains("history_restored");
        }
    }

    @Test
    void aReloadForgetsTheCountsOfTargetsNoLongerProbed() throws Exception {
        try (Daemon d = daemon()) {
            await(
                    "both targets counted",
                    () -> d.targetCounts().keySet().containsAll(Set.of("eth0 192.0.2.1", "eth1 198.51.100.1")));
            bundle = Compiler.compile(
                            List.of(new SourceFile("test.hcl", CONFIG.replace("198.51.100.1", "198.51.100.2"))),
                            Map.of())
                    .artifacts()
                    .orElseThrow();
            install();
            d.reload().get(10, java.util.concurrent.TimeUnit.SECONDS);
            await("the new target counted", () -> d.targetCounts().containsKey("eth1 198.51.100.2"));
            assertThat(d.targetCounts()).doesNotContainKey("eth1 198.51.100.1").containsKey("eth0 192.0.2.1");
            assertThat(d.health().targets())
                    .extracting(t -> t.uplink() + " " + t.target())
                    .containsExactly("eth0 192.0.2.1", "eth1 198.51.100.2");
        }
    }

    @Test
    void closeStopsTheEngineBeforeItClosesTheSinkAndTheHistory() throws Exception {
        java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();
        List<String> late = new CopyOnWriteArrayList<>();
        Daemon d = new Daemon(
                state,
                kernel,
                (uplink, source, check) -> {
                    // eth0 flaps every four rounds: a failover or failback is under way whenever close() comes
                    boolean fail = (System.nanoTime() / 400_000_000L) % 2 == 0;
                    return check.probeTargets().stream()
                            .map(t -> fail && uplink.name().equals("eth0")
                                    ? StateMachine.Sample.lost(t, "timeout")
                                    : StateMachine.Sample.ok(t, Duration.ofMillis(3)))
                            .toList();
                },
                (config, secrets) -> new Daemon.EventSink() {
                    @Override
                    public void accept(History.Event e) {
                        if (closed.get()) {
                            late.add(e.kind());
                        }
                    }

                    @Override
                    public void close() {
                        closed.set(true);
                    }
                },
                Clock.systemUTC(),
                logged::add);
        d.start();
        await("a failover", () -> d.status().failoversTotal() > 0);
        d.close();
        Thread.sleep(300);
        assertThat(late).as("events sent to the sink after it was closed").isEmpty();
        assertThat(logged).noneMatch(line -> line.startsWith("error:") || line.contains("could not record"));
        assertThat(Thread.getAllStackTraces().keySet())
                .noneMatch(t -> t.getName().equals("flywall-engine"));
    }

    @Test
    void ofTwoDaemonsStartedAtOnceExactlyOneRuns() throws Exception {
        java.util.concurrent.CyclicBarrier together = new java.util.concurrent.CyclicBarrier(2);
        java.util.concurrent.Callable<Daemon> start = () -> {
            Daemon d = new Daemon(
                    state,
                    kernel,
                    (u, s, c) -> {
                        Thread.sleep(50);
                        return List.of();
                    },
                    (c, s) -> new Daemon.EventSink() {
                        @Override
                        public void accept(History.Event e) {}

                        @Override
                        public void close() {}
                    },
                    Clock.systemUTC(),
                    logged::add);
            together.await();
            try {
                d.start();
                return d;
            } catch (java.io.IOException e) {
                d.close();
                throw e;
            }
        };
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            List<java.util.concurrent.Future<Daemon>> both = pool.invokeAll(List.of(start, start));
            List<Daemon> running = new java.util.ArrayList<>();
            List<Throwable> refused = new java.util.ArrayList<>();
            for (java.util.concurrent.Future<Daemon> f : both) {
                try {
                    running.add(f.get());
                } catch (java.util.concurrent.ExecutionException e) {
                    refused.add(e.getCause());
                }
            }
            try {
                assertThat(running).hasSize(1);
                assertThat(refused)
                        .singleElement()
                        .satisfies(e -> assertThat(e.getMessage())
                                .matches("another flywall run \\((pid "
                                        + ProcessHandle.current().pid() + "|unknown process)\\) is using "
                                        + java.util.regex.Pattern.quote(state.toString()) + "; stop it first"));
                assertThat(Files.readString(state.resolve("daemon.pid")).strip())
                        .as("the refused one leaves the running one's pid file")
                        .isEqualTo(Long.toString(ProcessHandle.current().pid()));
            } finally {
                running.forEach(Daemon::close);
            }
        } finally {
            pool.shutdown();
        }
        assertThat(state.resolve("daemon.pid")).doesNotExist();
        // the lock went with the daemon: the next one starts
        try (Daemon d = daemon()) {
            assertThat(d.status()).isNotNull();
        }
    }

    @Test
    void aStalePidFileIsNoObstacle() throws Exception {
        Process other = new ProcessBuilder("sleep", "30").start();
        try {
            // a pid file naming a live process that holds no lock: a daemon killed with -9 whose pid was reused
            Files.writeString(state.resolve("daemon.pid"), other.pid() + "\n");
            try (Daemon d = daemon()) {
                assertThat(Files.readString(state.resolve("daemon.pid")).strip())
                        .isEqualTo(Long.toString(ProcessHandle.current().pid()));
            }
        } finally {
            other.destroy();
        }
    }
}
