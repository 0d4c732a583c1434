package dev.flywall.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flywall.Compiler;
import dev.flywall.bundle.BundleJson;
import dev.flywall.bundle.WatchdogFile;
import dev.flywall.model.Cidr;
import dev.flywall.render.NetworkdFiles;
import dev.flywall.source.SourceFile;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What the uplinks' {@code ipv6} blocks compile to (issue 16): the NPT chains with
 * {@link NptRules}' statements (empty for a delegated prefix), IPv6 masquerade in the NAT
 * postrouting, watchdog.json's {@code nat6} and {@code ipv6}, and routes6.ip for uplinks whose
 * IPv6 is learned at run time.
 */
public class Ipv6PlanTest {

    /** eth0: static dual-stack, IPv6 masqueraded to its own address; eth1: DHCP, IPv6 by SLAAC, masqueraded. */
    public static final String MASQUERADE = """
            interface "eth0" {
              zone      = "WAN"
              addresses = ["192.0.2.10/24", "2001:db8:100::10/64"]
              gateway   = ["192.0.2.1", "2001:db8:100::1"]
              ipv6 { nat = "masquerade" }
              wan { priority = 1 }
            }
            interface "eth1" {
              zone = "WAN"
              dhcp = true
              ipv6 {
                autoconf = true
                nat      = "masquerade"
              }
              wan { priority = 2 }
            }
            interface "lan0" {
              zone      = "LAN"
              addresses = ["192.168.1.1/24", "fd00:10::1/64"]
            }
            uplink_group "default" {
              member "eth0" {}
              member "eth1" {}
            }
            """;

    /** eth0: NPT to a routed /64; eth1: DHCP with a delegated prefix as NPT outside; eth2: IPv4 only. */
    public static final String NPT = """
            interface "eth0" {
              zone      = "WAN"
              addresses = ["192.0.2.10/24", "2001:db8:100::10/64"]
              gateway   = ["192.0.2.1", "2001:db8:100::1"]
              ipv6 {
                nat    = "npt"
                prefix = "2001:db8:100:1000::/64"
              }
              wan { priority = 1 }
            }
            interface "eth1" {
              zone = "WAN"
              dhcp = true
              ipv6 {
                prefix_delegation = true
                nat               = "npt"
              }
              wan { priority = 2 }
            }
            interface "eth2" {
              zone = "WAN"
              dhcp = true
              wan { priority = 3 }
            }
            interface "lan0" {
              zone      = "LAN"
              addresses = ["192.168.1.1/24", "fd00:10::1/64"]
            }
            uplink_group "default" {
              member "eth0" {}
              member "eth1" {}
              member "eth2" {}
            }
            """;

    private static Compiler.Artifacts compile(String text) {
        return InterfacesPlanTest.compile(text);
    }

    private static WatchdogFile watchdog(Compiler.Artifacts a) {
        try {
            return BundleJson.watchdog(a.watchdogJson());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void masqueradeSnatsToTheStaticAddressAndMasqueradesALearnedOne() {
        Compiler.Artifacts a = compile(MASQUERADE);
        assertThat(a.rulesetNft())
                .contains("iifname @lan_devices meta nfproto ipv6 oifname vmap { \"eth0\" : jump nat6_eth0,"
                        + " \"eth1\" : jump nat6_eth1 } comment \"IPv6 source NAT per uplink (nat masquerade)\"")
                .contains("ct mark and 0xff00 != 0 meta nfproto ipv6 oifname vmap { \"eth0\" : jump nat6_eth0,"
                        + " \"eth1\" : jump nat6_eth1 }")
                .contains("chain nat6_eth0 {\n\t\tsnat ip6 to 2001:db8:100::10 comment \"uplink eth0\"\n\t}")
                .contains("chain nat6_eth1 {\n\t\tmasquerade comment \"uplink eth1\"\n\t}")
                .doesNotContain("npt_");
        List<WatchdogFile.Uplink> uplinks = watchdog(a).uplinks();
        assertThat(uplinks)
                .extracting(WatchdogFile.Uplink::nat6)
                .containsExactly(
                        new WatchdogFile.Nat6(WatchdogFile.Nat6Mode.MASQUERADE, null, null, null, null),
                        new WatchdogFile.Nat6(WatchdogFile.Nat6Mode.MASQUERADE, null, null, null, null));
    }

    @Test
    void nptChainsHoldTheNptRulesStatementsOrTheDropForADelegatedPrefix() {
        Compiler.Artifacts a = compile(NPT);
        Cidr inside = Cidr.parse("fd00:10::/64").orElseThrow();
        Cidr outside = Cidr.parse("2001:db8:100:1000::/64").orElseThrow();
        String out = NptRules.out(inside, outside, "uplink eth0: npt fd00:10::/64 to 2001:db8:100:1000::/64");
        String in = NptRules.in(inside, outside, "uplink eth0: npt 2001:db8:100:1000::/64 to fd00:10::/64");
        assertThat(a.rulesetNft())
                .contains("chain npt_prerouting {\n\t\ttype filter hook prerouting priority raw; policy accept;\n"
                        + "\t\tmeta nfproto ipv6 iifname vmap { \"eth0\" : jump npt_in_eth0, \"eth1\" : jump"
                        + " npt_in_eth1 }")
                .contains("chain npt_postrouting {\n\t\ttype filter hook postrouting priority srcnat; policy accept;\n"
                        + "\t\tmeta nfproto ipv6 oifname vmap { \"eth0\" : jump npt_out_eth0, \"eth1\" : jump"
                        + " npt_out_eth1 }")
                .contains("chain npt_out_eth0 {\n\t\t" + out + "\n\t}")
                .contains("chain npt_in_eth0 {\n\t\t" + in + "\n\t}")
                // no delegated prefix yet: the LAN's packets are dropped, never sent with the ULA
                .contains(
                        "chain npt_out_eth1 {\n\t\t"
                                + NptRules.withheld(
                                        inside, "uplink eth1: no delegated prefix yet, fd00:10::/64 does not leave")
                                + "\n\t}",
                        "chain npt_in_eth1 {\n\t}")
                .doesNotContain("npt_out_eth2", "nat6_");
        assertThat(watchdog(a).uplinks())
                .extracting(WatchdogFile.Uplink::nat6)
                .containsExactly(
                        new WatchdogFile.Nat6(
                                WatchdogFile.Nat6Mode.NPT,
                                "fd00:10::/64",
                                "2001:db8:100:1000::/64",
                                "npt_out_eth0",
                                "npt_in_eth0"),
                        new WatchdogFile.Nat6(
                                WatchdogFile.Nat6Mode.NPT, "fd00:10::/64", null, "npt_out_eth1", "npt_in_eth1"),
                        null);
    }

    @Test
    void dynamicIpv6IsInTheInterfacesAndTheRouteFileAStaticTranslationIsNot() {
        Compiler.Artifacts a = compile(NPT);
        assertThat(watchdog(a).interfaces())
                .extracting(WatchdogFile.Interface::ipv6)
                .containsExactly(null, new WatchdogFile.Ipv6(false, false, true, 102), null, null);
        // eth1 learns its IPv6 (its default route and from rule come from the runtime); eth2 has none
        assertThat(a.routes6Ip())
                .hasValueSatisfying(r -> assertThat(r)
                        .contains(
                                "rule add priority 9101 fwmark 0x100/0xff00 lookup 101 protocol 241",
                                "rule add priority 9102 fwmark 0x200/0xff00 lookup 102 protocol 241",
                                "rule add priority 9302 oif eth1 lookup 102 protocol 241")
                        .doesNotContain("0x300/", "oif eth2", "lookup 102 protocol 241\nroute"));
        assertThat(a.routesIp()).contains("rule add priority 9103 fwmark 0x300/0xff00 lookup 103 protocol 241");
    }

    @Test
    void aDhcpUplinkWithSlaacAloneGetsAnIpv6RouteFile() {
        String text = """
                interface "eth0" {
                  zone = "WAN"
                  dhcp = true
                  ipv6 { autoconf = true }
                  wan {}
                }
                interface "lan0" {
                  zone    = "LAN"
                  address = "192.168.1.1/24"
                }
                uplink_group "default" {
                  member "eth0" {}
                }
                """;
        Compiler.Artifacts a = compile(text);
        assertThat(a.routes6Ip())
                .hasValueSatisfying(r -> assertThat(r)
                        .contains("rule add priority 9101 fwmark 0x100/0xff00 lookup 101 protocol 241")
                        .contains("rule add priority 9499 fwmark 0xff00/0xff00 prohibit protocol 241"));
        assertThat(compile(text.replace("  ipv6 { autoconf = true }\n", "")).routes6Ip())
                .isEmpty();
        assertThat(watchdog(a).interfaces().get(0).ipv6()).isEqualTo(new WatchdogFile.Ipv6(true, false, false, 101));
        // networkd: router advertisements with the uplink's metric, SLAAC, no DHCPv6 client
        Compiler.Result result = Compiler.compile(List.of(new SourceFile("t.hcl", text)), Map.of());
        String network =
                NetworkdFiles.of(result.config().orElseThrow(), watchdog(a)).get(NetworkdFiles.fileName("eth0"));
        assertThat(network)
                .contains(
                        "DHCP=ipv4\nIPv6AcceptRA=yes\n",
                        "[IPv6AcceptRA]\n# the metric flywall's route sync looks for (watchdog.json:"
                                + " ipv6.route_metric)\nRouteMetric=101\nUseAutonomousPrefix=yes\nDHCPv6Client=no\n")
                .doesNotContain("[DHCPv6]");
    }
}
