package dev.flywall.runtime.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flywall.Compiler;
import dev.flywall.runtime.apply.Kernel;
import dev.flywall.runtime.apply.StateDir;
import dev.flywall.runtime.engine.StateMachine;
import dev.flywall.runtime.history.History;
import dev.flywall.source.SourceFile;
import dev.flywall.testing.NeedsRoot;
import dev.flywall.testing.NeedsTools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daemon and the managed interfaces, in a scratch network namespace: the dhclient hook's
 * address and route become one {@code lease} event and the uplink's table follows; a PPPoE
 * uplink follows its PPP device (a stand-in veth of that name: this kernel has no PPP), down at
 * once when it goes, up after its good rounds when it comes back, its table pointing at the
 * device. The clients themselves are stand-ins (their supervision: {@link ClientsTest}). Needs
 * root, nft and ip; skipped with the reason printed otherwise.
 */
@NeedsRoot
@NeedsTools({"nft", "ip"})
class DaemonInterfacesTest {

    static final String CONFIG = """
            interface "eth0" {
              zone = "WAN"
              dhcp = true
              wan { priority = 1 }
            }
            interface "eth1" {
              zone = "WAN"
              pppoe {
                username = "user@isp.example"
                password = "not-in-any-log"
              }
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
                  threshold_up   = 3
                }
              }
              member "eth1" {
                health_check {
                  targets        = ["198.51.100.1"]
                  interval       = "100ms"
                  timeout        = "50ms"
                  threshold_down = 2
                  threshold_up   = 3
                }
              }
            }
            """;

    @TempDir
    Path state;

    @TempDir
    Path bin;

    private String ns;
    private Kernel kernel;
    private final List<History.Event> sent = new CopyOnWriteArrayList<>();
    private final List<String> logged = new CopyOnWriteArrayList<>();

    @BeforeEach
    void namespace() throws Exception {
        ns = "fwifc-" + ProcessHandle.current().pid() + "-" + System.nanoTime() % 100000;
        new Kernel(Optional.empty()).run("", "ip", "netns", "add", ns);
        kernel = new Kernel(Optional.of(ns));
        kernel.run("", "ip", "link", "set", "lo", "up");
        for (String dev : List.of("eth0", "eth1", "eth2")) {
            kernel.run("", "ip", "link", "add", dev, "type", "veth", "peer", "name", "p" + dev);
            kernel.run("", "ip", "link", "set", "p" + dev, "up");
            kernel.run("", "ip", "link", "set", dev, "up");
        }
        Compiler.Artifacts bundle = Compiler.compile(List.of(new SourceFile("test.hcl", CONFIG)), Map.of())
                .artifacts()
                .orElseThrow();
        assertThat(kernel.run(bundle.rulesetNft(), "nft", "-f", "-").ok()).isTrue();
        StateDir.open(state).install(bundle.files());
        // stand-ins for dhclient and pppd: they only wait (the test plays their part); their sleep
        // must not hold the output pipe, which the supervisor reads to its end when it stops them
        for (String name : List.of("dhclient", "pppd")) {
            Path script = bin.resolve(name);
            Files.writeString(
                    script, "#!/bin/sh\nsleep 300 >/dev/null 2>&1 &\npid=$!\ntrap 'kill $pid; exit 0' TERM\nwait\n");
            Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        }
    }

    @AfterEach
    void cleanUp() throws Exception {
        new Kernel(Optional.empty()).run("", "ip", "netns", "del", ns);
    }

    private Daemon daemon() throws Exception {
        return daemon(bin.resolve("dhclient").toString());
    }

    private Daemon daemon(String dhclient) throws Exception {
        Daemon d = new Daemon(
                state,
                kernel,
                (uplink, source, check) -> {
                    Thread.sleep(5);
                    return check.probeTargets().stream()
                            .map(t -> StateMachine.Sample.ok(t, Duration.ofMillis(3)))
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
                logged::add,
                new Clients.Programs(dhclient, bin.resolve("pppd").toString()));
        d.start();
        return d;
    }

    /** Runs the daemon's dhclient hook in the namespace as dhclient would: {@code reason} and the lease. */
    private Kernel.Result hook(String reason, String... lease) throws Exception {
        Path hook = state.resolve("run").resolve(Clients.HOOK);
        List<String> command = new ArrayList<>(List.of(
                "env",
                "-i",
                "PATH=/usr/sbin:/usr/bin:/sbin:/bin",
                "reason=" + reason,
                "interface=eth0",
                "flywall_route_metric=101"));
        command.addAll(List.of(lease));
        command.addAll(List.of("/bin/sh", hook.toString()));
        return kernel.run("", command.toArray(String[]::new));
    }

    private String show(String... args) throws Exception {
        return kernel.run("", args).out();
    }

    private List<History.Event> leases() {
        return sent.stream().filter(e -> e.kind().equals("lease")).toList();
    }

    @Test
    void aNewLeaseIsOneEventAndTheUplinksTableFollowsIt() throws Exception {
        try (Daemon d = daemon()) {
            await("the hook written", () -> Files.exists(state.resolve("run").resolve(Clients.HOOK)));
            // before its first lease the uplink is not judged (its rounds wait): no wan_down at start
            Thread.sleep(600);
            assertThat(logged)
                    .contains("eth0 has no address yet: its probe rounds count once its client has a lease (at most 20"
                            + " s after the start)");
            assertThat(state(d, "eth0")).isNotEqualTo("down");
            assertThat(hook("PREINIT").ok()).isTrue();
            assertThat(hook(
                                    "BOUND",
                                    "new_ip_address=192.0.2.7",
                                    "new_subnet_mask=255.255.255.0",
                                    "new_routers=192.0.2.1 192.0.2.254")
                            .ok())
                    .isTrue();
            assertThat(show("ip", "-4", "-o", "addr", "show", "dev", "eth0")).contains("inet 192.0.2.7/24");
            assertThat(show("ip", "-4", "route", "show", "default"))
                    .contains("default via 192.0.2.1 dev eth0 proto dhcp metric 101");
            await("the first lease", () -> leases().size() == 1);
            await("eth0 up", () -> state(d, "eth0").equals("up"));
            assertThat(sent).noneMatch(e -> e.kind().equals("wan_down"));
            assertThat(leases().get(0).reason()).isEqualTo("no address → 192.0.2.7 via 192.0.2.1");
            await("table 101 via the router", () -> table(101).contains("default via 192.0.2.1 dev eth0"));

            // the server moved: a NAK, then EXPIRE and a new BOUND in another subnet
            assertThat(hook(
                                    "EXPIRE",
                                    "old_ip_address=192.0.2.7",
                                    "old_subnet_mask=255.255.255.0",
                                    "old_routers=192.0.2.1")
                            .ok())
                    .isTrue();
            assertThat(show("ip", "-4", "-o", "addr", "show", "dev", "eth0")).doesNotContain("192.0.2.7");
            assertThat(show("ip", "-4", "route", "show", "default")).doesNotContain("192.0.2.1");
            Thread.sleep(150);
            assertThat(hook(
                                    "BOUND",
                                    "new_ip_address=203.0.113.70",
                                    "new_subnet_mask=255.255.255.192",
                                    "new_routers=203.0.113.65")
                            .ok())
                    .isTrue();
            await("the second lease", () -> leases().size() == 2);
            History.Event moved = leases().get(1);
            assertThat(moved.from()).isEqualTo("eth0");
            assertThat(moved.reason()).isEqualTo("192.0.2.7 via 192.0.2.1 → 203.0.113.70 via 203.0.113.65");
            assertThat(moved.details())
                    .isEqualTo("{\"old_address\":\"192.0.2.7\",\"new_address\":\"203.0.113.70\","
                            + "\"old_gateway\":\"192.0.2.1\",\"new_gateway\":\"203.0.113.65\"}");
            await("table 101 via the new router", () -> table(101).contains("default via 203.0.113.65 dev eth0"));
            assertThat(show("ip", "rule", "show"))
                    .contains("from 203.0.113.70 lookup 101")
                    .doesNotContain("192.0.2.7");
            assertThat(logged).contains("lease: eth0 (192.0.2.7 via 192.0.2.1 → 203.0.113.70 via 203.0.113.65)");
            // a renewal of the same lease changes nothing
            assertThat(hook(
                                    "RENEW",
                                    "old_ip_address=203.0.113.70",
                                    "old_subnet_mask=255.255.255.192",
                                    "old_routers=203.0.113.65",
                                    "new_ip_address=203.0.113.70",
                                    "new_subnet_mask=255.255.255.192",
                                    "new_routers=203.0.113.65")
                            .ok())
                    .isTrue();
            Thread.sleep(LeaseWatch.SETTLE.toMillis() + 300);
            assertThat(leases()).hasSize(2);
            // RELEASE (dhclient -r) undoes it all
            assertThat(hook(
                                    "RELEASE",
                                    "old_ip_address=203.0.113.70",
                                    "old_subnet_mask=255.255.255.192",
                                    "old_routers=203.0.113.65")
                            .ok())
                    .isTrue();
            assertThat(show("ip", "-4", "-o", "addr", "show", "dev", "eth0")).doesNotContain("inet ");
            assertThat(show("ip", "-4", "route", "show", "default")).isEmpty();
        }
    }

    @Test
    void aPppoeUplinkFollowsItsPppDevice() throws Exception {
        // eth0 has its lease already (its stand-in client does nothing)
        kernel.run("", "ip", "addr", "add", "192.0.2.7/24", "dev", "eth0");
        try (Daemon d = daemon()) {
            // no session yet: no device, so the uplink is down whatever its probes say
            await("eth0 up", () -> state(d, "eth0").equals("up"));
            Thread.sleep(500);
            assertThat(state(d, "eth1")).isEqualTo("down");
            assertThat(d.status().uplink("eth1").orElseThrow().linkUp()).isFalse();

            // the session comes up: pppd creates ppp-eth1 with its addresses
            long appeared = System.nanoTime();
            kernel.run("", "ip", "link", "add", "ppp-eth1", "type", "veth", "peer", "name", "peer-ppp");
            kernel.run("", "ip", "addr", "add", "198.51.100.7/32", "peer", "198.51.100.1", "dev", "ppp-eth1");
            kernel.run("", "ip", "link", "set", "peer-ppp", "up");
            kernel.run("", "ip", "link", "set", "ppp-eth1", "up");
            await("eth1 up after its good rounds", () -> state(d, "eth1").equals("up"));
            long upMs = (System.nanoTime() - appeared) / 1_000_000;
            // threshold_up 3 rounds of 100 ms: not at once
            assertThat(upMs).isGreaterThanOrEqualTo(200);
            await("table 102 through the device", () -> table(102).contains("default dev ppp-eth1"));
            await("a lease event", () -> leases().stream().anyMatch(e -> "eth1".equals(e.from())));
            assertThat(leases().stream()
                            .filter(e -> "eth1".equals(e.from()))
                            .findFirst()
                            .orElseThrow()
                            .reason())
                    .isEqualTo("no address → 198.51.100.7");

            // the session ends: the device goes, the uplink is down at once
            long gone = System.nanoTime();
            kernel.run("", "ip", "link", "del", "ppp-eth1");
            await("eth1 down", () -> state(d, "eth1").equals("down"));
            long downMs = (System.nanoTime() - gone) / 1_000_000;
            assertThat(d.status().uplink("eth1").orElseThrow().reason()).isEqualTo("link down");
            assertThat(sent).anyMatch(e -> e.kind().equals("wan_down") && "eth1".equals(e.from()));
            // no probe round needed: the link monitor's line (within one 100 ms round would be luck)
            assertThat(downMs).isLessThan(1000);
            System.err.println("DaemonInterfacesTest: PPP device up -> uplink up " + upMs + " ms; device gone ->"
                    + " uplink down " + downMs + " ms");
            // pppd's password file exists while it runs, readable by its owner only
            Path secret = state.resolve("run/eth1.pppd-secret");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(secret)))
                    .isEqualTo("rw-------");
        }
        assertThat(state.resolve("run/eth1.pppd-secret")).doesNotExist();
        assertThat(String.join("\n", logged)).doesNotContain("not-in-any-log");
    }

    /**
     * The real dhclient against a real DHCP server (dnsmasq in a namespace behind eth0): the lease
     * arrives, a daemon stop leaves the address and the lease file, the next daemon's dhclient asks
     * for the same lease again (no lease event: nothing changed), and no dhclient outlives a stop.
     */
    @Test
    @NeedsTools({"dhclient", "dnsmasq"})
    void aLeaseSurvivesADaemonRestart() throws Exception {
        String isp = ns + "-isp";
        Kernel host = new Kernel(Optional.empty());
        host.run("", "ip", "netns", "add", isp);
        Process server = null;
        try {
            Kernel ispKernel = new Kernel(Optional.of(isp));
            kernel.run("", "ip", "link", "set", "peth0", "netns", isp);
            ispKernel.run("", "ip", "addr", "add", "198.51.100.1/30", "dev", "peth0");
            ispKernel.run("", "ip", "link", "set", "peth0", "up");
            server = new ProcessBuilder(
                            "ip",
                            "netns",
                            "exec",
                            isp,
                            "dnsmasq",
                            "--no-daemon",
                            "--conf-file=/dev/null",
                            "--port=0",
                            "--interface=peth0",
                            "--no-ping",
                            "--dhcp-authoritative",
                            "--dhcp-range=198.51.100.2,198.51.100.2,255.255.255.252,2m",
                            "--dhcp-option=option:router,198.51.100.1",
                            "--dhcp-leasefile=" + bin.resolve("dnsmasq.leases"))
                    .redirectErrorStream(true)
                    .redirectOutput(bin.resolve("dnsmasq.log").toFile())
                    .start();
            Path pid = state.resolve("run/eth0.dhclient.pid");
            long firstClient;
            try (Daemon d = daemon("dhclient")) {
                await(
                        "the lease",
                        Duration.ofSeconds(30),
                        () -> leases().stream().anyMatch(e -> "eth0".equals(e.from())));
                assertThat(leases().get(0).reason()).isEqualTo("no address → 198.51.100.2 via 198.51.100.1");
                await("table 101", () -> table(101).contains("default via 198.51.100.1 dev eth0"));
                firstClient = Long.parseLong(Files.readString(pid).strip());
            }
            assertThat(ProcessHandle.of(firstClient).map(ProcessHandle::isAlive).orElse(false))
                    .as("dhclient stopped with the daemon")
                    .isFalse();
            assertThat(show("ip", "-4", "-o", "addr", "show", "dev", "eth0")).contains("inet 198.51.100.2/30");
            assertThat(show("ip", "-4", "route", "show", "default")).contains("default via 198.51.100.1 dev eth0");
            assertThat(Files.readString(state.resolve("dhcp/eth0.leases"))).contains("fixed-address 198.51.100.2;");

            sent.clear();
            logged.clear();
            try (Daemon d = daemon("dhclient")) {
                await(
                        "the same lease again",
                        Duration.ofSeconds(30),
                        () -> logged.stream().anyMatch(l -> l.startsWith("dhclient eth0: bound to 198.51.100.2")));
                assertThat(logged).anyMatch(l -> l.startsWith("dhclient eth0: DHCPREQUEST for 198.51.100.2"));
                assertThat(logged).noneMatch(l -> l.contains("DHCPDISCOVER"));
                Thread.sleep(LeaseWatch.SETTLE.toMillis() + 300);
                assertThat(leases()).isEmpty();
            }
        } finally {
            if (server != null) {
                server.destroy();
                server.waitFor();
            }
            host.run("", "ip", "netns", "del", isp);
        }
    }

    private static String state(Daemon d, String uplink) {
        return d.status().uplink(uplink).map(u -> u.state()).orElse("");
    }

    private String table(int table) {
        try {
            return show("ip", "-4", "route", "show", "table", Integer.toString(table));
        } catch (Exception e) {
            return "";
        }
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        await(what, Duration.ofSeconds(10), condition);
    }

    private static void await(String what, Duration limit, BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(20);
        }
    }
}
