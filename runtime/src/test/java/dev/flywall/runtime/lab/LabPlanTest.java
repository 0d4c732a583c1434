package dev.flywall.runtime.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flywall.Compiler;
import dev.flywall.bundle.BundleJson;
import dev.flywall.bundle.WatchdogFile;
import dev.flywall.source.SourceFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the lab would build, without building it: addresses, target mapping, policy probes, refusals. */
class LabPlanTest {

    static LabPlan plan(Path file) throws Exception {
        Compiler.Result r =
                Compiler.compile(List.of(new SourceFile(file.toString(), Files.readString(file))), Map.of());
        return LabPlan.of(
                "t", r.config().orElseThrow(), r.artifacts().orElseThrow().watchdogJson());
    }

    @Test
    void dualWanIsSealedAndMapped() throws Exception {
        LabPlan p = plan(Path.of("..", "examples", "dual-wan.hcl"));
        assertThat(p.isps()).extracting(LabPlan.Isp::namespace).containsExactly("t-isp-eth0", "t-isp-eth1");
        assertThat(p.isps()).extracting(LabPlan.Isp::gatewayAddress).containsExactly("198.51.100.2", "198.51.100.6");
        assertThat(p.isps()).extracting(LabPlan.Isp::ispAddress).containsExactly("198.51.100.1", "198.51.100.5");
        assertThat(p.lans()).singleElement().satisfies(l -> {
            assertThat(l.namespace()).isEqualTo("t-lan-eth2");
            assertThat(l.clientAddress()).isEqualTo("192.168.1.2");
        });
        assertThat(p.targetMap()).containsEntry("1.1.1.1", "203.0.113.200").containsEntry("8.8.4.4", "203.0.113.203");
        // the daemon never sees an address outside the lab
        assertThat(p.watchdogJson())
                .doesNotContain("1.1.1.1")
                .doesNotContain("8.8.8.8")
                .contains("203.0.113.201");
        assertThat(p.internet()).allMatch(a -> a.startsWith("203.0.113."));
    }

    @Test
    void dualStackMapsEachFamilyOntoItsOwnHosts() throws Exception {
        LabPlan p = plan(Path.of("..", "examples", "ipv6-dual-stack.hcl"));
        // IPv6 targets onto IPv6 internet hosts, IPv4 ones onto IPv4 hosts: never across
        p.targetMap()
                .forEach((from, to) ->
                        assertThat(to.contains(":")).as(from + " -> " + to).isEqualTo(from.contains(":")));
        assertThat(p.targetMap())
                .containsEntry("2606:4700:4700::1111", "2001:db8:ffff::200")
                .containsEntry("2620:fe::fe", "2001:db8:ffff::201");
        assertThat(p.internet6()).startsWith("2001:db8:ffff::200", "2001:db8:ffff::201", "2001:db8:ffff::202");
        assertThat(p.watchdogJson()).doesNotContain("2606:4700").doesNotContain("2620:fe::fe");
        // the static uplinks keep their declared IPv6 addresses and gateways
        assertThat(p.isps())
                .extracting(LabPlan.Isp::gatewayAddress6, LabPlan.Isp::ispAddress6, LabPlan.Isp::prefix6)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("2001:db8:100::10", "2001:db8:100::1", 64),
                        org.assertj.core.groups.Tuple.tuple("2001:db8:200::20", "2001:db8:200::1", 64));
        LabPlan.Lan lan = p.lans().get(0);
        assertThat(lan.clientAddress6()).isNotEmpty();
        assertThat(dev.flywall.model.Cidr.parse(lan.gatewayAddress6() + "/" + lan.prefix6())
                        .orElseThrow()
                        .contains(dev.flywall.model.Cidr.parse(lan.clientAddress6())
                                .orElseThrow()))
                .isTrue();
        // partner-v6 (source: the LAN's prefix, where the client is; destination: the partner's set)
        assertThat(p.policies())
                .contains(new LabPlan.PolicyProbe("partner-v6", "tcp", 80, "2001:db8:4000::", "eth0", true));
        assertThat(p.internet6()).contains("2001:db8:4000::");
    }

    @Test
    void anIpv4OnlyUplinkGetsAnIpv6LinkOfTheLabs() throws Exception {
        LabPlan p = plan(Path.of("..", "examples", "dual-wan.hcl"));
        assertThat(p.isps())
                .extracting(LabPlan.Isp::ispAddress6)
                .containsExactly("2001:db8:ff00::1", "2001:db8:ff01::1");
        assertThat(p.isps()).extracting(LabPlan.Isp::gatewayAddress6).containsOnly("");
        assertThat(p.lans().get(0).clientAddress6()).isEmpty();
        assertThat(p.internet6()).containsExactly("2001:db8:ffff::200", "2001:db8:ffff::201");
    }

    @Test
    void anUplinkThatLearnsIpv6GetsRouterAdvertisementsAnAddressAndAPrefix() throws Exception {
        LabPlan p = plan(Path.of("..", "examples", "ipv6-dynamic.hcl"));
        LabPlan.Isp cable = p.isps().get(1);
        assertThat(cable.uplink()).isEqualTo("eth1");
        assertThat(cable.dynamic6()).isTrue();
        assertThat(cable.dhcp6()).isTrue();
        assertThat(cable.gatewayAddress6()).isEmpty();
        assertThat(cable.ispAddress6()).isEqualTo("2001:db8:ff01::1");
        assertThat(cable.delegated6()).isEqualTo("2001:db8:ff41::/60");
        LabDhcp.Ipv6Isp servers = cable.ipv6Isp("t-gw").orElseThrow();
        assertThat(servers.linkPrefix()).isEqualTo("2001:db8:ff01::/64");
        assertThat(servers.delegated()).contains("2001:db8:ff41::/60");
        assertThat(servers.nextDelegated()).isEqualTo("2001:db8:ff51::/60");
        // the static fibre uplink: its routed NPT prefix, no servers
        assertThat(p.isps().get(0).routed6()).containsExactly("2001:db8:100:1000::/64");
        assertThat(p.isps().get(0).ipv6Isp("t-gw")).isEmpty();
    }

    @Test
    void anIpv6UrlGoesToAnIpv6Host() throws Exception {
        String config = """
                interface "eth0" {
                  zone = "WAN"
                  dhcp = true
                  wan { priority = 1 }
                  health_check {
                    type = "http"
                    url  = "https://[2001:4860:4860::8888]/generate_204"
                  }
                }
                interface "eth1" {
                  zone    = "LAN"
                  address = "192.168.1.1/24"
                }
                uplink_group "default" {
                  member "eth0" {}
                }
                """;
        Compiler.Result r = Compiler.compile(List.of(new SourceFile("v6url.hcl", config)), Map.of());
        LabPlan p = LabPlan.of(
                "t", r.config().orElseThrow(), r.artifacts().orElseThrow().watchdogJson());
        assertThat(p.targetMap())
                .containsEntry(
                        "https://[2001:4860:4860::8888]/generate_204", "http://[2001:db8:ffff::200]:80/generate_204");
        assertThat(p.watchdogJson()).contains("http://[2001:db8:ffff::200]:80/generate_204");
        assertThat(p.internet()).allMatch(a -> !a.contains(":"));
    }

    @Test
    void urlsWebhooksAndMailAreMappedToo() throws Exception {
        LabPlan http = plan(Path.of("..", "examples", "http-check.hcl"));
        assertThat(http.watchdogJson())
                .doesNotContain("gstatic")
                .containsPattern("\"url\" : \"http://203\\.0\\.113\\.2\\d\\d:80/");
        assertThat(http.httpStatuses()).isNotEmpty();
        assertThat(http.targetMap()).allSatisfy((from, to) -> assertThat(to).doesNotContain("["));
        LabPlan notify = plan(Path.of("..", "examples", "notifications.hcl"));
        assertThat(notify.watchdogJson())
                .doesNotContain("example.com:587")
                .contains("/webhook/services/")
                .contains("\"starttls\" : false");
    }

    @Test
    void policyProbesFollowTheRoutes() throws Exception {
        LabPlan p = plan(Path.of("..", "cli", "src", "test", "resources", "lab", "policy.hcl"));
        assertThat(p.policies())
                .containsExactly(
                        new LabPlan.PolicyProbe("vpn", "udp", 1194, "203.0.113.200", "eth0", false),
                        new LabPlan.PolicyProbe("office", "tcp", 80, "203.0.113.203", "eth0", true));
        assertThat(p.isps().get(0).tcpPorts()).contains(80);
    }

    @Test
    void staticUplinksOutsideTheDocumentationRangesAreRefused() {
        String config = """
                interface "eth0" {
                  zone    = "WAN"
                  address = "10.0.0.2/24"
                  gateway = "10.0.0.1"
                  wan { priority = 1 }
                }
                interface "eth1" {
                  zone    = "LAN"
                  address = "192.168.1.1/24"
                }
                uplink_group "default" {
                  member "eth0" {}
                }
                """;
        Compiler.Result r = Compiler.compile(List.of(new SourceFile("static.hcl", config)), Map.of());
        assertThatThrownBy(() -> LabPlan.of(
                        "t",
                        r.config().orElseThrow(),
                        r.artifacts().orElseThrow().watchdogJson()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("eth0 uses 10.0.0.2/24 via 10.0.0.1; the lab only uses documentation ranges");
    }

    @Test
    void onlyTheTargetsChangeEverythingElseIsAsCompiled() throws Exception {
        for (String example : List.of("dual-wan.hcl", "http-check.hcl", "notifications.hcl", "balance-sticky.hcl")) {
            Path file = Path.of("..", "examples", example);
            Compiler.Result r =
                    Compiler.compile(List.of(new SourceFile(file.toString(), Files.readString(file))), Map.of());
            WatchdogFile before =
                    BundleJson.watchdog(r.artifacts().orElseThrow().watchdogJson());
            WatchdogFile after = BundleJson.watchdog(plan(file).watchdogJson());
            assertThat(after.withGroups(before.groups()).withNotifications(before.notifications()))
                    .as(example)
                    .isEqualTo(before);
            for (int g = 0; g < before.groups().size(); g++) {
                for (int m = 0; m < before.groups().get(g).members().size(); m++) {
                    WatchdogFile.HealthCheck was =
                            before.groups().get(g).members().get(m).healthCheck();
                    WatchdogFile.HealthCheck is =
                            after.groups().get(g).members().get(m).healthCheck();
                    assertThat(is.withTargets(was.targets(), was.url()))
                            .as(example)
                            .isEqualTo(was);
                    assertThat(after.groups().get(g).members().get(m).withHealthCheck(was))
                            .isEqualTo(before.groups().get(g).members().get(m));
                }
                assertThat(after.groups()
                                .get(g)
                                .withMembers(before.groups().get(g).members()))
                        .isEqualTo(before.groups().get(g));
            }
        }
    }
}
