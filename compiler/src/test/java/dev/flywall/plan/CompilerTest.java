package dev.flywall.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flywall.Compiler;
import dev.flywall.diag.Diagnostic;
import dev.flywall.source.SourceFile;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What the compiler generates for the behaviours a multi-WAN gateway needs. */
class CompilerTest {

    private static final String WANS = """
            interface "eth0" {
              zone = "WAN"
              dhcp = true
              wan {
                priority = 1
              }
            }
            interface "eth1" {
              zone = "WAN"
              dhcp = true
              wan {
                priority = 2
              }
            }
            interface "eth2" {
              zone = "WAN"
              address = "192.0.2.10/24"
              gateway = "192.0.2.1"
              wan {
                priority = 2
              }
            }
            interface "lan0" {
              zone    = "LAN"
              address = "10.0.0.1/24"
            }
            """;

    private static Compiler.Artifacts compile(String text) {
        Compiler.Result result = Compiler.compile(List.of(new SourceFile("t.hcl", text)), Map.of());
        assertThat(result.diagnostics().stream().filter(Diagnostic::isError))
                .as("errors")
                .isEmpty();
        return result.artifacts().orElseThrow();
    }

    private static String group(String mode, String members) {
        return "uplink_group \"default\" {\n  mode = \"" + mode + "\"\n" + members + "}\n";
    }

    @Test
    void failoverUsesTheLowestPriorityTierAndBalancesInsideIt() {
        String ruleset = compile(WANS + group("failover", """
                  member "eth0" { priority = 2 }
                  member "eth1" { priority = 1 }
                  member "eth2" {
                    priority = 1
                    weight   = 3
                  }
                """)).rulesetNft();
        assertThat(ruleset)
                .contains("numgen random mod 4 vmap { 0 : goto up_eth1, 1-3 : goto up_eth2 }")
                .contains("goto up_eth1 comment \"uplink_group default\"");
    }

    @Test
    void weightsOfThreeMembersGiveExactCumulativeShares() {
        String ruleset = compile(WANS + group("balance", """
                  member "eth0" { weight = 5 }
                  member "eth1" { weight = 3 }
                  member "eth2" { weight = 2 }
                """)).rulesetNft();
        assertThat(ruleset)
                .contains("numgen random mod 10 vmap { 0-4 : goto up_eth0, 5-7 : goto up_eth1, 8-9 : goto up_eth2 }");
        assertThat(Distribution.vmap(List.of(new Distribution.Share("a", 2), new Distribution.Share("b", 1))))
                .isEqualTo("{ 0-1 : goto a, 2 : goto b }");
    }

    @Test
    void stickyHashesTheSourceOfBothFamilies() {
        String ruleset = compile(WANS + "uplink_group \"default\" {\n  mode = \"balance\"\n  sticky = true\n"
                        + "  member \"eth0\" {}\n  member \"eth1\" {}\n}\n")
                .rulesetNft();
        assertThat(ruleset)
                .containsPattern("meta nfproto ipv4 jhash ip saddr mod 2 seed 0x[0-9a-f]+ vmap")
                .containsPattern("meta nfproto ipv6 jhash ip6 saddr mod 2 seed 0x[0-9a-f]+ vmap");
    }

    @Test
    void marksStayInsideTheMaskAndConnectionsKeepTheirUplink() {
        String ruleset =
                compile(WANS + group("failover", "  member \"eth0\" {}\n")).rulesetNft();
        assertThat(ruleset)
                .contains("meta mark set meta mark and 0xffff00ff or 0x100")
                .contains("ct mark set ct mark and 0xffff00ff or 0x100")
                .contains(
                        "ct mark and 0xff00 != 0 ct mark and 0xff00 vmap { 0x100 : jump up_eth0, 0x200 : jump up_eth1,"
                                + " 0x300 : jump up_eth2 }")
                .contains("ct state new meta mark and 0xff00 == 0 iifname @lan_devices jump classify");
    }

    @Test
    void theMarkMaskIsConfigurable() {
        Compiler.Artifacts a = compile(
                WANS + group("failover", "  member \"eth0\" {}\n") + "runtime {\n  mark_mask = \"0xff0000\"\n}\n");
        assertThat(a.rulesetNft())
                .contains("meta mark set meta mark and 0xff00ffff or 0x10000")
                .contains("ct mark and 0xff0000 != 0");
        assertThat(a.routesIp()).contains("fwmark 0x10000/0xff0000 lookup 101 protocol 241");
        Compiler.Result bad = Compiler.compile(
                List.of(new SourceFile("t.hcl", WANS + "runtime {\n  mark_mask = \"0xf0f0\"\n}\n")), Map.of());
        assertThat(bad.diagnostics()).anyMatch(d -> d.summary().equals("Invalid mark mask"));
    }

    @Test
    void staticUplinksGetSnatAndTheirRoutesAndRules() {
        Compiler.Artifacts a = compile(WANS + group("failover", "  member \"eth0\" {}\n  member \"eth2\" {}\n"));
        assertThat(a.rulesetNft()).contains("snat ip to 192.0.2.10").contains("masquerade");
        assertThat(a.routesIp())
                .contains("rule add priority 9203 from 192.0.2.10 lookup 103 protocol 241")
                .contains("route replace default via 192.0.2.1 dev eth2 onlink table 103 proto 241")
                .contains("rule add priority 9000 lookup main suppress_prefixlength 0 protocol 241")
                .contains("rule add priority 9103 fwmark 0x300/0xff00 lookup 103 protocol 241");
        assertThat(a.routes6Ip()).isEmpty();
    }

    @Test
    void stickySourcesAreRememberedPerMemberWithTheTimeoutAndDefaultToTenMinutes() {
        String members = "  sticky = true\n  member \"eth0\" { weight = 2 }\n  member \"eth1\" { weight = 1 }\n";
        Compiler.Artifacts a = compile(WANS + group("balance", members));
        assertThat(a.rulesetNft())
                .contains("set stk4_default_eth0 {\n\t\ttype ipv4_addr\n\t\tflags dynamic, timeout\n\t\ttimeout 10m\n")
                .contains("set stk6_default_eth1 {\n\t\ttype ipv6_addr\n\t\tflags dynamic, timeout\n\t\ttimeout 10m\n")
                .contains("ip saddr @stk4_default_eth0 goto stk_default_eth0")
                .contains("ip6 saddr @stk6_default_eth1 goto stk_default_eth1")
                .contains("meta nfproto ipv4 update @stk4_default_eth0 { ip saddr }")
                .doesNotContain("jhash ip saddr mod 3 seed 0x2b0b1e9b vmap { 0-1 : goto up_eth0");
        assertThat(a.watchdogJson()).contains("\"sticky_timeout_ms\": 600000");
        String timed = compile(WANS
                        + group(
                                "balance",
                                members.replace("sticky = true", "sticky = true\n  sticky_timeout = \"90s\"")))
                .rulesetNft();
        assertThat(timed).contains("timeout 90s").doesNotContain("timeout 10m");
        // a failover group remembers sources too, but only its active tier is looked up
        assertThat(compile(WANS
                                + group(
                                        "failover",
                                        "  sticky = true\n  member \"eth0\" { priority = 1 }\n"
                                                + "  member \"eth1\" { priority = 2 }\n"))
                        .rulesetNft())
                .contains("ip saddr @stk4_default_eth0 goto stk_default_eth0")
                .doesNotContain("ip saddr @stk4_default_eth1")
                .contains("chain stk_default_eth1 {");
    }

    @Test
    void theFirstMatchingPolicyRouteDecides() {
        String routes = """
                policy_route "a" {
                  match {
                    protocol = "udp"
                  }
                  uplink = "eth0"
                }
                policy_route "b" {
                  match {
                    protocol  = "udp"
                    dest_port = ["53"]
                  }
                  uplink = "eth1"
                }
                """;
        String ruleset = compile(WANS + group("failover", "  member \"eth0\" {}\n  member \"eth1\" {}\n") + routes)
                .rulesetNft();
        // goto: a route chain's end ends classify, so "b" never sees what "a" matched
        assertThat(ruleset)
                .contains("meta l4proto udp goto route_a")
                .contains("meta l4proto udp th dport 53 goto route_b")
                .doesNotContain("jump route_");
    }

    @Test
    void policyRoutesUseSetsSoRuleCountDoesNotGrowWithLists() {
        int small = compile(routes(10)).ruleCount();
        int large = compile(routes(5000)).ruleCount();
        assertThat(large).isEqualTo(small);
        assertThat(compile(routes(3)).rulesetNft())
                .contains(
                        "meta l4proto { tcp, udp } th dport { 80, 443, 8000-8100 } ip daddr @pr_web_dst4 goto route_web");
    }

    private static String routes(int cidrs) {
        List<String> entries = new ArrayList<>();
        for (int i = 0; i < cidrs; i++) {
            entries.add("\"10." + (i / 256) % 256 + "." + i % 256 + ".0/24\"");
        }
        return WANS + group("failover", "  member \"eth0\" {}\n  member \"eth1\" {}\n") + "policy_route \"web\" {\n"
                + "  match {\n    protocol    = [\"tcp\", \"udp\"]\n    dest_port   = [\"80\", 443, \"8000-8100\"]\n"
                + "    destination = [" + String.join(", ", entries) + "]\n  }\n  uplink = \"eth1\"\n}\n";
    }

    @Test
    void sameInputGivesTheSameBytesWhateverTheFileOrder() {
        String a = "interface \"eth0\" {\n  zone = \"WAN\"\n  dhcp = true\n  wan {}\n}\n";
        String b = group("failover", "  member \"eth0\" {}\n");
        var first = Compiler.compile(List.of(new SourceFile("a.hcl", a), new SourceFile("b.hcl", b)), Map.of());
        var again = Compiler.compile(List.of(new SourceFile("a.hcl", a), new SourceFile("b.hcl", b)), Map.of());
        var swapped = Compiler.compile(List.of(new SourceFile("b.hcl", b), new SourceFile("a.hcl", a)), Map.of());
        assertThat(again.artifacts().orElseThrow().files())
                .isEqualTo(first.artifacts().orElseThrow().files());
        assertThat(swapped.artifacts().orElseThrow().files())
                .isEqualTo(first.artifacts().orElseThrow().files());
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"eth0\\\"; flush ruleset", "eth0\\nx", "eth$0", "an-interface-name-too-long", "ethé", "..", "a b"
            })
    void hostileNamesAreRejectedAndNeverReachTheOutput(String name) {
        String text = WANS + "interface \"" + name + "\" {\n  zone = \"LAN\"\n}\n"
                + group("failover", "  member \"" + name + "\" {}\n")
                + "policy_route \"" + name + "\" {\n  match {\n    interface = [\"" + name + "\"]\n  }\n  uplink = \""
                + name + "\"\n}\n";
        Compiler.Result result = Compiler.compile(List.of(new SourceFile("t.hcl", text)), Map.of());
        assertThat(result.artifacts()).isEmpty();
        assertThat(result.diagnostics()).anyMatch(d -> d.isError() && d.subject() != null);
    }

    @Test
    void ipv6AddressesGiveAnIpv6RouteFile() {
        String text = "interface \"eth0\" {\n  zone = \"WAN\"\n  addresses = [\"192.0.2.2/24\", \"2001:db8::2/64\"]\n"
                + "  gateway = \"2001:db8::1\"\n  wan {}\n}\n" + group("failover", "  member \"eth0\" {}\n");
        Compiler.Artifacts a = compile(text);
        assertThat(a.routes6Ip())
                .hasValueSatisfying(r -> assertThat(r)
                        .contains("rule add priority 9201 from 2001:db8::2 lookup 101 protocol 241")
                        .contains("route replace default via 2001:db8::1 dev eth0 onlink table 101 proto 241"));
        assertThat(a.routesIp())
                .contains("rule add priority 9201 from 192.0.2.2 lookup 101 protocol 241")
                .doesNotContain("2001:db8");
    }
}
