package dev.flywall.decode;

import static dev.flywall.decode.DiagnosticCase.load;
import static org.assertj.core.api.Assertions.assertThat;

import dev.flywall.model.HealthCheck;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * One diagnostic per mistake, all independent mistakes at once, in source order, in plain
 * English: the qualities the diagnostic tables take for granted.
 */
class DiagnosticQualityTest {

    private static List<String> rendered(Frontend.Result result) {
        return result.diagnostics().stream()
                .map(d -> d.subject().start() + " " + d.code().id() + " " + d.summary())
                .toList();
    }

    @Test
    void independentMistakesAreAllReportedInSourceOrder() {
        Frontend.Result result = load("""
                interface "eth0" {
                  zone = "WAN"
                  mtu  = 10
                  wan { prority = 1 }
                }
                uplink_group "default" {
                  mode = "balanced"
                  member "eth0" {}
                }
                notifications {
                  webhook { url = "hooks.example.com" }
                }
                """);
        assertThat(rendered(result))
                .containsExactly(
                        "3:10 E0305 Value out of range",
                        "4:9 E0302 Unsupported argument \"prority\"",
                        "7:10 E0308 Invalid value",
                        "11:19 E0315 Invalid URL");
        assertThat(result.config()).isEmpty();
    }

    /** An interface health check with a mistake; the interface is the only member of one group. */
    private static String interfaceCheck(String check) {
        return """
                interface "eth0" {
                  zone = "WAN"
                  dhcp = true
                  wan { priority = 1 }
                  health_check { %s }
                }
                uplink_group "default" {
                  member "eth0" {}
                }
                """.formatted(check);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "port = 80|5:25 E0320 Conflicting arguments",
                "reliability = 3|5:32 E0305 Value out of range",
                "type = \"http\"|5:3 E0409 Incomplete health check"
            })
    void mistakeInAnInheritedCheckIsReportedOnce(String check, String expected) {
        assertThat(rendered(load(interfaceCheck(check)))).containsExactly(expected);
    }

    @Test
    void memberMayChangeTheTypeOfAnInheritedCheck() {
        Frontend.Result result = load("""
                interface "eth0" {
                  zone = "WAN"
                  dhcp = true
                  wan { priority = 1 }
                  health_check {
                    type = "http"
                    url  = "http://connectivitycheck.gstatic.com/generate_204"
                  }
                }
                uplink_group "default" {
                  member "eth0" {
                    health_check { type = "icmp" }
                  }
                }
                """ + DiagnosticCase.LAN);
        assertThat(rendered(result)).isEmpty();
        var config = result.config().orElseThrow();
        assertThat(config.group("default")
                        .orElseThrow()
                        .members()
                        .get(0)
                        .healthCheck()
                        .probe())
                .isEqualTo(new HealthCheck.Icmp(Schema.DEFAULT_TARGETS));
        assertThat(config.iface("eth0")
                        .orElseThrow()
                        .healthCheck()
                        .orElseThrow()
                        .probe())
                .isInstanceOf(HealthCheck.Http.class);
    }

    @Test
    void blockArgumentConfusionIsOneMistake() {
        assertThat(rendered(load("""
                interface "lan0" {
                  zone {}
                }
                """))).containsExactly("2:3 E0301 Unsupported block type \"zone\"");
        assertThat(rendered(load(DiagnosticCase.ONE_WAN + """
                policy_route "vpn" {
                  match = { protocol = "udp" }
                  uplink = "eth0"
                }
                """)))
                .containsExactly("10:3 E0302 Unsupported argument \"match\"");
    }

    @Test
    void articlesAgreeWithTheBlockName() {
        assertThat(load("interface \"lan0\" {\n}\n").diagnostics().get(0).detail())
                .startsWith("An interface block needs \"zone\"");
        assertThat(load("interface {\n  zone = \"LAN\"\n}\n")
                        .diagnostics()
                        .get(0)
                        .detail())
                .startsWith("An interface block takes one label");
        assertThat(load("uplink_group {\n}\n").diagnostics().get(0).detail())
                .startsWith("An uplink_group block takes one label");
    }
}
