package dev.flywall.decode;

import static dev.flywall.decode.DiagnosticCase.ONE_WAN;
import static dev.flywall.decode.DiagnosticCase.error;
import static dev.flywall.decode.DiagnosticCase.withMemberCheck;

import dev.flywall.diag.Code;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The shape checks of the schema, E0301–E0308: unknown blocks and arguments, wrong types,
 * missing arguments, ranges, repeated blocks, labels and closed word lists. Each row is a small
 * configuration with exactly one mistake, and the edit that makes it valid and clean.
 */
public class SchemaDiagnosticsTest {

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

    public static Stream<DiagnosticCase> cases() {
        return Stream.of(
                error(Code.E0301, "misspelt top-level block", "Unsupported block type \"interfce\"", "1:1")
                        .detail(
                                "does not know a block \"interfce\" at the top level",
                                "interface, uplink_group, policy_route, ipset, notifications, api, runtime")
                        .hint("did you mean \"interface\"?")
                        .config("""
                    interfce "lan0" { zone = "LAN" }
                    """)
                        .fix("interfce", "interface"),
                error(Code.E0301, "unknown block with no close name", "Unsupported block type \"firewall\"", "2:1")
                        .detail("does not know a block \"firewall\" at the top level")
                        .config("""
                    interface "lan0" { zone = "LAN" }
                    firewall {}
                    """)
                        .fix("firewall {}\n", ""),
                error(Code.E0301, "argument written as a block", "Unsupported block type \"mtu\"", "3:3")
                        .detail("\"mtu\" is an argument, not a block", "mtu = value")
                        .config("""
                    interface "lan0" {
                      zone = "LAN"
                      mtu {}
                    }
                    """)
                        .fix("mtu {}", "mtu = 1500"),
                error(Code.E0302, "misspelt argument in wan", "Unsupported argument \"prority\"", "4:9")
                        .detail(
                                "does not know an argument \"prority\" in a wan block",
                                "priority, weight, bandwidth, table, mark")
                        .hint("did you mean \"priority\"?")
                        .config(ONE_WAN.replace("priority", "prority"))
                        .fix("prority", "priority"),
                error(Code.E0302, "block written as an argument", "Unsupported argument \"wan\"", "4:3")
                        .detail("\"wan\" is a block, not an argument", "without \"=\"")
                        .config(ONE_WAN.replace("wan {", "wan = {"))
                        .fix("wan = {", "wan {"),
                error(Code.E0303, "single address where a list is expected", "Incorrect value type", "8:30")
                        .detail("Expected a list of IP address in [ ]", "but this is a string")
                        .config(withMemberCheck("targets = \"1.1.1.1\""))
                        .fix("\"1.1.1.1\"", "[\"1.1.1.1\", \"9.9.9.9\"]"),
                error(Code.E0303, "word where a bool is expected", "Incorrect value type", "3:10")
                        .detail("Expected true or false", "but this is a string")
                        .config(ONE_WAN.replace("dhcp = true", "dhcp = \"yes\""))
                        .fix("\"yes\"", "true"),
                error(Code.E0303, "fraction where a whole number is expected", "Incorrect value type", "3:10")
                        .detail("Expected a whole number", "1500.5 has a fraction")
                        .config("""
                    interface "lan0" {
                      zone = "LAN"
                      mtu  = 1500.5
                    }
                    """)
                        .fix("1500.5", "1500"),
                error(Code.E0304, "interface without zone", "Missing required argument \"zone\"", "1:1")
                        .detail("needs \"zone\"", "such as \"WAN\" or \"LAN\"")
                        .config("""
                    interface "lan0" {
                      address = "192.168.1.1/24"
                    }
                    """)
                        .fix("{\n", "{\n  zone = \"LAN\"\n"),
                error(Code.E0304, "policy route without match", "Missing match block", "9:1")
                        .detail("needs a match block")
                        .config(ONE_WAN + """
                    policy_route "vpn" {
                      uplink = "eth0"
                    }
                    """)
                        .fix("uplink = \"eth0\"", "uplink = \"eth0\"\n  match { protocol = \"udp\" }"),
                error(Code.E0304, "ipset without entries", "Missing required argument \"entries\"", "2:1")
                        .detail("An ipset needs its entries: list its prefixes in entries = [...].")
                        .config("""
                    interface "lan0" { zone = "LAN" }
                    ipset "office" { type = "ipv4_addr" }
                    """)
                        .fix("type = \"ipv4_addr\"", "entries = [\"10.0.0.0/8\"]"),
                error(Code.E0304, "static WAN without gateway", "Missing required argument \"gateway\"", "1:1")
                        .detail(
                                "is a static WAN (no dhcp, no pppoe)",
                                "gateway = \"192.0.2.1\"",
                                "no route leads out of this uplink")
                        .config("""
                    interface "eth0" {
                      zone    = "WAN"
                      address = "192.0.2.10/24"
                      wan {}
                    }
                    interface "lan0" { zone = "LAN" }
                    uplink_group "default" {
                      member "eth0" {}
                    }
                    """)
                        .fix("wan {}", "gateway = \"192.0.2.1\"\n  wan {}"),
                error(Code.E0321, "ipset file, which nothing loads yet", "Not supported yet: ipset file", "4:10")
                        .detail("does not load ipset files yet", "entries = [...]")
                        .config("""
                    interface "lan0" { zone = "LAN" }
                    ipset "office" {
                      entries = ["10.0.0.0/8"]
                      file = "/etc/flywall/office.txt"
                    }
                    """)
                        .fix("  file = \"/etc/flywall/office.txt\"\n", ""),
                error(Code.E0305, "mtu above 65535", "Value out of range", "3:10")
                        .detail("65536 is outside the accepted range 68–65535")
                        .config("""
                    interface "lan0" {
                      zone = "LAN"
                      mtu  = 65536
                    }
                    """)
                        .fix("65536", "9000"),
                error(Code.E0305, "interval above 1h", "Value out of range", "8:31")
                        .detail("\"2h\" is outside the accepted range 100ms–1h")
                        .config(withMemberCheck("interval = \"2h\""))
                        .fix("\"2h\"", "\"10s\""),
                error(Code.E0305, "reliability above the number of targets", "Value out of range", "8:34")
                        .detail("reliability = 3", "than the check has (2)")
                        .config(withMemberCheck("reliability = 3"))
                        .fix("reliability = 3", "reliability = 2"),
                error(Code.E0305, "empty target list", "Value out of range", "8:30")
                        .detail("must not be empty")
                        .config(withMemberCheck("targets = []"))
                        .fix("[]", "[\"1.1.1.1\", \"9.9.9.9\"]"),
                error(Code.E0306, "second wan block", "Duplicate wan block", "5:3")
                        .detail("at most one wan block", "the first is at line 4", "Merge them")
                        .config(ONE_WAN.replace(
                                "  wan { priority = 1 }\n", "  wan { priority = 1 }\n  wan { weight = 2 }\n"))
                        .fix("  wan { weight = 2 }\n", ""),
                error(Code.E0306, "second api block", "Duplicate api block", "3:1")
                        .detail("A configuration has at most one api block", "line 2")
                        .config("""
                    interface "lan0" { zone = "LAN" }
                    api { listen = "127.0.0.1:8080" }
                    api { listen = "[::1]:8080" }
                    """)
                        .fix("api { listen = \"[::1]:8080\" }\n", ""),
                error(Code.E0307, "interface without its name", "Wrong labels for interface block", "1:1")
                        .detail("takes one label, its name", "interface \"NAME\" { ... }")
                        .config("""
                    interface { zone = "LAN" }
                    """)
                        .fix("interface {", "interface \"lan0\" {"),
                error(Code.E0307, "interface with two names", "Wrong labels for interface block", "1:11")
                        .detail("takes one label")
                        .config("""
                    interface "lan0" "lan1" { zone = "LAN" }
                    """)
                        .fix(" \"lan1\"", ""),
                error(Code.E0307, "wan block with a label", "Wrong labels for wan block", "4:7")
                        .detail("A wan block takes no labels")
                        .config(ONE_WAN.replace("wan {", "wan \"primary\" {"))
                        .fix(" \"primary\"", ""),
                error(Code.E0308, "misspelt group mode", "Invalid value", "7:10")
                        .detail("\"balanced\" is not accepted here", "one of \"failover\", \"balance\"")
                        .hint("did you mean \"balance\"?")
                        .config(ONE_WAN.replace("uplink_group \"default\" {\n", """
                    uplink_group "default" {
                      mode = "balanced"
                    """))
                        .fix("balanced", "balance"),
                error(Code.E0308, "failback word far from any", "Invalid value", "7:14")
                        .detail("\"never\" is not accepted here", "one of \"auto\", \"manual\"")
                        .config(ONE_WAN.replace("uplink_group \"default\" {\n", """
                    uplink_group "default" {
                      failback = "never"
                    """))
                        .fix("never", "manual"),
                error(Code.E0308, "policy route name with a space", "Invalid name", "9:14")
                        .detail("\"work vpn\" is not a valid name", "at most 63 characters")
                        .config(ONE_WAN + """
                    policy_route "work vpn" {
                      match { protocol = "udp" }
                      uplink = "eth0"
                    }
                    """)
                        .fix("work vpn", "work-vpn"));
    }
}
