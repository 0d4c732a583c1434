package dev.flywall.runtime.probe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flywall.runtime.watchdog.WatchdogConfig.HealthCheck;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Probes against a real dual-WAN lab ({@link ProbeLab}): each round runs on a thread inside the
 * gateway's namespace, the ISPs answer from theirs, and nft counters in the ISPs show which WAN
 * the probes took. Needs root, {@code ip netns} and nft; skipped with the reason printed otherwise.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProbesTest {

    static final Egress WAN1 = new Egress("wan1", 0x100, Optional.empty());
    static final Egress WAN2 = new Egress("wan2", 0x200, Optional.empty());

    private ProbeLab lab;
    private Probes probes;

    @BeforeAll
    void lab() throws Exception {
        Optional<String> why = ProbeLab.unusable();
        why.ifPresent(w -> System.err.println("SKIPPED ProbesTest: " + w));
        Assumptions.assumeTrue(why.isEmpty(), why.orElse(""));
        lab = new ProbeLab();
        probes = new Probes();
    }

    @AfterAll
    void cleanUp() throws Exception {
        if (probes != null) {
            probes.close();
        }
        if (lab != null) {
            lab.close();
        }
    }

    static HealthCheck icmp(Duration timeout, int reliability, String... targets) {
        return check("icmp", List.of(targets), 0, "", "", 0, timeout, reliability);
    }

    static HealthCheck check(String type, List<String> targets, int port, String query, String url, int status,
            Duration timeout, int reliability) {
        return new HealthCheck(type, targets, port, query, url, status, Duration.ofSeconds(1), timeout, 3, 3,
                reliability, Optional.empty(), Optional.empty());
    }

    private List<ProbeResult> round(HealthCheck check, Egress egress) throws Exception {
        return ProbeLab.in(lab.gw, () -> probes.round(check, egress));
    }

    @Test
    void icmpAnswersOverBothFamiliesWithAPlausibleRtt() throws Exception {
        Duration timeout = Duration.ofSeconds(2);
        List<ProbeResult> results = round(icmp(timeout, 2, "203.0.113.1", "2001:db8:ff::1"), WAN1);
        System.out.println("icmp rtt: " + results);
        assertThat(results).extracting(ProbeResult::target).containsExactly("203.0.113.1", "2001:db8:ff::1");
        assertThat(results).allSatisfy(r -> {
            assertThat(r.ok()).as(r.toString()).isTrue();
            assertThat(r.error()).isEmpty();
            assertThat(r.rtt().orElseThrow()).isPositive().isLessThan(timeout);
        });
        assertThat(Probes.good(results, 2)).isTrue();
    }
}
