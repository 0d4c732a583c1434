package dev.flywall.runtime.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The parts of the probes that need no network: verdicts, checksums, messages, target parsing. */
class ProbesLogicTest {

    private static ProbeResult ok(String target) {
        return ProbeResult.answered(target, Duration.ofMillis(3));
    }

    private static ProbeResult dead(String target) {
        return ProbeResult.failed(target, "timeout after 1s");
    }

    @Test
    void aRoundIsGoodWhenEnoughTargetsAnswered() {
        List<ProbeResult> half = List.of(ok("a"), dead("b"));
        assertThat(Probes.good(half, 1)).isTrue();
        assertThat(Probes.good(half, 2)).isFalse();
        assertThat(Probes.good(List.of(ok("a"), ok("b")), 3))
                .as("capped at the number of targets")
                .isTrue();
        assertThat(Probes.good(List.of(dead("a")), 0))
                .as("never good without an answer")
                .isFalse();
        assertThat(Probes.good(List.of(), 0)).isFalse();
    }

    @Test
    void theInternetChecksumFollowsRfc1071() {
        // RFC 1071 section 3's example: the sum is 0xddf2, the checksum its complement
        assertThat(IcmpProbe.checksum(HexFormat.of().parseHex("0001f203f4f5f6f7")))
                .isEqualTo(0x220d);
        byte[] request = IcmpProbe.echoRequest(false, 0x1234, 7, 42L);
        assertThat(request).hasSize(64);
        assertThat(request[0]).isEqualTo((byte) 8);
        assertThat(IcmpProbe.checksum(request))
                .as("a packet with its checksum sums to zero")
                .isZero();
        byte[] v6 = IcmpProbe.echoRequest(true, 0x1234, 7, 42L);
        assertThat(v6[0]).isEqualTo((byte) 128);
        assertThat(v6[2] | v6[3]).as("the kernel computes the ICMPv6 checksum").isZero();
    }

    @Test
    void timeoutsReadLikeTheConfiguration() {
        assertThat(new Budget(0, Duration.ofSeconds(2)).timeoutError()).isEqualTo("timeout after 2s");
        assertThat(Budget.human(Duration.ofMillis(500))).isEqualTo("500ms");
        assertThat(Budget.human(Duration.ofMillis(1500))).isEqualTo("1.5s");
        assertThat(Budget.human(Duration.ofSeconds(90))).isEqualTo("1m30s");
        assertThat(Budget.human(Duration.ofMinutes(2))).isEqualTo("2m");
    }

    @Test
    void targetsAreLiteralsNeverLookedUp() throws Exception {
        assertThat(Probes.literal("203.0.113.1").getHostAddress()).isEqualTo("203.0.113.1");
        assertThat(Probes.literal("[2001:db8::1]").getHostAddress()).isEqualTo("2001:db8:0:0:0:0:0:1");
        for (String bad : List.of("300.1.1.1", "example.org", "2001:db8::zz")) {
            assertThatThrownBy(() -> Probes.literal(bad))
                    .isInstanceOf(ProbeException.class)
                    .hasMessage("not an IP address: " + bad);
        }
    }

    @Test
    void anUnknownTypeOrAClosedProberIsAProgrammingError() {
        Egress any = new Egress("", 0, Optional.empty());
        try (Probes probes = new Probes()) {
            assertThatThrownBy(() -> probes.round(
                            ProbesTest.check("smtp", List.of("192.0.2.1"), 25, "", "", 0, Duration.ofSeconds(1), 1),
                            any))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("unknown health check type: smtp");
            probes.close();
            assertThatThrownBy(() -> probes.round(ProbesTest.tcp(Duration.ofSeconds(1), 1, 80, "192.0.2.1"), any))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("probes are closed");
        }
    }
}
