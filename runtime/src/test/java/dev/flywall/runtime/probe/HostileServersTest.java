package dev.flywall.runtime.probe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flywall.runtime.watchdog.WatchdogConfig.HealthCheck;
import dev.flywall.testing.NeedsRoot;
import dev.flywall.testing.NeedsTools;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Probes against servers that lie or stall ({@link HostileServers}) at 203.0.113.1 behind wan1 of
 * a {@link ProbeLab}: a health check must not be fooled into "up" by a server that proves
 * nothing, and must not leak a socket or a thread to one that never finishes. Needs root.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@NeedsRoot
@NeedsTools({"nft", "ip", "sysctl"})
class HostileServersTest {

    private static final Egress WAN1 = ProbesTest.WAN1;

    private ProbeLab lab;
    private Probes probes;
    private HostileServers hostile;

    @BeforeAll
    void lab() throws Exception {
        lab = new ProbeLab();
        hostile = ProbeLab.in(lab.isp1, () -> new HostileServers("203.0.113.1", 250));
        probes = new Probes(LabTls.forNames("ip:203.0.113.1").client().getSocketFactory());
    }

    @AfterAll
    void cleanUp() throws Exception {
        if (probes != null) {
            probes.close();
        }
        if (hostile != null) {
            hostile.close();
        }
        if (lab != null) {
            lab.close();
        }
    }

    private ProbeResult dns(String name) throws Exception {
        HealthCheck check = ProbesTest.dns(Duration.ofMillis(600), name, "203.0.113.1");
        return ProbeLab.in(lab.gw, () -> probes.round(check, WAN1)).get(0);
    }

    @Test
    void aDnsReplyMustAnswerTheQuestionAsked() throws Exception {
        assertThat(dns("echo.example").error()).contains("DNS reply holds no answer to echo.example. A IN");
        assertThat(dns("other.example").error()).contains("DNS reply is for another question than other.example. A IN");
        assertThat(dns("txt.example").error()).contains("DNS reply holds no answer to txt.example. A IN");
        assertThat(dns("stranger.example").error()).contains("DNS reply holds no answer to stranger.example. A IN");
        // another id is a stray datagram, not an answer: the probe waits on and times out
        assertThat(dns("wrongid.example").error()).contains("timeout after 600ms");
    }

    @Test
    void realAnswersStillCount() throws Exception {
        for (String name : List.of("good.example", "GOOD.Example", "nodata.example", "nx.example")) {
            ProbeResult result = dns(name);
            assertThat(result.ok()).as(name + ": " + result).isTrue();
        }
    }

    @Test
    void aDrippedTlsHandshakeEndsAtTheDeadlineAndLeavesNothingBehind() throws Exception {
        Duration timeout = Duration.ofSeconds(1);
        HealthCheck https = ProbesTest.http(timeout, "https://203.0.113.1/generate_204", 204);
        int rounds = 8;
        for (int i = 0; i < rounds; i++) {
            long start = System.nanoTime();
            List<ProbeResult> results = ProbeLab.in(lab.gw, () -> probes.round(https, WAN1));
            assertThat(results.get(0).error()).contains("timeout after 1s");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(timeout.plusMillis(300));
        }
        // the server really dripped: several bytes per connection, each well within a read timeout
        assertThat(hostile.dripConnections.get()).isEqualTo(rounds);
        assertThat(hostile.drippedBytes.get()).isGreaterThanOrEqualTo(3L * rounds);
        long deadline = System.nanoTime() + Duration.ofSeconds(1).toNanos();
        while ((probes.probesRunning() > 0 || ProbesTest.openSockets(lab.gw) > 0) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(probes.probesRunning())
                .as("probe threads still running after %d rounds", rounds)
                .isZero();
        assertThat(ProbesTest.openSockets(lab.gw))
                .as("probe sockets still open in the gateway")
                .isZero();
    }
}
