package dev.flywall.runtime.probe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flywall.runtime.watchdog.WatchdogConfig.HealthCheck;
import dev.flywall.testing.NeedsRoot;
import dev.flywall.testing.NeedsTools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Probes against a real dual-WAN lab ({@link ProbeLab}): each round runs on a thread inside the
 * gateway's namespace, the ISPs answer from theirs, and nft counters in the ISPs show which WAN
 * the probes took. Needs root, {@code ip netns} and nft; skipped with the reason printed otherwise.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@NeedsRoot
@NeedsTools({"nft", "ip", "sysctl"})
class ProbesTest {

    static final Egress WAN1 = new Egress("wan1", 0x100, Optional.empty());
    static final Egress WAN2 = new Egress("wan2", 0x200, Optional.empty());

    private ProbeLab lab;
    private Probes probes;
    private final List<IspServers> servers = new ArrayList<>();

    @BeforeAll
    void lab() throws Exception {
        lab = new ProbeLab();
        LabTls tls = LabTls.forNames("ip:203.0.113.1");
        for (String isp : List.of(lab.isp1, lab.isp2)) {
            servers.add(ProbeLab.in(isp, () -> new IspServers(tls.server())));
        }
        probes = new Probes(tls.client().getSocketFactory());
    }

    @AfterAll
    void cleanUp() throws Exception {
        if (probes != null) {
            probes.close();
        }
        for (IspServers s : servers) {
            s.close();
        }
        if (lab != null) {
            lab.close();
        }
    }

    static HealthCheck icmp(Duration timeout, int reliability, String... targets) {
        return check("icmp", List.of(targets), 0, "", "", 0, timeout, reliability);
    }

    static HealthCheck check(
            String type,
            List<String> targets,
            int port,
            String query,
            String url,
            int status,
            Duration timeout,
            int reliability) {
        return new HealthCheck(
                type,
                targets,
                port,
                query,
                url,
                status,
                Duration.ofSeconds(1),
                timeout,
                3,
                3,
                reliability,
                Optional.empty(),
                Optional.empty());
    }

    static HealthCheck tcp(Duration timeout, int reliability, int port, String... targets) {
        return check("tcp", List.of(targets), port, "", "", 0, timeout, reliability);
    }

    static HealthCheck dns(Duration timeout, String query, String... targets) {
        return check("dns", List.of(targets), 0, query, "", 0, timeout, 1);
    }

    static HealthCheck http(Duration timeout, String url, int status) {
        return check("http", List.of(), 0, "", url, status, timeout, 1);
    }

    private List<ProbeResult> round(HealthCheck check, Egress egress) throws Exception {
        return ProbeLab.in(lab.gw, () -> probes.round(check, egress));
    }

    /** A round and how long it took, measured on the calling thread. */
    record Timed(List<ProbeResult> results, Duration took) {}

    private Timed timed(HealthCheck check, Egress egress) throws Exception {
        return ProbeLab.in(lab.gw, () -> {
            long start = System.nanoTime();
            List<ProbeResult> results = probes.round(check, egress);
            return new Timed(results, Duration.ofNanos(System.nanoTime() - start));
        });
    }

    static void allOk(List<ProbeResult> results) {
        assertThat(results).isNotEmpty().allSatisfy(r -> {
            assertThat(r.ok()).as(r.toString()).isTrue();
            assertThat(r.error()).isEmpty();
            assertThat(r.rtt()).isPresent();
        });
    }

    static void failedWith(List<ProbeResult> results, String error) {
        assertThat(results).isNotEmpty().allSatisfy(r -> {
            assertThat(r.ok()).as(r.toString()).isFalse();
            assertThat(r.rtt()).isEmpty();
            assertThat(r.error())
                    .as(r.toString())
                    .hasValueSatisfying(e -> assertThat(e).contains(error));
        });
    }

    @Test
    void icmpAnswersOverBothFamiliesWithAPlausibleRtt() throws Exception {
        Duration timeout = Duration.ofSeconds(2);
        Timed round = timed(icmp(timeout, 2, "203.0.113.1", "2001:db8:ff::1"), WAN1);
        System.out.println("icmp round " + round.took().toNanos() / 1000 + " µs: " + round.results());
        assertThat(round.results()).extracting(ProbeResult::target).containsExactly("203.0.113.1", "2001:db8:ff::1");
        allOk(round.results());
        assertThat(round.results())
                .allSatisfy(r -> assertThat(r.rtt().orElseThrow()).isPositive().isLessThan(timeout));
        assertThat(round.took()).isLessThan(timeout);
        assertThat(Probes.good(round.results(), 2)).isTrue();
    }

    @Test
    void tcpConnectsAndARefusalProvesThePath() throws Exception {
        Timed open = timed(tcp(Duration.ofSeconds(2), 1, 80, "203.0.113.1", "2001:db8:ff::1"), WAN1);
        System.out.println("tcp round " + open.took().toNanos() / 1000 + " µs: " + open.results());
        allOk(open.results());
        // nothing listens on 81: the RST came back over wan1, so the path works
        List<ProbeResult> refused = round(tcp(Duration.ofSeconds(2), 1, 81, "203.0.113.1"), WAN1);
        allOk(refused);
        assertThat(refused.get(0).rtt().orElseThrow()).isLessThan(Duration.ofSeconds(2));
    }

    @Test
    void dnsIsGoodWhenTheServerAnswersNoErrorOrNxdomain() throws Exception {
        Timed up = timed(dns(Duration.ofSeconds(2), "up.example", "203.0.113.1", "2001:db8:ff::1"), WAN1);
        System.out.println("dns round " + up.took().toNanos() / 1000 + " µs: " + up.results());
        allOk(up.results());
        allOk(round(dns(Duration.ofSeconds(2), "nowhere.example", "203.0.113.1"), WAN1));
        failedWith(
                round(dns(Duration.ofSeconds(2), "refused.example", "203.0.113.1"), WAN1),
                "DNS server answered REFUSED");
        // 192.0.2.1 (the ISP router) runs no DNS server: its port unreachable ends the probe at once
        Timed closed = timed(dns(Duration.ofSeconds(2), "up.example", "192.0.2.1"), WAN1);
        failedWith(closed.results(), "port unreachable");
        assertThat(closed.took()).isLessThan(Duration.ofSeconds(1));
    }

    @Test
    void httpAndHttpsCompareTheStatus() throws Exception {
        Timed ok = timed(http(Duration.ofSeconds(2), "http://203.0.113.1/generate_204", 204), WAN1);
        System.out.println("http round " + ok.took().toNanos() / 1000 + " µs: " + ok.results());
        allOk(ok.results());
        assertThat(ok.results().get(0).target()).isEqualTo("http://203.0.113.1/generate_204");
        allOk(round(http(Duration.ofSeconds(2), "http://[2001:db8:ff::1]:80/generate_204?x=1", 204), WAN1));
        assertThat(round(http(Duration.ofSeconds(2), "http://203.0.113.1/broken", 204), WAN1))
                .containsExactly(new ProbeResult(
                        "http://203.0.113.1/broken", false, Optional.empty(), Optional.of("HTTP 503, expected 204")));
        Timed tls = timed(http(Duration.ofSeconds(3), "https://203.0.113.1/generate_204", 204), WAN1);
        System.out.println("https round " + tls.took().toNanos() / 1000 + " µs: " + tls.results());
        allOk(tls.results());
        try (Probes defaults = new Probes()) {
            failedWith(
                    ProbeLab.in(
                            lab.gw,
                            () -> defaults.round(
                                    http(Duration.ofSeconds(3), "https://203.0.113.1/generate_204", 204), WAN1)),
                    "TLS: certificate not trusted");
        }
    }

    @Test
    void probesLeaveThroughTheirOwnWanWhateverTheMainTableSays() throws Exception {
        assertThat(ProbeLab.run(lab.gw, "", "ip", "route", "get", "203.0.113.1").out())
                .contains("dev wan2");
        List<String> counters = List.of("echo4", "echo6", "syn");
        long[][] before = counts(counters);
        HealthCheck icmp = icmp(Duration.ofSeconds(2), 2, "203.0.113.1", "2001:db8:ff::1");
        HealthCheck tcp = tcp(Duration.ofSeconds(2), 2, 80, "203.0.113.1", "2001:db8:ff::1");
        // both uplinks at once, as the daemon does, from two threads sharing one Probes
        try (ExecutorService uplinks = Executors.newFixedThreadPool(2)) {
            Future<?> wan1 = uplinks.submit(repeat(5, icmp, tcp, WAN1));
            Future<?> wan2 = uplinks.submit(repeat(3, icmp, tcp, WAN2));
            wan1.get();
            wan2.get();
        }
        long[][] after = counts(counters);
        // syn counts the IPv4 and the IPv6 target
        long[] perRound = {1, 1, 2};
        for (int c = 0; c < counters.size(); c++) {
            assertThat(after[0][c] - before[0][c]).as("isp1 " + counters.get(c)).isEqualTo(5 * perRound[c]);
            assertThat(after[1][c] - before[1][c]).as("isp2 " + counters.get(c)).isEqualTo(3 * perRound[c]);
        }
    }

    private Callable<Void> repeat(int times, HealthCheck icmp, HealthCheck tcp, Egress egress) {
        return () -> {
            for (int i = 0; i < times; i++) {
                allOk(round(icmp, egress));
                allOk(round(tcp, egress));
            }
            return null;
        };
    }

    private long[][] counts(List<String> counters) throws Exception {
        long[][] counts = new long[2][counters.size()];
        for (int c = 0; c < counters.size(); c++) {
            counts[0][c] = ProbeLab.counter(lab.isp1, counters.get(c));
            counts[1][c] = ProbeLab.counter(lab.isp2, counters.get(c));
        }
        return counts;
    }

    @Test
    void aDroppedLinkTimesOutWithinTheTimeout() throws Exception {
        Duration timeout = Duration.ofMillis(500);
        // the realistic outage: the link stays up, the ISP drops everything
        ProbeLab.nft(
                lab.isp1,
                "table inet outage {\n chain c {\n type filter hook prerouting priority -300; policy drop;\n }\n}\n");
        try {
            for (HealthCheck check : List.of(
                    icmp(timeout, 1, "203.0.113.1", "2001:db8:ff::1"),
                    tcp(timeout, 1, 80, "203.0.113.1", "2001:db8:ff::1"),
                    dns(timeout, "up.example", "203.0.113.1", "2001:db8:ff::1"),
                    http(timeout, "http://203.0.113.1/generate_204", 204),
                    http(timeout, "https://203.0.113.1/generate_204", 204))) {
                Timed round = timed(check, WAN1);
                System.out.println(check.type() + " dead round " + round.took().toMillis() + " ms: " + round.results());
                failedWith(round.results(), "timeout after 500ms");
                assertThat(round.results().get(0).error()).contains("timeout after 500ms");
                assertThat(round.took()).isBetween(timeout.minusMillis(20), timeout.plusMillis(200));
                assertThat(Probes.good(round.results(), 1)).isFalse();
            }
            // wan2 is unaffected
            allOk(round(icmp(timeout, 1, "203.0.113.1"), WAN2));
        } finally {
            ProbeLab.nft(lab.isp1, "delete table inet outage\n");
        }
        allOk(round(icmp(timeout, 1, "203.0.113.1"), WAN1));
    }

    @Test
    void reliabilityCountsTheTargetsThatAnsweredAndTargetsRunConcurrently() throws Exception {
        Duration timeout = Duration.ofMillis(400);
        for (HealthCheck check : List.of(
                icmp(timeout, 1, "203.0.113.1", "203.0.113.2"),
                tcp(timeout, 1, 80, "203.0.113.1", "203.0.113.2"),
                dns(timeout, "up.example", "203.0.113.1", "203.0.113.2"))) {
            Timed round = timed(check, WAN1);
            System.out.println(
                    check.type() + " half-dead round " + round.took().toMillis() + " ms: " + round.results());
            assertThat(round.results().get(0).ok()).isTrue();
            assertThat(round.results().get(1))
                    .isEqualTo(new ProbeResult(
                            "203.0.113.2", false, Optional.empty(), Optional.of("timeout after 400ms")));
            assertThat(Probes.good(round.results(), 1)).isTrue();
            assertThat(Probes.good(round.results(), 2)).isFalse();
            // one timeout, not one per target
            assertThat(round.took()).isLessThan(timeout.plusMillis(200));
        }
    }

    @Test
    void unreachableIsReportedAtOnce() throws Exception {
        Timed icmp = timed(icmp(Duration.ofSeconds(2), 1, "203.0.113.3"), WAN1);
        failedWith(icmp.results(), "host unreachable (reported by ");
        assertThat(icmp.took()).isLessThan(Duration.ofSeconds(1));
        Timed tcp = timed(tcp(Duration.ofSeconds(2), 1, 80, "203.0.113.3"), WAN1);
        failedWith(tcp.results(), "host unreachable");
        assertThat(tcp.took()).isLessThan(Duration.ofSeconds(1));
    }

    @Test
    void setupProblemsAreShortErrorsNotExceptions() throws Exception {
        Duration timeout = Duration.ofSeconds(1);
        Egress missing = new Egress("nope0", 0x100, Optional.empty());
        for (HealthCheck check : List.of(
                icmp(timeout, 1, "203.0.113.1"),
                tcp(timeout, 1, 80, "203.0.113.1"),
                dns(timeout, "up.example", "203.0.113.1"),
                http(timeout, "http://203.0.113.1/", 200))) {
            failedWith(round(check, missing), "device nope0 does not exist");
        }
        failedWith(round(icmp(timeout, 1, "example.org"), WAN1), "not an IP address: example.org");
        failedWith(round(http(timeout, "ftp://203.0.113.1/", 200), WAN1), "not an http or https URL");
        failedWith(
                ProbeLab.inWithoutNetRaw(lab.gw, () -> probes.round(icmp(timeout, 1, "203.0.113.1"), WAN1)),
                "raw ICMP socket refused: needs CAP_NET_RAW (run as root)");
        // the WAN's own address is used as the source; a stale one is named
        Egress stale = new Egress("wan1", 0x100, Optional.of(java.net.InetAddress.getByName("192.0.2.99")));
        failedWith(round(icmp(timeout, 1, "203.0.113.1"), stale), "source address 192.0.2.99 is not assigned here");
        failedWith(round(tcp(timeout, 1, 80, "203.0.113.1"), stale), "source address 192.0.2.99 is not assigned here");
        Egress sourced = new Egress("wan1", 0x100, Optional.of(java.net.InetAddress.getByName("192.0.2.2")));
        for (HealthCheck check : List.of(
                icmp(timeout, 1, "203.0.113.1", "2001:db8:ff::1"),
                tcp(timeout, 1, 80, "203.0.113.1", "2001:db8:ff::1"),
                dns(timeout, "up.example", "203.0.113.1", "2001:db8:ff::1"),
                http(timeout, "http://203.0.113.1/generate_204", 204))) {
            allOk(round(check, sourced));
        }
    }

    @Test
    void manyRoundsLeakNoDescriptorAndStartNoProcess() throws Exception {
        List<HealthCheck> checks = List.of(
                icmp(Duration.ofSeconds(1), 2, "203.0.113.1", "2001:db8:ff::1"),
                tcp(Duration.ofSeconds(1), 1, 80, "203.0.113.1"),
                dns(Duration.ofSeconds(1), "up.example", "203.0.113.1"),
                http(Duration.ofSeconds(1), "http://203.0.113.1/generate_204", 204),
                http(Duration.ofSeconds(1), "https://203.0.113.1/generate_204", 204));
        int rounds = 200;
        ProbeLab.in(lab.gw, () -> {
            for (HealthCheck check : checks) {
                allOk(probes.round(check, WAN1)); // warm up: class loading, the JDK's pollers
            }
            return null;
        });
        long sent = probes.probesSent();
        long failed = probes.probesFailed();
        long fds = openFds();
        long children = ProcessHandle.current().children().count();
        Path jfr = Files.createTempFile("fwt-probe", ".jfr");
        long[] nanos = new long[checks.size()];
        try (Recording recording = new Recording()) {
            recording.enable("jdk.ProcessStart");
            recording.start();
            ProbeLab.in(lab.gw, () -> {
                for (int i = 0; i < rounds; i++) {
                    for (int c = 0; c < checks.size(); c++) {
                        long start = System.nanoTime();
                        allOk(probes.round(checks.get(c), WAN1));
                        nanos[c] += System.nanoTime() - start;
                    }
                }
                return null;
            });
            recording.stop();
            recording.dump(jfr);
        }
        try {
            assertThat(RecordingFile.readAllEvents(jfr))
                    .as("processes started during the rounds")
                    .isEmpty();
        } finally {
            Files.delete(jfr);
        }
        for (int c = 0; c < checks.size(); c++) {
            System.out.printf(
                    "%s mean round over %d: %d µs%n", checks.get(c).probeTargets(), rounds, nanos[c] / rounds / 1000);
        }
        assertThat(openSockets(lab.gw))
                .as("probe sockets still open in the gateway")
                .isZero();
        // the lab's servers run in this JVM too and close their side of a connection a little later
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (openFds() > fds && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        // at most the sockets open before (one the JVM or a lab server had may have closed meanwhile)
        assertThat(openFds())
                .as("open sockets of the JVM after %d rounds", rounds * checks.size())
                .isLessThanOrEqualTo(fds);
        assertThat(ProcessHandle.current().children().count()).isEqualTo(children);
        assertThat(probes.probesSent() - sent).isEqualTo(rounds * 6L);
        assertThat(probes.probesFailed() - failed).isZero();
        round(icmp(Duration.ofMillis(200), 1, "203.0.113.1", "203.0.113.2"), WAN1);
        assertThat(probes.probesSent() - sent).isEqualTo(rounds * 6L + 2);
        assertThat(probes.probesFailed() - failed).isEqualTo(1);
    }

    /**
     * Sockets that still have an owner in namespace {@code ns} (a non-zero inode in its
     * {@code /proc/net} tables; TIME_WAIT entries have none). Only probes open sockets in the gateway.
     */
    static long openSockets(String ns) throws Exception {
        return ProbeLab.in(ns, () -> {
            long open = 0;
            for (String table : List.of("tcp", "tcp6", "udp", "udp6", "raw", "raw6")) {
                List<String> lines = Files.readAllLines(Path.of("/proc/thread-self/net", table));
                for (String line : lines.subList(1, lines.size())) {
                    String[] fields = line.trim().split("\\s+");
                    if (!fields[9].equals("0")) {
                        open++;
                    }
                }
            }
            return open;
        });
    }

    /**
     * Sockets among this process's descriptors. Only sockets: JFR's repository files and the like
     * come and go on their own schedule.
     */
    private static long openFds() throws Exception {
        try (var fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.filter(fd -> {
                        try {
                            return Files.readSymbolicLink(fd).toString().startsWith("socket:");
                        } catch (java.io.IOException e) {
                            return false; // closed while listing (the listing's own descriptor, for one)
                        }
                    })
                    .count();
        }
    }
}
