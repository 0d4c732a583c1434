package dev.flywall.runtime.probe;

import static dev.flywall.runtime.probe.ProbesTest.allOk;
import static dev.flywall.runtime.probe.ProbesTest.dns;
import static dev.flywall.runtime.probe.ProbesTest.http;
import static dev.flywall.runtime.probe.ProbesTest.icmp;
import static dev.flywall.runtime.probe.ProbesTest.tcp;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flywall.Compiler;
import dev.flywall.bundle.EventKind;
import dev.flywall.runtime.engine.StateMachine;
import dev.flywall.runtime.watchdog.WatchdogConfig;
import dev.flywall.runtime.watchdog.WatchdogConfig.HealthCheck;
import dev.flywall.source.SourceFile;
import dev.flywall.testing.NeedsRoot;
import dev.flywall.testing.NeedsTools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Every probe type to IPv6 targets in the dual-WAN lab ({@link ProbeLab}): the probes take wan1's
 * IPv6 route (table 101, chosen by the fwmark) although the main table's IPv6 default is wan2, and
 * fail when that route is removed while wan1's IPv4 route stays. http checks reach an IPv6 literal
 * and a name that only has an AAAA record (v6.example), looked up through an IPv6 DNS server. The
 * ISPs' nft counters show which WAN the probes took. Needs root, {@code ip netns} and nft.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@NeedsRoot
@NeedsTools({"nft", "ip", "sysctl"})
class Ipv6ProbesTest {

    private static final String V6 = "2001:db8:ff::1";
    private static final Duration TIMEOUT = Duration.ofSeconds(1);

    private ProbeLab lab;
    private LabTls tls;
    private Path resolvConf;
    private final List<IspServers> servers = new ArrayList<>();

    @BeforeAll
    void lab() throws Exception {
        lab = new ProbeLab();
        tls = LabTls.forNames("dns:v6.example,ip:" + V6);
        for (String isp : List.of(lab.isp1, lab.isp2)) {
            servers.add(ProbeLab.in(isp, () -> new IspServers(tls.server())));
        }
        // only an IPv6 server: the name's lookup itself goes over IPv6
        resolvConf = Files.createTempFile("fwt-probe-resolv", ".conf");
        Files.writeString(resolvConf, "nameserver " + V6 + "\n");
    }

    @AfterAll
    void cleanUp() throws Exception {
        for (IspServers s : servers) {
            s.close();
        }
        if (lab != null) {
            lab.close();
        }
        if (resolvConf != null) {
            Files.delete(resolvConf);
        }
    }

    /** Fresh probes, so a name is looked up again (no cached answer). */
    private Probes probes() {
        return new Probes(tls.client().getSocketFactory(), resolvConf);
    }

    /** One IPv6-only check of each type. */
    private static List<HealthCheck> ipv6Checks() {
        return List.of(
                icmp(TIMEOUT, 1, V6),
                tcp(TIMEOUT, 1, 80, V6),
                dns(TIMEOUT, "up.example", V6),
                http(TIMEOUT, "http://[" + V6 + "]/generate_204", 204),
                http(TIMEOUT, "https://[" + V6 + "]/generate_204", 204),
                http(TIMEOUT, "http://v6.example/generate_204", 204),
                http(TIMEOUT, "https://v6.example/generate_204", 204));
    }

    private List<ProbeResult> round(Probes probes, HealthCheck check, Egress egress) throws Exception {
        return ProbeLab.in(lab.gw, () -> probes.round(check, egress));
    }

    private long[] counters(String isp) throws Exception {
        return new long[] {ProbeLab.counter(isp, "echo6"), ProbeLab.counter(isp, "syn"), ProbeLab.counter(isp, "dns")};
    }

    @Test
    void everyProbeTypeReachesIpv6TargetsThroughTheUplinksMarkedRoute() throws Exception {
        assertThat(ProbeLab.run(lab.gw, "", "ip", "-6", "route", "get", V6).out())
                .as("the main table's IPv6 default is wan2")
                .contains("dev wan2");
        long[] isp1 = counters(lab.isp1);
        long[] isp2 = counters(lab.isp2);
        try (Probes probes = probes()) {
            for (HealthCheck check : ipv6Checks()) {
                List<ProbeResult> results = round(probes, check, ProbesTest.WAN1);
                allOk(results);
                int rounds = 20;
                long rttNanos = 0;
                for (int i = 0; i < rounds; i++) {
                    List<ProbeResult> again = round(probes, check, ProbesTest.WAN1);
                    allOk(again);
                    rttNanos += again.getFirst().rtt().orElseThrow().toNanos();
                }
                System.out.printf(
                        "IPv6 %s %s via wan1: mean rtt over %d rounds %d µs%n",
                        check.type(), check.probeTargets().getFirst(), rounds, rttNanos / rounds / 1000);
            }
        }
        long[] isp1After = counters(lab.isp1);
        long[] isp2After = counters(lab.isp2);
        int rounds = 21;
        assertThat(isp1After[0] - isp1[0]).as("ICMPv6 echoes at isp1").isEqualTo(rounds);
        // tcp, and every http round's connection (the names' answers are cached after the first round)
        assertThat(isp1After[1] - isp1[1]).as("SYNs at isp1").isEqualTo(5L * rounds);
        // dns rounds, and one A and one AAAA query per name lookup (one for http, one for https: same cache)
        assertThat(isp1After[2] - isp1[2]).as("DNS queries at isp1").isEqualTo(rounds + 2);
        assertThat(isp2After).as("nothing reached isp2").isEqualTo(isp2);
    }

    @Test
    void theUplinksIpv4AddressAsSourceLeavesIpv6ProbesToTheKernelsChoice() throws Exception {
        // the daemon knows an uplink by its IPv4 address: IPv6 probes then send from wan1's IPv6 address
        Egress daemons = new Egress("wan1", 0x100, Optional.of(java.net.InetAddress.getByName("192.0.2.2")));
        try (Probes probes = probes()) {
            for (HealthCheck check : ipv6Checks()) {
                allOk(round(probes, check, daemons));
            }
        }
    }

    @Test
    void theWansIpv6AddressIsTheSourceWhenGivenAndAStaleOneIsNamed() throws Exception {
        Egress sourced = new Egress("wan1", 0x100, Optional.of(java.net.InetAddress.getByName("2001:db8:1::2")));
        Egress stale = new Egress("wan1", 0x100, Optional.of(java.net.InetAddress.getByName("2001:db8:1::99")));
        try (Probes probes = probes()) {
            for (HealthCheck check : ipv6Checks()) {
                allOk(round(probes, check, sourced));
            }
            for (HealthCheck check :
                    List.of(icmp(TIMEOUT, 1, V6), tcp(TIMEOUT, 1, 80, V6), dns(TIMEOUT, "up.example", V6))) {
                ProbesTest.failedWith(
                        round(probes, check, stale), "source address 2001:db8:1::99 is not assigned here");
            }
        }
    }

    @Test
    void anIcmpv6ErrorEndsTheProbe() throws Exception {
        // isp1 rejects 2001:db8:ff::3 with "address unreachable", from that address
        Duration timeout = Duration.ofSeconds(2);
        try (Probes probes = probes()) {
            ProbeLab.in(lab.gw, () -> probes.round(icmp(timeout, 1, V6), ProbesTest.WAN1)); // warm up
            long start = System.nanoTime();
            List<ProbeResult> icmp = round(probes, icmp(timeout, 1, "2001:db8:ff::3"), ProbesTest.WAN1);
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            System.out.println("IPv6 icmp rejected: " + took.toNanos() / 1000 + " µs: " + icmp);
            ProbesTest.failedWith(icmp, "host unreachable (reported by 2001:db8:ff::3)");
            assertThat(took).isLessThan(Duration.ofMillis(500));
            // TCP over IPv6 takes "address unreachable" as a soft error (RFC 1122 4.2.3.9): the
            // kernel ends the connect after its first SYN retransmission, a second later
            start = System.nanoTime();
            List<ProbeResult> tcp = round(probes, tcp(timeout, 1, 80, "2001:db8:ff::3"), ProbesTest.WAN1);
            took = Duration.ofNanos(System.nanoTime() - start);
            System.out.println("IPv6 tcp rejected: " + took.toNanos() / 1000 + " µs: " + tcp);
            ProbesTest.failedWith(tcp, "host unreachable");
            assertThat(took).isLessThan(Duration.ofMillis(1_800));
        }
    }

    @Test
    void aRouterSolicitationLeavesByTheNamedDeviceWithHopLimit255() throws Exception {
        // isp1 counts solicitations of 8 bytes (no options) at hop limit 255: ours, not the kernel's,
        // which carry the source link-layer address option
        long before1 = ProbeLab.counter(lab.isp1, "rs");
        long before2 = ProbeLab.counter(lab.isp2, "rs");
        ProbeLab.in(lab.gw, () -> {
            RouterSolicitation.send("wan1");
            return null;
        });
        assertThat(ProbeLab.counter(lab.isp1, "rs") - before1).isEqualTo(1);
        assertThat(ProbeLab.counter(lab.isp2, "rs") - before2).isZero();
        assertThatThrownBy(() -> ProbeLab.in(lab.gw, () -> {
                    RouterSolicitation.send("nosuchdev0");
                    return null;
                }))
                .isInstanceOf(java.io.IOException.class)
                .hasMessage("device nosuchdev0 does not exist");
    }

    @Test
    void aLinkLocalTargetIsReachedOnTheBoundDevice() throws Exception {
        // isp1's fe80::1, e.g. the ISP's router: the device binding gives the address its link
        long echoes = ProbeLab.counter(lab.isp1, "echo6");
        long syns = ProbeLab.counter(lab.isp1, "syn");
        try (Probes probes = probes()) {
            allOk(round(probes, icmp(TIMEOUT, 1, "fe80::1"), ProbesTest.WAN1));
            allOk(round(probes, tcp(TIMEOUT, 1, 80, "fe80::1"), ProbesTest.WAN1));
            // wan2's link has no fe80::1: nobody answers there
            ProbesTest.failedWith(round(probes, icmp(TIMEOUT, 1, "fe80::1"), ProbesTest.WAN2), "timeout after 1s");
        }
        assertThat(ProbeLab.counter(lab.isp1, "echo6") - echoes).isEqualTo(1);
        assertThat(ProbeLab.counter(lab.isp1, "syn") - syns).isEqualTo(1);
    }

    @Test
    void theFwmarkChoosesTheRouteNotTheDeviceAlone() throws Exception {
        // bound to wan1 but unmarked: the main table's IPv6 default leaves through wan2, so no route
        Egress unmarked = new Egress("wan1", 0, Optional.empty());
        try (Probes probes = probes()) {
            for (HealthCheck check : List.of(icmp(TIMEOUT, 1, V6), tcp(TIMEOUT, 1, 80, V6))) {
                ProbesTest.failedWith(round(probes, check, unmarked), "network unreachable");
            }
        }
    }

    @Test
    void withoutItsIpv6RouteTheUplinksIpv6ProbesFailAndItsIpv4OnesAnswer() throws Exception {
        ProbeLab.run(lab.gw, "", "ip", "-6", "route", "del", "default", "table", "101");
        try (Probes probes = probes()) {
            for (HealthCheck check : ipv6Checks()) {
                long start = System.nanoTime();
                List<ProbeResult> results = round(probes, check, ProbesTest.WAN1);
                System.out.printf(
                        "IPv6 %s without the route: %d µs: %s%n",
                        check.type(), (System.nanoTime() - start) / 1000, results);
                ProbesTest.failedWith(results, "network unreachable");
            }
            for (HealthCheck check : List.of(
                    icmp(TIMEOUT, 1, "203.0.113.1"),
                    tcp(TIMEOUT, 1, 80, "203.0.113.1"),
                    dns(TIMEOUT, "up.example", "203.0.113.1"),
                    http(TIMEOUT, "http://203.0.113.1/generate_204", 204))) {
                allOk(round(probes, check, ProbesTest.WAN1));
            }
            // the engine takes the uplink down as a whole, saying why
            downAsAWhole(probes);
        } finally {
            ProbeLab.run(
                    lab.gw,
                    "",
                    "ip",
                    "-6",
                    "route",
                    "add",
                    "default",
                    "via",
                    "2001:db8:1::1",
                    "dev",
                    "wan1",
                    "table",
                    "101");
        }
        try (Probes probes = probes()) {
            allOk(round(probes, icmp(TIMEOUT, 1, V6), ProbesTest.WAN1));
        }
    }

    /**
     * The default check (every 5 s, 2 s timeout, down after 3 failed rounds) of one IPv4 and one
     * IPv6 target, run at its interval through wan1 into the engine, until isp1 starts dropping
     * every IPv6 packet at a random moment: the uplink goes down 12-17 s later (the first failed
     * round starts 0-5 s after the break, the third ends 10 s + the 2 s timeout after that). Without the dual-stack rule the IPv4 answer would keep it up.
     */
    @Test
    void aBlackholedIpv6PathTakesTheUplinkDownWithinThreeDefaultIntervals() throws Exception {
        WatchdogConfig config = config("""
                    targets = ["203.0.113.1", "2001:db8:ff::1"]
                """);
        HealthCheck check = config.healthCheck("eth0").orElseThrow();
        assertThat(List.of(check.interval(), check.timeout(), check.thresholdDown(), check.reliability()))
                .containsExactly(Duration.ofSeconds(5), Duration.ofSeconds(2), 3, 1);
        CountDownLatch up = new CountDownLatch(1);
        try (Probes probes = probes();
                ExecutorService loop = Executors.newSingleThreadExecutor()) {
            Future<String> down = loop.submit(() -> ProbeLab.in(lab.gw, () -> {
                StateMachine engine = new StateMachine(config, Instant.now());
                long next = System.nanoTime();
                while (true) {
                    StateMachine.Decisions d = engine.apply(
                            new StateMachine.Round("eth0", samples(probes.round(check, ProbesTest.WAN1))),
                            Instant.now());
                    if (engine.health("eth0") == StateMachine.Health.UP) {
                        up.countDown();
                    } else if (engine.health("eth0") == StateMachine.Health.DOWN) {
                        return System.nanoTime() + " " + d.events().getFirst().reason();
                    }
                    next += check.interval().toNanos();
                    Thread.sleep(Duration.ofNanos(Math.max(0, next - System.nanoTime())));
                }
            }));
            assertThat(up.await(20, TimeUnit.SECONDS)).as("eth0 up").isTrue();
            Thread.sleep(ThreadLocalRandom.current().nextLong(5000));
            ProbeLab.nft(lab.isp1, V6_OUTAGE);
            long broken = System.nanoTime();
            try {
                String[] when = down.get(30, TimeUnit.SECONDS).split(" ", 2);
                Duration detected = Duration.ofNanos(Long.parseLong(when[0]) - broken);
                System.out.println("IPv6 blackholed to eth0 down: " + detected.toMillis() + " ms (" + when[1] + ")");
                assertThat(when[1])
                        .isEqualTo("3 failed rounds: no IPv6 target answered (1 of 2 targets answered;"
                                + " timeout after 2s)");
                assertThat(detected).isBetween(Duration.ofSeconds(10), Duration.ofMillis(17_500));
            } finally {
                ProbeLab.nft(lab.isp1, "delete table inet v6outage\n");
            }
        }
    }

    /** isp1 drops every IPv6 packet (neighbour discovery too); IPv4 passes. */
    private static final String V6_OUTAGE = """
            table inet v6outage {
              chain c {
                type filter hook prerouting priority -300; policy accept;
                meta nfproto ipv6 drop
              }
            }
            """;

    /** eth0's dual-stack check, probed through the lab's wan1, fed to the engine round by round. */
    private void downAsAWhole(Probes probes) throws Exception {
        WatchdogConfig config = config("""
                    targets        = ["203.0.113.1", "192.0.2.1", "2001:db8:ff::1"]
                    interval       = "1s"
                    timeout        = "1s"
                    threshold_down = 2
                    reliability    = 2
                """);
        HealthCheck check = config.healthCheck("eth0").orElseThrow();
        StateMachine engine = new StateMachine(config, Instant.EPOCH);
        List<StateMachine.Event> events = new ArrayList<>();
        for (int i = 0; i < check.thresholdDown(); i++) {
            List<StateMachine.Sample> samples = samples(round(probes, check, ProbesTest.WAN1));
            assertThat(samples.stream().filter(StateMachine.Sample::ok).count())
                    .as("IPv4 answers: reliability alone is met")
                    .isGreaterThanOrEqualTo(check.reliability());
            events.addAll(engine.apply(new StateMachine.Round("eth0", samples), Instant.EPOCH.plusSeconds(i))
                    .events());
        }
        assertThat(engine.health("eth0")).isEqualTo(StateMachine.Health.DOWN);
        assertThat(engine.active("default")).containsExactly("eth1");
        assertThat(events).extracting(StateMachine.Event::kind).containsExactly(EventKind.WAN_DOWN, EventKind.FAILOVER);
        System.out.println("wan_down: " + events.getFirst().reason());
        assertThat(events.getFirst().reason())
                .isEqualTo("2 failed rounds: no IPv6 target answered (2 of 3 targets answered; network unreachable)");
    }

    /** Two dual-stack uplinks; eth0's health check is {@code healthCheck} (the lines inside its block). */
    private static WatchdogConfig config(String healthCheck) throws java.io.IOException {
        String hcl = """
                interface "eth0" {
                  zone      = "WAN"
                  addresses = ["192.0.2.2/24", "2001:db8:1::2/64"]
                  gateway   = ["192.0.2.1", "2001:db8:1::1"]
                  wan { priority = 1 }
                  health_check {
                %s  }
                }
                interface "eth1" {
                  zone      = "WAN"
                  addresses = ["198.51.100.2/24", "2001:db8:2::2/64"]
                  gateway   = ["198.51.100.1", "2001:db8:2::1"]
                  wan { priority = 2 }
                }
                interface "eth2" {
                  zone      = "LAN"
                  addresses = ["192.168.1.1/24", "2001:db8:10::1/64"]
                }
                uplink_group "default" {
                  member "eth0" { priority = 1 }
                  member "eth1" { priority = 2 }
                }
                """.formatted(healthCheck);
        return WatchdogConfig.parse(Compiler.compile(List.of(new SourceFile("dual.hcl", hcl)), Map.of())
                .artifacts()
                .orElseThrow()
                .watchdogJson());
    }

    private static List<StateMachine.Sample> samples(List<ProbeResult> results) {
        return results.stream()
                .map(r -> r.ok()
                        ? StateMachine.Sample.ok(r.target(), r.rtt().orElseThrow())
                        : StateMachine.Sample.lost(r.target(), r.error().orElseThrow()))
                .toList();
    }
}
