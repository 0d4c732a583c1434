package dev.flywall.validate;

import static dev.flywall.decode.DiagnosticCase.GROUP;
import static dev.flywall.decode.DiagnosticCase.TWO_WANS;
import static dev.flywall.decode.DiagnosticCase.error;

import dev.flywall.decode.DiagnosticCase;
import dev.flywall.diag.Code;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The checks between blocks, E0401–E0413: unique names, members and uplinks that resolve,
 * {@code @sets}, address families, tables and marks, complete health checks, empty groups, WAN-only
 * arguments, an API open beyond loopback without a token. Each
 * configuration is otherwise valid, so the model is built and the validator runs.
 */
public class ReferenceDiagnosticsTest {

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void mistakeGivesExactlyItsDiagnostic(DiagnosticCase c) {
        c.assertTriggers();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void nearbyValidConfigIsClean(DiagnosticCase c) {
        c.assertFixedIsClean();
    }

    /** Two WANs and their group (lines 1–14), then {@code more} from line 15. */
    private static String wans(String more) {
        return TWO_WANS + GROUP + more;
    }

    public static Stream<DiagnosticCase> cases() {
        return Stream.of(names(), consistency(), maintenance()).flatMap(s -> s);
    }

    /** A weekly maintenance window of {@code uplinks} (written as the list's inside), lines 15–21. */
    static String window(String name, String uplinks) {
        return """
                maintenance "%s" {
                  uplinks   = [%s]
                  time_zone = "Europe/Berlin"
                  days      = ["sat", "sun"]
                  start     = "02:00"
                  duration  = "2h"
                }
                """.formatted(name, uplinks);
    }

    private static Stream<DiagnosticCase> maintenance() {
        return Stream.of(
                error(Code.E0401, "two maintenance windows of one name", "Duplicate name \"isp\"", "22:1")
                        .detail("Another maintenance block is named \"isp\" (line 15)")
                        .config(wans(window("isp", "\"eth0\"") + window("isp", "\"eth1\"")))
                        .fix(
                                "maintenance \"isp\" {\n  uplinks   = [\"eth1\"]",
                                "maintenance \"isp2\" {\n  uplinks   = [\"eth1\"]"),
                error(Code.E0403, "maintenance of an unknown interface", "Unknown interface \"eht1\"", "16:16")
                        .detail("The maintenance window \"isp\" lists \"eht1\"", "WAN interfaces: eth0, eth1.")
                        .hint("did you mean \"eth1\"?")
                        .config(wans(window("isp", "\"eht1\"")))
                        .fix("eht1", "eth1"),
                error(Code.E0424, "maintenance of a LAN interface", "\"lan0\" is not a WAN", "19:24")
                        .detail("\"lan0\", which has no wan block", "only WAN interfaces are uplinks (eth0, eth1)")
                        .hint("Remove \"lan0\" from uplinks.")
                        .config(wans("""
                    interface "lan0" {
                      zone = "LAN"
                    }
                    """ + window("isp", "\"eth0\", \"lan0\"")))
                        .fix(", \"lan0\"", ""),
                error(Code.E0425, "an uplink listed twice in a window", "Duplicate uplink \"eth0\"", "16:24")
                        .detail("The maintenance window \"isp\" lists \"eth0\" twice")
                        .hint("Remove this one.")
                        .config(wans(window("isp", "\"eth0\", \"eth0\"")))
                        .fix(", \"eth0\"", ""));
    }

    private static Stream<DiagnosticCase> names() {
        return Stream.of(
                error(Code.E0401, "two policy routes of one name", "Duplicate name \"vpn\"", "19:1")
                        .detail("Another policy_route block is named \"vpn\" (line 15)", "must be unique")
                        .config(wans("""
                    policy_route "vpn" {
                      match { protocol = "udp" }
                      uplink = "eth0"
                    }
                    policy_route "vpn" {
                      match { protocol = "tcp" }
                      uplink = "eth1"
                    }
                    """))
                        .fix("\"vpn\"", "\"vpn-udp\""),
                error(Code.E0401, "group named like an interface", "Duplicate name \"eth1\"", "11:1")
                        .detail("An uplink_group and an interface are both named \"eth1\"", "Rename the group")
                        .config(TWO_WANS + GROUP.replace("\"default\"", "\"eth1\""))
                        .fix("uplink_group \"eth1\"", "uplink_group \"default\""),
                error(Code.E0402, "interface listed twice", "Duplicate member \"eth0\"", "14:3")
                        .detail("already has a member \"eth0\" (line 12)", "merge the two blocks")
                        .config(TWO_WANS + """
                    uplink_group "default" {
                      member "eth0" {}
                      member "eth1" {}
                      member "eth0" {}
                    }
                    """)
                        .fix("  member \"eth0\" {}\n", ""),
                error(Code.E0403, "misspelt member", "Unknown interface \"etth1\"", "16:3")
                        .detail("The group \"backup\" has a member \"etth1\"", "no interface block has that name")
                        .hint("did you mean \"eth1\"?")
                        .config(wans("""
                    uplink_group "backup" {
                      member "etth1" {}
                    }
                    """))
                        .fix("etth1", "eth1"),
                error(Code.E0403, "route matching an unknown input interface", "Unknown interface \"lan1\"", "17:3")
                        .detail("The route \"office\" matches traffic entering on \"lan1\"")
                        .hint("did you mean \"lan0\"?")
                        .config(wans("""
                    interface "lan0" { zone = "LAN" }
                    policy_route "office" {
                      match { interface = "lan1" }
                      uplink = "eth1"
                    }
                    """))
                        .fix("lan1", "lan0"),
                error(Code.E0404, "LAN interface as a member", "Member \"lan0\" is not a WAN", "17:3")
                        .detail("\"lan0\" is a member of \"backup\" but has no wan block", "wan { priority = ... }")
                        .config(wans("""
                    interface "lan0" { zone = "LAN" }
                    uplink_group "backup" {
                      member "lan0" {}
                    }
                    """))
                        .fix("member \"lan0\"", "member \"eth1\""),
                error(Code.E0404, "LAN interface as a route's uplink", "Uplink is not a WAN", "18:12")
                        .detail("The route \"x\" sends traffic to \"lan0\", which has no wan block")
                        .config(wans("""
                    interface "lan0" { zone = "LAN" }
                    policy_route "x" {
                      match { protocol = "udp" }
                      uplink = "lan0"
                    }
                    """))
                        .fix("uplink = \"lan0\"", "uplink = \"eth1\""),
                error(Code.E0405, "misspelt group as uplink", "Unknown uplink \"defualt\"", "17:12")
                        .detail(
                                "No interface or uplink_group is named \"defualt\"",
                                "The uplinks are: eth0, eth1, default.")
                        .hint("did you mean \"default\"?")
                        .config(wans("""
                    policy_route "vpn" {
                      match { protocol = "udp" }
                      uplink = "defualt"
                    }
                    """))
                        .fix("defualt", "default"),
                error(Code.E0405, "uplink far from any name", "Unknown uplink \"wireguard\"", "17:12")
                        .detail("No interface or uplink_group is named \"wireguard\"")
                        .config(wans("""
                    policy_route "vpn" {
                      match { protocol = "udp" }
                      uplink = "wireguard"
                    }
                    """))
                        .fix("wireguard", "eth0"),
                error(Code.E0406, "misspelt set", "Unknown ipset \"@streming\"", "19:25")
                        .detail("No ipset block is named \"streming\"", "ipset \"streming\" { entries = [...] }")
                        .hint("did you mean \"streaming\"?")
                        .config(wans("""
                    ipset "streaming" {
                      entries = ["198.51.100.0/24"]
                    }
                    policy_route "video" {
                      match { destination = "@streming" }
                      uplink = "eth1"
                    }
                    """))
                        .fix("@streming", "@streaming"));
    }

    private static Stream<DiagnosticCase> consistency() {
        return Stream.of(
                error(Code.E0407, "IPv4 set and IPv6 prefix in one route", "Address family mismatch", "19:40")
                        .detail("matches IPv4 traffic (line 19) and IPv6 here", "one route per family")
                        .config(wans("""
                    ipset "streaming" {
                      entries = ["198.51.100.0/24"]
                    }
                    policy_route "video" {
                      match { destination = ["@streaming", "2001:db8::/32"] }
                      uplink = "eth1"
                    }
                    """))
                        .fix(", \"2001:db8::/32\"", ""),
                error(Code.E0407, "IPv4 entry in an IPv6 set", "Address family mismatch", "4:31")
                        .detail("has type \"ipv6_addr\", but 198.51.100.0/24 is an IPv4 prefix", "\"ipv4_addr\"")
                        .config("""
                    interface "lan0" { zone = "LAN" }
                    ipset "v6hosts" {
                      type    = "ipv6_addr"
                      entries = ["2001:db8::/32", "198.51.100.0/24"]
                    }
                    """)
                        .fix(", \"198.51.100.0/24\"", ""),
                error(Code.E0407, "icmp for IPv6 destinations", "Address family mismatch", "17:19")
                        .detail("matches IPv6 addresses, so its ICMP protocol is \"icmpv6\"")
                        .config(wans("""
                    policy_route "ping6" {
                      match {
                        protocol    = "icmp"
                        destination = "2001:db8::/32"
                      }
                      uplink = "eth1"
                    }
                    """))
                        .fix("\"icmp\"", "\"icmpv6\""),
                error(Code.E0408, "two WANs on routing table 101", "Conflicting routing table", "9:3")
                        .detail("\"eth0\" and \"eth1\" both use routing table 101", "needs its own")
                        .config(TWO_WANS.replace("wan { priority = 1 }", "wan { table = 101 }")
                                        .replace(
                                                "  wan { priority = 2 }",
                                                "  wan {\n    priority = 2\n    table    = 101\n  }")
                                + GROUP)
                        .fix("table    = 101", "table    = 102"),
                error(Code.E0408, "two WANs on mark 1", "Conflicting mark", "9:3")
                        .detail("\"eth0\" and \"eth1\" both use mark 1")
                        .config(TWO_WANS.replace("wan { priority = 1 }", "wan { mark = 1 }")
                                        .replace(
                                                "  wan { priority = 2 }",
                                                "  wan {\n    priority = 2\n    mark     = 1\n  }")
                                + GROUP)
                        .fix("mark     = 1", "mark     = 2"),
                error(Code.E0409, "http check without url", "Incomplete health check", "14:5")
                        .detail("An http check needs the url to request")
                        .config(TWO_WANS + """
                    uplink_group "default" {
                      member "eth0" {}
                      member "eth1" {
                        health_check { type = "http" }
                      }
                    }
                    """)
                        .fix(
                                "health_check { type = \"http\" }",
                                "health_check {\n      type = \"http\"\n"
                                        + "      url  = \"http://connectivitycheck.gstatic.com/generate_204\"\n    }"),
                error(Code.E0410, "group without members", "Empty uplink group \"spare\"", "15:1")
                        .detail("needs at least one member \"IFACE\" { } block")
                        .config(wans("uplink_group \"spare\" {}\n"))
                        .fix("uplink_group \"spare\" {}\n", ""),
                error(Code.E0405, "route in a configuration without uplinks", "Unknown uplink \"eth0\"", "3:12")
                        .detail("The configuration has no uplinks yet", "give an interface a wan block")
                        .config("""
                    policy_route "vpn" {
                      match { protocol = "udp" }
                      uplink = "eth0"
                    }
                    """)
                        .fix("policy_route \"vpn\" {", DiagnosticCase.ONE_WAN + "policy_route \"vpn\" {"),
                error(
                                Code.E0411,
                                "uplink probed differently by two groups",
                                "Conflicting health checks for \"eth0\"",
                                "16:3")
                        .detail(
                                "\"eth0\" is a member of \"default\" (line 12) and of \"eth0-first\" with a different health check",
                                "put the health_check in interface \"eth0\"")
                        .config(TWO_WANS + GROUP + """
                    uplink_group "eth0-first" {
                      member "eth0" {
                        health_check { threshold_down = 5 }
                      }
                    }
                    """)
                        .fix("member \"eth0\" {\n    health_check { threshold_down = 5 }\n  }", "member \"eth0\" {}"),
                error(Code.E0412, "gateway on a LAN interface", "Only for WAN interfaces", "18:13")
                        .detail(
                                "\"gateway\" is the next hop of an uplink",
                                "interface \"lan0\" has no wan block",
                                "flywall would ignore it")
                        .config(wans("""
                    interface "lan0" {
                      zone    = "LAN"
                      address = "10.0.0.1/24"
                      gateway = "10.0.0.254"
                    }
                    """))
                        .fix("  gateway = \"10.0.0.254\"\n", ""),
                error(Code.E0412, "health check on a LAN interface", "Only for WAN interfaces", "17:3")
                        .detail(
                                "A health_check probes an uplink",
                                "interface \"lan0\" has no wan block",
                                "nothing would probe it")
                        .config(wans("""
                    interface "lan0" {
                      zone = "LAN"
                      health_check { interval = "10s" }
                    }
                    """))
                        .fix("  health_check { interval = \"10s\" }\n", ""),
                error(Code.E0412, "PPPoE on a LAN interface", "Only for WAN interfaces", "17:3")
                        .detail(
                                "A PPPoE session connects an uplink",
                                "interface \"lan0\" has no wan block",
                                "no traffic would use it")
                        .config(wans("""
                    interface "lan0" {
                      zone = "LAN"
                      pppoe {
                        username = "dsl"
                        password = env("PPPOE_PASSWORD")
                      }
                    }
                    """))
                        .fix("  pppoe {\n    username = \"dsl\"\n    password = env(\"PPPOE_PASSWORD\")\n  }\n", ""),
                error(Code.E0413, "API on every address without a token", "API open without a token", "16:12")
                        .detail(
                                "api { listen = \"0.0.0.0:8080\" } accepts connections from beyond this host",
                                "flywall run refuses to start with it",
                                "Set api { token = env(\"NAME\") }")
                        .config(wans("""
                    api {
                      listen = "0.0.0.0:8080"
                    }
                    """))
                        .fix("0.0.0.0:8080", "127.0.0.1:8080"),
                error(Code.E0413, "API on a LAN address without a token", "API open without a token", "16:12")
                        .detail("api { listen = \"[2001:db8::1]:8080\" }")
                        .config(wans("""
                    api {
                      listen = "[2001:db8::1]:8080"
                    }
                    """))
                        .fix("[2001:db8::1]:8080\"", "[2001:db8::1]:8080\"\n  token  = env(\"FLYWALL_API_TOKEN\")"),
                error(Code.E0414, "PPP device named like an interface", "Conflicting device name \"eth0\"", "11:16")
                        .detail(
                                "Interface \"eth1\" runs its PPPoE session on the device \"eth0\"",
                                "the interface declared on line 1")
                        .hint("Set pppoe { device = \"...\" } to a name that no interface and no other PPPoE session"
                                + " uses.")
                        .config(pppoeOnEth1("device   = \"eth0\"") + GROUP)
                        .fix("= \"eth0\"", "= \"ppp0\""),
                error(Code.E0414, "PPP device named like another one", "Conflicting device name \"ppp-eth0\"", "14:16")
                        .detail("the PPP device of interface \"eth0\" (line 1)")
                        .hint("Set pppoe { device = \"...\" } to a name that no interface and no other PPPoE session"
                                + " uses.")
                        .config(pppoeOnEth1("device   = \"ppp-eth0\"")
                                        .replace(
                                                "  dhcp = true\n",
                                                "  pppoe {\n    username = \"cable\"\n    password ="
                                                        + " env(\"CABLE_PASSWORD\")\n  }\n")
                                + GROUP)
                        .fix("\"ppp-eth0\"\n", "\"ppp-eth1\"\n"));
    }

    /** {@link DiagnosticCase#TWO_WANS} whose eth1 is PPPoE with {@code device} on line 11 (before the group). */
    private static String pppoeOnEth1(String device) {
        return DiagnosticCase.TWO_WANS.replace(
                "  dhcp = true\n  wan { priority = 2 }",
                "  pppoe {\n    username = \"dsl\"\n    password = env(\"PPPOE_PASSWORD\")\n    " + device
                        + "\n  }\n  wan { priority = 2 }");
    }
}
