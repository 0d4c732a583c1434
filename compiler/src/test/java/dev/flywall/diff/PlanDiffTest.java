package dev.flywall.diff;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flywall.Compiler;
import dev.flywall.source.SourceFile;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Plans between compile outputs: object by object, with exact counts. */
class PlanDiffTest {

    private static final String BASE = """
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
            uplink_group "default" {
              member "eth0" {}
              member "eth1" {}
            }
            """;

    private static Map<String, String> compile(String text) {
        return Compiler.compile(List.of(new SourceFile("t.hcl", text)), Map.of())
                .artifacts()
                .orElseThrow()
                .files();
    }

    @Test
    void sameConfigurationHasNoChanges() {
        PlanDiff.Result plan = PlanDiff.between(compile(BASE), compile(BASE));
        assertThat(plan.hasChanges()).isFalse();
        assertThat(plan.text()).isEqualTo("No changes.\n");
    }

    @Test
    void addedPolicyRouteIsCountedByObject() {
        String route = "policy_route \"vpn\" {\n  match {\n    protocol = \"udp\"\n    dest_port = [\"1194\"]\n"
                + "    destination = [\"198.51.100.0/24\"]\n  }\n  uplink = \"eth1\"\n}\n";
        PlanDiff.Result plan = PlanDiff.between(compile(BASE), compile(BASE + route));
        assertThat(plan.text())
                .contains(
                        "  + nft set pr_vpn_dst4",
                        "  + nft chain route_vpn",
                        "  ~ nft chain classify",
                        "      + meta l4proto udp th dport 1194 ip daddr @pr_vpn_dst4 goto route_vpn comment \"policy_route vpn\"",
                        "  + watchdog policy_route vpn")
                .endsWith("Plan: 3 to add, 1 to change, 0 to destroy.\n");
        PlanDiff.Result back = PlanDiff.between(compile(BASE + route), compile(BASE));
        assertThat(back.text()).endsWith("Plan: 0 to add, 1 to change, 3 to destroy.\n");
    }

    @Test
    void fromNothingEverythingIsAdded() {
        PlanDiff.Result plan = PlanDiff.between(Map.of(), compile(BASE));
        assertThat(plan.destroy()).isZero();
        assertThat(plan.change()).isZero();
        assertThat(plan.add()).isGreaterThan(10);
    }

    /**
     * Two uplinks' default routes are two objects, named by table (they were both "default table
     * 241", the last word, and a new gateway was an add and a destroy); a new gateway is a change.
     */
    @Test
    void routesAreKeyedByDestinationAndTableAndAGatewayChangeIsOneChange() {
        Map<String, String> before = Map.of("routes.ip", """
                route replace default via 203.0.113.9 dev eth0 onlink table 101 proto 241
                route replace default via 198.51.100.17 dev eth1 onlink table 102 proto 241
                route replace blackhole 10.0.0.0/8 table 103 metric 5 proto 241
                """);
        Map<String, String> after = Map.of("routes.ip", """
                route replace default via 203.0.113.9 dev eth0 onlink table 101 proto 241
                route replace default via 198.51.100.30 dev eth1 onlink table 102 proto 241
                route replace blackhole 10.0.0.0/8 table 103 metric 5 proto 241
                """);
        assertThat(PlanDiff.between(before, before).text()).isEqualTo("No changes.\n");
        assertThat(PlanDiff.between(before, after).text()).isEqualTo("""
                  ~ ip route default table 102
                      - route replace default via 198.51.100.17 dev eth1 onlink table 102 proto 241
                      + route replace default via 198.51.100.30 dev eth1 onlink table 102 proto 241

                Plan: 0 to add, 1 to change, 0 to destroy.
                """);
        assertThat(BundleObjects.routeName(
                        "route replace blackhole 10.0.0.0/8 table 103 metric 5 proto 241".split(" ")))
                .isEqualTo("10.0.0.0/8 table 103 metric 5");
    }

    @Test
    void shapingPppdOptionsAndInterfacesAreObjectsOfThePlan() {
        String pppoe = BASE.replace(
                        "  dhcp = true\n  wan {\n    priority = 2",
                        "  pppoe {\n    username = \"dsl\"\n    password = env(\"P\")\n  }\n  wan {\n    priority = 2")
                .replace("priority = 1\n", "priority = 1\n    bandwidth = \"100Mbps\"\n");
        PlanDiff.Result added = PlanDiff.between(compile(BASE), compile(pppoe));
        assertThat(added.text())
                .contains(
                        "  + tc shaping eth0",
                        "      + class replace dev eth0 parent 1: classid 1:10 htb rate 100000000bit",
                        "  + pppd peers pppoe-eth1.peers",
                        "      + user \"dsl\"",
                        "  ~ watchdog interface eth1");
        PlanDiff.Result renamed = PlanDiff.between(compile(pppoe), compile(pppoe.replace("\"dsl\"", "\"dsl2\"")));
        assertThat(renamed.text())
                .contains("  ~ pppd peers pppoe-eth1.peers", "      - user \"dsl\"", "      + user \"dsl2\"")
                .endsWith("Plan: 0 to add, 1 to change, 0 to destroy.\n");
        PlanDiff.Result slower = PlanDiff.between(compile(pppoe), compile(pppoe.replace("\"100Mbps\"", "\"50Mbps\"")));
        assertThat(slower.text())
                .contains("  ~ tc shaping eth0", "  ~ watchdog interface eth0")
                .endsWith("Plan: 0 to add, 2 to change, 0 to destroy.\n");
        assertThat(PlanDiff.between(compile(pppoe), compile(BASE)).text())
                .contains("  - tc shaping eth0", "  - pppd peers pppoe-eth1.peers");
    }
}
