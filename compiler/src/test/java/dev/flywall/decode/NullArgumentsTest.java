package dev.flywall.decode;

import static dev.flywall.decode.DiagnosticCase.ONE_WAN;
import static dev.flywall.decode.DiagnosticCase.load;
import static org.assertj.core.api.Assertions.assertThat;

import dev.flywall.diag.Code;
import dev.flywall.diag.Diagnostic;
import dev.flywall.model.Config;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code name = null} means "not set", as in HCL: an optional argument takes its default, and a
 * required one is missing.
 */
class NullArgumentsTest {

    private static List<String> codesAndSummaries(Frontend.Result result) {
        return result.diagnostics().stream()
                .map(d -> d.code().id() + " " + d.summary() + " at " + d.subject())
                .toList();
    }

    @Test
    void optionalArgumentSetToNullTakesItsDefault() {
        Frontend.Result result = load("""
                interface "eth0" {
                  zone = "WAN"
                  dhcp = true
                  mtu  = null
                  wan {
                    priority = null
                    weight   = 2
                  }
                  health_check { interval = null }
                }
                uplink_group "default" {
                  mode = null
                  member "eth0" {}
                }
                """ + DiagnosticCase.LAN);
        assertThat(codesAndSummaries(result)).isEmpty();
        Config config = result.config().orElseThrow();
        var eth0 = config.iface("eth0").orElseThrow();
        assertThat(eth0.mtu()).isEmpty();
        assertThat(eth0.wan().orElseThrow().priority()).isEqualTo(1);
        assertThat(eth0.healthCheck().orElseThrow().interval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.group("default").orElseThrow().mode().word()).isEqualTo("failover");
    }

    @Test
    void requiredZoneSetToNullIsMissing() {
        Frontend.Result result = load("interface \"lan0\" { zone = null }\n");
        assertThat(result.diagnostics()).singleElement().satisfies(d -> {
            assertThat(d.code()).isEqualTo(Code.E0304);
            assertThat(d.summary()).isEqualTo("Missing required argument \"zone\"");
            assertThat(d.subject().start().toString()).isEqualTo("1:20"); // the "zone = null" argument
        });
    }

    @Test
    void requiredUplinkSetToNullIsMissing() {
        Frontend.Result result = load(ONE_WAN + """
                policy_route "vpn" {
                  match { protocol = "udp" }
                  uplink = null
                }
                """);
        assertThat(result.config()).isEmpty();
        assertThat(result.diagnostics()).singleElement().satisfies(d -> {
            assertThat(d.code()).isEqualTo(Code.E0304);
            assertThat(d.summary()).isEqualTo("Missing required argument \"uplink\"");
            assertThat(d.subject().start().toString()).isEqualTo("11:3"); // the "uplink = null" argument
        });
    }

    @Test
    void requiredNotificationArgumentsSetToNullAreMissing() {
        Frontend.Result result = load("""
                interface "lan0" { zone = "LAN" }
                notifications {
                  email {
                    smtp = null
                    to   = null
                  }
                  webhook { url = null }
                }
                """);
        assertThat(result.diagnostics())
                .extracting(Diagnostic::code, Diagnostic::summary)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(Code.E0304, "Missing required argument \"smtp\""),
                        org.assertj.core.groups.Tuple.tuple(Code.E0304, "Missing required argument \"to\""),
                        org.assertj.core.groups.Tuple.tuple(Code.E0304, "Missing required argument \"url\""));
    }

    @Test
    void requiredPppoeArgumentsSetToNullAreMissing() {
        Frontend.Result result = load("""
                interface "eth0" {
                  zone = "WAN"
                  pppoe {
                    username = null
                    password = null
                  }
                  wan { priority = 1 }
                }
                uplink_group "default" {
                  member "eth0" {}
                }
                """);
        assertThat(result.diagnostics())
                .extracting(Diagnostic::code, Diagnostic::summary)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(Code.E0304, "Missing required argument \"username\""),
                        org.assertj.core.groups.Tuple.tuple(Code.E0304, "Missing required argument \"password\""));
    }
}
