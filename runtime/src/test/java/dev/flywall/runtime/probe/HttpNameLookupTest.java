package dev.flywall.runtime.probe;

import static dev.flywall.runtime.probe.ProbesTest.allOk;
import static dev.flywall.runtime.probe.ProbesTest.failedWith;
import static dev.flywall.runtime.probe.ProbesTest.http;
import static org.assertj.core.api.Assertions.assertThat;

import dev.flywall.runtime.watchdog.WatchdogConfig.HealthCheck;
import dev.flywall.testing.NeedsRoot;
import dev.flywall.testing.NeedsTools;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * http checks naming a host, in the dual-WAN lab ({@link ProbeLab}): the name is looked up
 * through the probed WAN. Each ISP's DNS server gives www.example an address of its own:
 * isp1 203.0.113.1, isp2 203.0.113.4, which only wan2 reaches. The host's resolv.conf lists
 * 203.0.113.54 first, a DNS server only wan2 reaches, then 203.0.113.1, which both ISPs serve.
 * The ISPs' nft counters show where the queries went. Each test has its own {@link Probes}, so
 * its own answer cache.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@NeedsRoot
@NeedsTools({"nft", "ip", "sysctl"})
class HttpNameLookupTest {

    private static final String DEAD =
            "table inet outage {\n chain c {\n type filter hook prerouting priority -300; policy drop;\n }\n}\n";

    private ProbeLab lab;
    private LabTls tls;
    private Path resolvConf;
    private final List<IspServers> servers = new ArrayList<>();

    @BeforeAll
    void lab() throws Exception {
        lab = new ProbeLab();
        tls = LabTls.forNames("dns:www.example");
        servers.add(ProbeLab.in(
                lab.isp1, () -> new IspServers(tls.server(), "203.0.113.1", List.of("203.0.113.1", "2001:db8:ff::1"))));
        servers.add(ProbeLab.in(
                lab.isp2,
                () -> new IspServers(
                        tls.server(), "203.0.113.4", List.of("203.0.113.1", "2001:db8:ff::1", "203.0.113.54"))));
        resolvConf = Files.createTempFile("fwt-probe-resolv", ".conf");
        Files.writeString(
                resolvConf, "# the lab's\nsearch lab.example\nnameserver 203.0.113.54\nnameserver 203.0.113.1\n");
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

    private Probes probes() {
        return new Probes(tls.client().getSocketFactory(), resolvConf);
    }

    private List<ProbeResult> round(Probes probes, HealthCheck check, Egress egress) throws Exception {
        return ProbeLab.in(lab.gw, () -> probes.round(check, egress));
    }

    /** DNS queries that reached isp1 and isp2 so far. */
    private long[] queries() throws Exception {
        return new long[] {ProbeLab.counter(lab.isp1, "dns"), ProbeLab.counter(lab.isp2, "dns")};
    }

    @Test
    void eachWanResolvesThroughItsOwnIspAndKeepsTheName() throws Exception {
        try (Probes probes = probes()) {
            long[] before = queries();
            // /named answers 204 only to "Host: www.example"; isp2's answer (203.0.113.4) is not reachable via wan1
            allOk(round(probes, http(Duration.ofSeconds(2), "http://www.example/named", 204), ProbesTest.WAN1));
            long[] afterWan1 = queries();
            assertThat(afterWan1[0] - before[0])
                    .as("A and AAAA to isp1's 203.0.113.1")
                    .isEqualTo(2);
            assertThat(afterWan1[1] - before[1])
                    .as("the server only wan2 reaches was not reached")
                    .isZero();
            allOk(round(probes, http(Duration.ofSeconds(2), "http://www.example/named", 204), ProbesTest.WAN2));
            long[] afterWan2 = queries();
            assertThat(afterWan2[0] - afterWan1[0])
                    .as("wan2's lookup never reached isp1")
                    .isZero();
            assertThat(afterWan2[1] - afterWan1[1])
                    .as("A and AAAA to both servers, through wan2")
                    .isEqualTo(4);
            // the certificate names www.example only: the check verifies the name, not the address
            allOk(round(probes, http(Duration.ofSeconds(2), "https://www.example/named", 204), ProbesTest.WAN1));
            allOk(round(probes, http(Duration.ofSeconds(2), "https://www.example/named", 204), ProbesTest.WAN2));
        }
    }

    @Test
    void answersAreKeptForTheirTtlNotAskedEveryRound() throws Exception {
        try (Probes probes = probes()) {
            HealthCheck check = http(Duration.ofSeconds(2), "http://www.example/generate_204", 204);
            long before = queries()[0];
            int rounds = 20;
            long start = System.nanoTime();
            for (int i = 0; i < rounds; i++) {
                allOk(round(probes, check, ProbesTest.WAN1));
            }
            System.out.printf(
                    "http by name: %d rounds, mean %d µs%n", rounds, (System.nanoTime() - start) / rounds / 1000);
            assertThat(queries()[0] - before)
                    .as("one A and one AAAA query in %d rounds", rounds)
                    .isEqualTo(2);
        }
    }

    @Test
    void theWansAddressFamilyIsPreferredAndTheOtherUsedWhenTheNameHasNone() throws Exception {
        try (Probes probes = probes()) {
            HealthCheck check = http(Duration.ofSeconds(2), "http://www.example/named", 204);
            // www.example has no AAAA: a WAN known by its IPv6 address connects over IPv4
            Egress v6 = new Egress("wan1", 0x100, Optional.of(InetAddress.getByName("2001:db8:1::2")));
            allOk(round(probes, check, v6));
            // over IPv4 from the WAN's address, bound once the lookup gave the family; a stale one is named
            allOk(round(probes, check, new Egress("wan1", 0x100, Optional.of(InetAddress.getByName("192.0.2.2")))));
            failedWith(
                    round(probes, check, new Egress("wan1", 0x100, Optional.of(InetAddress.getByName("192.0.2.99")))),
                    "source address 192.0.2.99 is not assigned here");
        }
    }

    @Test
    void aDeadWanFailsOnlyItsOwnLookupWithinTheTimeout() throws Exception {
        Duration timeout = Duration.ofMillis(500);
        HealthCheck check = http(timeout, "http://www.example/generate_204", 204);
        ProbeLab.nft(lab.isp1, DEAD);
        try (Probes probes = probes()) {
            long start = System.nanoTime();
            List<ProbeResult> wan1 = round(probes, check, ProbesTest.WAN1);
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            System.out.println("http by name, dead wan1: " + took.toMillis() + " ms: " + wan1);
            assertThat(wan1)
                    .containsExactly(new ProbeResult(
                            "http://www.example/generate_204",
                            false,
                            Optional.empty(),
                            Optional.of("name lookup of www.example via wan1 timed out")));
            assertThat(took).isBetween(timeout.minusMillis(20), timeout.plusMillis(300));
            // the bug: wan2's check does not depend on wan1
            allOk(round(probes, check, ProbesTest.WAN2));
        } finally {
            ProbeLab.nft(lab.isp1, "delete table inet outage\n");
        }
    }

    @Test
    void aNameThatDoesNotExistIsAShortError() throws Exception {
        try (Probes probes = probes()) {
            failedWith(
                    round(probes, http(Duration.ofSeconds(2), "http://nowhere.example/", 200), ProbesTest.WAN1),
                    "name lookup of nowhere.example via wan1: no such name (NXDOMAIN from 203.0.113.1)");
            failedWith(
                    round(
                            probes,
                            http(Duration.ofSeconds(1), "http://www.example/", 200),
                            new Egress("nope0", 0x100, Optional.empty())),
                    "device nope0 does not exist");
        }
    }
}
