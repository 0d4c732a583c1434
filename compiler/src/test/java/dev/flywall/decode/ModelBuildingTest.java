package dev.flywall.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.flywall.diag.Code;
import dev.flywall.model.Cidr;
import dev.flywall.model.Config;
import dev.flywall.model.HealthCheck;
import dev.flywall.model.Interface;
import dev.flywall.model.PolicyRoute;
import dev.flywall.model.PortRange;
import dev.flywall.model.Secret;
import dev.flywall.model.UplinkGroup;
import dev.flywall.source.SourceFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The model the front end builds from the scenario files in {@code examples/}: what each says,
 * with the schema's defaults filled in where it is silent.
 */
class ModelBuildingTest {

    private static final Path EXAMPLES = Path.of("..", "examples");

    static Stream<Path> examples() throws IOException {
        try (Stream<Path> files = Files.list(EXAMPLES)) {
            List<Path> hcl =
                    files.filter(p -> p.toString().endsWith(".hcl")).sorted().toList();
            assertThat(hcl).as("examples in %s", EXAMPLES.toAbsolutePath()).isNotEmpty();
            return hcl.stream();
        }
    }

    static Config example(String name) throws IOException {
        Path path = EXAMPLES.resolve(name);
        Frontend.Result result =
                Frontend.load(List.of(new SourceFile(name, Files.readString(path, StandardCharsets.UTF_8))), Map.of());
        assertThat(result.diagnostics()).as(name).isEmpty();
        return result.config().orElseThrow();
    }

    static Cidr ip(String text) {
        return Cidr.parse(text).orElseThrow();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void everyExampleBuildsAModelWithoutDiagnostics(Path file) throws IOException {
        Config config = example(file.getFileName().toString());
        assertThat(config.wans()).isNotEmpty();
        assertThat(config.uplinkGroups()).isNotEmpty();
    }

    @Test
    void dualWanHasTwoPrioritisedWansInOneFailoverGroup() throws IOException {
        Config config = example("dual-wan.hcl");
        assertThat(config.interfaces()).extracting(Interface::name).containsExactly("eth0", "eth1", "eth2");
        assertThat(config.wans()).extracting(Interface::name).containsExactly("eth0", "eth1");
        assertThat(config.wans())
                .extracting(i -> i.wan().orElseThrow().priority())
                .containsExactly(1, 2);
        assertThat(config.wans())
                .extracting(i -> i.wan().orElseThrow().weight())
                .containsExactly(1, 1);
        assertThat(config.wans()).allSatisfy(i -> assertThat(i.addressing()).isEqualTo("dhcp"));
        Interface lan = config.iface("eth2").orElseThrow();
        assertThat(lan.isWan()).isFalse();
        assertThat(lan.zone()).isEqualTo("LAN");
        assertThat(lan.addresses()).containsExactly(ip("192.168.1.1/24"));
        assertThat(lan.addressing()).isEqualTo("static");

        UplinkGroup group = config.group("default").orElseThrow();
        assertThat(group.mode()).isEqualTo(UplinkGroup.Mode.FAILOVER);
        assertThat(group.sticky()).isFalse();
        assertThat(group.stickyTimeout()).isEmpty();
        assertThat(group.failback()).isEqualTo(UplinkGroup.Failback.AUTO);
        assertThat(group.failbackDelay()).isEqualTo(Duration.ZERO);
        assertThat(group.members()).extracting(UplinkGroup.Member::iface).containsExactly("eth0", "eth1");
        assertThat(group.members()).extracting(UplinkGroup.Member::priority).containsExactly(1, 2);
    }

    @Test
    void dualWanMemberChecksHaveTheirTargetsAndTheDefaultTimeout() throws IOException {
        List<UplinkGroup.Member> members =
                example("dual-wan.hcl").group("default").orElseThrow().members();
        HealthCheck eth0 = members.get(0).healthCheck();
        HealthCheck eth1 = members.get(1).healthCheck();
        assertThat(eth0.probe()).isEqualTo(new HealthCheck.Icmp(List.of(ip("1.1.1.1"), ip("8.8.8.8"))));
        assertThat(eth1.probe()).isEqualTo(new HealthCheck.Icmp(List.of(ip("1.0.0.1"), ip("8.8.4.4"))));
        for (HealthCheck check : List.of(eth0, eth1)) {
            assertThat(check.interval()).isEqualTo(Duration.ofSeconds(5));
            assertThat(check.timeout()).isEqualTo(Duration.ofSeconds(2)); // written for eth0, the default for eth1
            assertThat(check.thresholdDown()).isEqualTo(3);
            assertThat(check.thresholdUp()).isEqualTo(2);
            assertThat(check.reliability()).isEqualTo(1);
            assertThat(check.detectionTime()).isEqualTo(Duration.ofSeconds(15));
        }
        assertThat(eth0.span().start().line()).isEqualTo(35);
        assertThat(eth1.span().start().line()).isEqualTo(47);
    }

    @Test
    void dualWanRoutesTheVpnOverEth0() throws IOException {
        Config config = example("dual-wan.hcl");
        assertThat(config.policyRoutes()).hasSize(1);
        PolicyRoute vpn = config.policyRoutes().get(0);
        assertThat(vpn.name()).isEqualTo("work-vpn");
        assertThat(vpn.uplink()).isEqualTo("eth0");
        assertThat(vpn.strict()).isFalse();
        assertThat(vpn.priority()).isEqualTo(100);
        assertThat(vpn.match().protocols())
                .extracting(PolicyRoute.Protocol::name, PolicyRoute.Protocol::number)
                .containsExactly(tuple("udp", 17));
        assertThat(vpn.match().destPorts()).containsExactly(new PortRange(1194, 1194));
        assertThat(vpn.match().sources()).isEmpty();
        assertThat(vpn.match().destinations()).isEmpty();
        assertThat(vpn.match().sourcePorts()).isEmpty();
        assertThat(config.ipsets()).isEmpty();
    }

    @Test
    void unwrittenTopLevelBlocksTakeTheirDefaults() throws IOException {
        Config config = example("dual-wan.hcl");
        assertThat(config.notifications().email()).isEmpty();
        assertThat(config.notifications().webhook()).isEmpty();
        assertThat(config.api().listen().toString()).isEqualTo("127.0.0.1:8080");
        assertThat(config.api().token()).isEmpty();
        assertThat(config.runtime().stateDir()).isEqualTo("/var/lib/flywall");
        assertThat(config.runtime().historyRetention()).isEqualTo(Duration.ofDays(30));
    }

    @Test
    void policyRoutingPinsVpnStreamingAndGaming() throws IOException {
        Config config = example("policy-routing.hcl");
        UplinkGroup group = config.group("default").orElseThrow();
        assertThat(group.mode()).isEqualTo(UplinkGroup.Mode.BALANCE);
        assertThat(group.members()).extracting(UplinkGroup.Member::weight).containsExactly(2, 1);
        assertThat(group.members()).extracting(UplinkGroup.Member::priority).containsExactly(1, 1);

        assertThat(config.ipsets()).hasSize(1);
        var set = config.ipsets().get(0);
        assertThat(set.name()).isEqualTo("streaming_services");
        assertThat(set.family()).isEqualTo(Cidr.Family.IPV4);
        assertThat(set.entries())
                .extracting(e -> e.cidr().toString())
                .containsExactly("198.51.100.0/24", "203.0.113.0/25");

        assertThat(config.policyRoutes())
                .extracting(PolicyRoute::name, PolicyRoute::uplink, PolicyRoute::strict, PolicyRoute::order)
                .containsExactly(
                        tuple("work-vpn", "eth0", true, 0),
                        tuple("streaming", "eth1", false, 1),
                        tuple("gaming", "eth0", false, 2));
        PolicyRoute streaming = config.policyRoutes().get(1);
        assertThat(streaming.match().destinations())
                .singleElement()
                .isInstanceOfSatisfying(
                        PolicyRoute.SetRef.class, r -> assertThat(r.set()).isEqualTo("streaming_services"));
        PolicyRoute gaming = config.policyRoutes().get(2);
        assertThat(gaming.match().sources())
                .singleElement()
                .isInstanceOfSatisfying(
                        PolicyRoute.Prefix.class, p -> assertThat(p.cidr()).isEqualTo(ip("192.168.1.50")));
        assertThat(gaming.match().protocols())
                .extracting(PolicyRoute.Protocol::number)
                .containsExactly(17);
    }

    @Test
    void cableDslTakesThePppoeLoginFromTheVariableAndThePasswordFromTheEnvironment() throws IOException {
        Config config = example("cable-dsl-pppoe.hcl");
        Interface dsl = config.iface("eth1").orElseThrow();
        assertThat(dsl.addressing()).isEqualTo("pppoe");
        Interface.Pppoe pppoe = dsl.pppoe().orElseThrow();
        assertThat(pppoe.username()).isEqualTo("user@isp.com");
        assertThat(pppoe.password()).isEqualTo(new Secret.Env("FLYWALL_PPPOE_PASSWORD"));
        assertThat(config.wans())
                .extracting(i -> i.wan().orElseThrow().bandwidth().orElseThrow().bitsPerSecond())
                .containsExactly(100_000_000L, 20_000_000L);
        assertThat(config.wans()).allSatisfy(i -> {
            assertThat(i.wan().orElseThrow().table()).isEmpty();
            assertThat(i.wan().orElseThrow().mark()).isEmpty();
        });
    }

    @Test
    void lteBackupMemberInheritsTheInterfaceCheck() throws IOException {
        Config config = example("lte-backup.hcl");
        HealthCheck own = config.iface("usb0").orElseThrow().healthCheck().orElseThrow();
        UplinkGroup group = config.group("default").orElseThrow();
        assertThat(group.members())
                .extracting(UplinkGroup.Member::iface, UplinkGroup.Member::priority)
                .containsExactly(tuple("eth0", 1), tuple("usb0", 10));
        HealthCheck usb0 = group.members().get(1).healthCheck();
        assertThat(usb0).isEqualTo(own);
        assertThat(usb0.interval()).isEqualTo(Duration.ofSeconds(10));
        assertThat(usb0.thresholdDown()).isEqualTo(2);
        assertThat(usb0.thresholdUp()).isEqualTo(3);
        assertThat(usb0.timeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(usb0.probe()).isEqualTo(new HealthCheck.Icmp(Schema.DEFAULT_TARGETS));

        HealthCheck eth0 = group.members().get(0).healthCheck();
        assertThat(eth0.probe()).isEqualTo(new HealthCheck.Icmp(List.of(ip("1.1.1.1"), ip("8.8.8.8"))));
        assertThat(eth0.interval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(eth0.thresholdDown()).isEqualTo(3);
        assertThat(eth0.thresholdUp()).isEqualTo(2);
        assertThat(config.iface("eth0").orElseThrow().healthCheck()).isEmpty();
    }

    @Test
    void httpCheckExampleHasAnHttpAndADnsProbe() throws IOException {
        Config config = example("http-check.hcl");
        HealthCheck http = config.iface("eth0").orElseThrow().healthCheck().orElseThrow();
        assertThat(http.probe())
                .isEqualTo(new HealthCheck.Http("http://connectivitycheck.gstatic.com/generate_204", 204));
        assertThat(http.interval()).isEqualTo(Duration.ofSeconds(10));
        assertThat(http.thresholdDown()).isEqualTo(2);
        assertThat(http.thresholdUp()).isEqualTo(2);
        HealthCheck dns = config.iface("eth1").orElseThrow().healthCheck().orElseThrow();
        assertThat(dns.probe()).isEqualTo(new HealthCheck.Dns(List.of(ip("1.1.1.1"), ip("9.9.9.9")), "example.com"));
        assertThat(dns.reliability()).isEqualTo(2);
        assertThat(config.group("default").orElseThrow().members())
                .extracting(m -> m.healthCheck().probe().type())
                .containsExactly("http", "dns");
    }

    @Test
    void notificationsExampleHasEmailAndWebhook() throws IOException {
        var notifications = example("notifications.hcl").notifications();
        var email = notifications.email().orElseThrow();
        assertThat(email.enabled()).isTrue();
        assertThat(email.smtp().host()).isEqualTo("smtp.example.com");
        assertThat(email.smtp().port()).isEqualTo(587);
        assertThat(email.from()).isEqualTo("gateway@example.com");
        assertThat(email.to()).containsExactly("admin@example.com");
        assertThat(email.username()).contains("gateway@example.com");
        assertThat(email.password()).contains(new Secret.Env("FLYWALL_SMTP_PASSWORD"));
        assertThat(email.starttls()).isTrue();
        assertThat(email.events()).containsExactly("wan_down", "wan_up", "failover");
        var webhook = notifications.webhook().orElseThrow();
        assertThat(webhook.url()).isEqualTo("https://hooks.example.com/services/xxx");
        assertThat(webhook.events()).containsExactly("wan_down", "failover");
        assertThat(webhook.headers()).isEmpty();
        assertThat(webhook.timeout()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void balanceStickyEvaluatesLocalsForWeights() throws IOException {
        Config config = example("balance-sticky.hcl");
        UplinkGroup group = config.group("balanced").orElseThrow();
        assertThat(group.mode()).isEqualTo(UplinkGroup.Mode.BALANCE);
        assertThat(group.sticky()).isTrue();
        assertThat(group.stickyTimeout()).contains(Duration.ofHours(1));
        assertThat(group.members()).extracting(UplinkGroup.Member::weight).containsExactly(5, 3, 2);
        assertThat(group.members()).extracting(UplinkGroup.Member::priority).containsExactly(1, 1, 1);
        assertThat(config.wans())
                .extracting(i -> i.wan().orElseThrow().weight())
                .containsExactly(5, 3, 2);
    }

    /** A snippet's model; its only allowed diagnostic is W0511, since snippets here have WANs only. */
    static Config load(String text) {
        Frontend.Result result = DiagnosticCase.load(text);
        assertThat(result.diagnostics())
                .as("diagnostics")
                .allSatisfy(d -> assertThat(d.code()).isEqualTo(Code.W0511));
        return result.config().orElseThrow();
    }

    private static final String LAYERED = """
            interface "eth0" {
              zone = "WAN"
              dhcp = true
              wan {
                priority = 3
                weight   = 7
              }
              health_check {
                targets        = ["1.1.1.1", "8.8.8.8"]
                interval       = "10s"
                threshold_down = 4
              }
            }
            interface "eth1" {
              zone = "WAN"
              dhcp = true
              wan { priority = 5 }
            }
            uplink_group "default" {
              member "eth0" {
                health_check {
                  targets = ["9.9.9.9", "149.112.112.112"]
                }
              }
              member "eth1" { weight = 4 }
            }
            uplink_group "backup" {
              member "eth2" {
                priority = 9
                health_check { interval = "3s" }
              }
            }
            interface "eth2" {
              zone = "WAN"
              dhcp = true
              wan {
                priority = 3
                weight   = 7
              }
              health_check {
                targets        = ["1.1.1.1", "8.8.8.8"]
                interval       = "10s"
                threshold_down = 4
              }
            }
            interface "lan0" {
              zone = "LAN"
            }
            """;

    @Test
    void memberCheckOverridesOnlyWhatItWrites() {
        Config config = load(LAYERED);
        HealthCheck iface = config.iface("eth0").orElseThrow().healthCheck().orElseThrow();
        HealthCheck member =
                config.group("default").orElseThrow().members().get(0).healthCheck();
        assertThat(member.probe()).isEqualTo(new HealthCheck.Icmp(List.of(ip("9.9.9.9"), ip("149.112.112.112"))));
        assertThat(member.interval()).as("the interface's interval").isEqualTo(Duration.ofSeconds(10));
        assertThat(member.thresholdDown()).as("the interface's threshold_down").isEqualTo(4);
        assertThat(member.thresholdUp()).as("the default threshold_up").isEqualTo(2);
        assertThat(member.timeout()).as("the default timeout").isEqualTo(Duration.ofSeconds(2));
        assertThat(member.span().start().line()).as("the member's own block").isEqualTo(21);
        assertThat(iface.probe())
                .as("the interface keeps its own targets")
                .isEqualTo(new HealthCheck.Icmp(List.of(ip("1.1.1.1"), ip("8.8.8.8"))));

        HealthCheck backup =
                config.group("backup").orElseThrow().members().get(0).healthCheck();
        assertThat(backup.interval()).isEqualTo(Duration.ofSeconds(3));
        assertThat(backup.probe())
                .as("the interface's targets (eth2's are eth0's)")
                .isEqualTo(iface.probe());
        assertThat(backup.thresholdDown()).isEqualTo(4);
    }

    @Test
    void memberPriorityAndWeightDefaultToTheInterfaceWanValues() {
        Config config = load(LAYERED);
        assertThat(config.group("default").orElseThrow().members())
                .extracting(UplinkGroup.Member::iface, UplinkGroup.Member::priority, UplinkGroup.Member::weight)
                .containsExactly(tuple("eth0", 3, 7), tuple("eth1", 5, 4));
        assertThat(config.group("backup").orElseThrow().members())
                .extracting(UplinkGroup.Member::priority, UplinkGroup.Member::weight)
                .containsExactly(tuple(9, 7));
        HealthCheck eth1 =
                config.group("default").orElseThrow().members().get(1).healthCheck();
        assertThat(eth1.probe())
                .as("no check anywhere: the defaults")
                .isEqualTo(new HealthCheck.Icmp(Schema.DEFAULT_TARGETS));
        assertThat(eth1.interval()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void secretsAreReferencesOrRedactedPlainValues() {
        Frontend.Result result = DiagnosticCase.load("""
                interface "eth0" {
                  zone = "WAN"
                  pppoe {
                    username = "user@isp.example"
                    password = file("/etc/flywall/pppoe-password")
                  }
                  wan { priority = 1 }
                }
                uplink_group "default" {
                  member "eth0" {}
                }
                notifications {
                  email {
                    smtp     = "smtp.example.com:587"
                    to       = ["admin@example.com"]
                    password = env("SMTP_PASSWORD")
                  }
                  webhook {
                    url     = "https://hooks.example.com/flywall"
                    headers = { Authorization = "Bearer s3cr3t-t0ken" }
                  }
                }
                api { token = "api-s3cr3t" }
                """);
        assertThat(result.diagnostics())
                .allSatisfy(d -> assertThat(d.code().id()).isIn("W0507", "W0511"));
        Config config = result.config().orElseThrow();
        Secret pppoe = config.iface("eth0").orElseThrow().pppoe().orElseThrow().password();
        assertThat(pppoe).isEqualTo(new Secret.File("/etc/flywall/pppoe-password"));
        assertThat(pppoe.redacted()).isEqualTo("file(\"/etc/flywall/pppoe-password\")");
        Secret smtp = config.notifications().email().orElseThrow().password().orElseThrow();
        assertThat(smtp).isEqualTo(new Secret.Env("SMTP_PASSWORD"));
        assertThat(smtp.redacted()).isEqualTo("env(\"SMTP_PASSWORD\")");
        Secret header = config.notifications().webhook().orElseThrow().headers().get("Authorization");
        assertThat(header)
                .isInstanceOfSatisfying(
                        Secret.Plain.class, p -> assertThat(p.value()).isEqualTo("Bearer s3cr3t-t0ken"));
        assertThat(header.toString()).isEqualTo("(sensitive)");
        assertThat(header.redacted()).isEqualTo("(sensitive)");
        assertThat(config.api().token())
                .hasValueSatisfying(t -> assertThat(((Secret.Plain) t).value()).isEqualTo("api-s3cr3t"));
        assertThat(config.toString())
                .doesNotContain("s3cr3t")
                .contains("(sensitive)")
                .contains("SMTP_PASSWORD", "/etc/flywall/pppoe-password");
    }
}
