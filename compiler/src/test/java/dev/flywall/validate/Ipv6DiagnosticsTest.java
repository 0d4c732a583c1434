package dev.flywall.validate;

import static dev.flywall.decode.DiagnosticCase.error;
import static dev.flywall.decode.DiagnosticCase.warning;

import dev.flywall.decode.DiagnosticCase;
import dev.flywall.diag.Code;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The diagnostics of the uplinks' {@code ipv6} blocks (issue 16): prefixes that are no IPv6
 * prefix (E0324), NPT without an outside prefix (E0325), NPT prefixes without NPT (E0326), an
 * ipv6 block on a LAN (E0412), dynamic IPv6 on PPPoE (E0321), prefix lengths that differ
 * (E0415), no or several LAN prefixes (E0416), an outside prefix on the uplink's own link
 * (E0417), masquerade without an address (E0418) and a group that translates IPv6 on some
 * members only (W0514).
 */
public class Ipv6DiagnosticsTest {

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

    /**
     * A static dual-stack uplink eth0 whose {@code ipv6} block (line 5) holds {@code body} from
     * line 6, column 5; after it, lan0 with {@code lanAddresses}, then group "default".
     */
    private static String uplink(String body, String lanAddresses) {
        return """
                interface "eth0" {
                  zone      = "WAN"
                  addresses = ["192.0.2.10/24", "2001:db8:100::10/64"]
                  gateway   = ["192.0.2.1", "2001:db8:100::1"]
                  ipv6 {
                %s
                  }
                  wan {}
                }
                interface "lan0" {
                  zone      = "LAN"
                  addresses = [%s]
                }
                uplink_group "default" {
                  member "eth0" {}
                }
                """.formatted(body.indent(4).stripTrailing(), lanAddresses);
    }

    private static final String ULA = "\"192.168.1.1/24\", \"fd00:10::1/64\"";

    /** {@link #uplink} with NPT to {@code prefix} (line 7, value at column 14) and the ULA LAN. */
    private static String npt(String prefix) {
        return uplink("nat    = \"npt\"\nprefix = \"" + prefix + "\"", ULA);
    }

    public static Stream<DiagnosticCase> cases() {
        return Stream.concat(oneBlock(), acrossBlocks());
    }

    private static Stream<DiagnosticCase> oneBlock() {
        return Stream.of(
                error(Code.E0324, "IPv4 NPT prefix", "Invalid IPv6 prefix", "7:14")
                        .detail("\"prefix\" is an IPv6 prefix, but 198.51.100.0/24 is IPv4")
                        .hint("Write an IPv6 prefix, as \"2001:db8:100:1000::/64\".")
                        .config(npt("198.51.100.0/24"))
                        .fix("198.51.100.0/24", "2001:db8:100:1000::/64"),
                error(Code.E0324, "NPT prefix with host bits", "Invalid IPv6 prefix", "7:14")
                        .detail("2001:db8:100:1000::1/64 has host bits set", "2001:db8:100:1000::/64")
                        .hint("Write \"2001:db8:100:1000::/64\".")
                        .config(npt("2001:db8:100:1000::1/64"))
                        .fix("1000::1/64", "1000::/64"),
                error(Code.E0324, "lan_prefix with host bits", "Invalid IPv6 prefix", "8:18")
                        .detail("\"lan_prefix\" is a prefix, but fd00:10::1/64 has host bits set")
                        .hint("Write \"fd00:10::/64\".")
                        .config(uplink(
                                "nat        = \"npt\"\nprefix     = \"2001:db8:100:1000::/64\"\n"
                                        + "lan_prefix = \"fd00:10::1/64\"",
                                ULA))
                        .fix("fd00:10::1/64\"\n", "fd00:10::/64\"\n"),
                error(Code.E0325, "NPT with neither prefix nor delegation", "NPT without an outside prefix", "6:11")
                        .detail("translates the LAN's IPv6 prefix (nat = \"npt\"), but to no prefix")
                        .hint("Write prefix = \"2001:db8:100:1000::/64\" (the routed prefix), or prefix_delegation"
                                + " = true.")
                        .config(uplink("nat = \"npt\"", ULA))
                        .fix("nat = \"npt\"", "nat = \"npt\"\n    prefix = \"2001:db8:100:1000::/64\""),
                error(Code.E0326, "NPT prefix while nat is none", "NPT prefix without NPT", "7:14")
                        .detail("\"prefix\" is a prefix of the IPv6 prefix translation", "nat = \"none\"")
                        .hint("Set nat = \"npt\" to translate, or remove \"prefix\".")
                        .config(uplink("nat    = \"none\"\nprefix = \"2001:db8:100:1000::/64\"", ULA))
                        .fix("\"none\"", "\"npt\""),
                error(Code.E0326, "lan_prefix with the default nat", "NPT prefix without NPT", "6:18")
                        .detail("\"lan_prefix\"", "nat = \"none\" (the default)")
                        .hint("Set nat = \"npt\" to translate, or remove \"lan_prefix\".")
                        .config(uplink("lan_prefix = \"fd00:10::/64\"", ULA))
                        .fix("lan_prefix = \"fd00:10::/64\"", "autoconf = true"),
                error(Code.E0412, "ipv6 block on a LAN interface", "Only for WAN interfaces", "4:3")
                        .detail("The ipv6 block configures an uplink's IPv6", "interface \"lan0\" has no wan block")
                        .config("""
                    interface "lan0" {
                      zone      = "LAN"
                      addresses = ["192.168.1.1/24", "fd00:10::1/64"]
                      ipv6 { autoconf = true }
                    }
                    """)
                        .fix("  ipv6 { autoconf = true }\n", ""),
                error(Code.E0321, "SLAAC on a PPPoE uplink", "Not supported yet: IPv6 over PPPoE", "8:21")
                        .detail("does not yet run the IPv6 clients on a PPPoE session's device")
                        .config("""
                    interface "eth0" {
                      zone = "WAN"
                      pppoe {
                        username = "dsl"
                        password = env("PPPOE_PASSWORD")
                      }
                      wan {}
                      ipv6 { autoconf = true }
                    }
                    uplink_group "default" {
                      member "eth0" {}
                    }
                    """)
                        .fix("autoconf = true", "autoconf = false"));
    }

    private static Stream<DiagnosticCase> acrossBlocks() {
        return Stream.of(
                error(Code.E0415, "routed /56 for a /64 LAN", "NPT prefix lengths differ", "7:14")
                        .detail(
                                "translates the LAN prefix fd00:10::/64 (of the LAN-side interfaces) to prefix"
                                        + " 2001:db8:100:1000::/56",
                                "/64 or /56")
                        .hint("Ask the ISP to route a /64 (or translate a LAN prefix of /56), and write both with"
                                + " one length.")
                        .config(npt("2001:db8:100:1000::/56"))
                        .fix("/56", "/64"),
                error(Code.E0415, "lan_prefix /48 for a routed /64", "NPT prefix lengths differ", "7:18")
                        .detail("lan_prefix fd00:10::/48 (t.hcl:8:18)")
                        .hint("Ask the ISP to route a /48 (or translate a LAN prefix of /64), and write both with"
                                + " one length.")
                        .config(uplink(
                                "nat        = \"npt\"\nprefix     = \"2001:db8:100:1000::/64\"\n"
                                        + "lan_prefix = \"fd00:10::/48\"",
                                ULA))
                        .fix("fd00:10::/48", "fd00:10::/64"),
                error(Code.E0416, "LAN without IPv6", "No LAN prefix for NPT", "6:14")
                        .detail("the LAN-side interfaces have no IPv6 address")
                        .hint("Give the LAN interface an IPv6 address (addresses = [..., \"fd00:10::1/64\"]), or write"
                                + " lan_prefix = \"fd00:10::/64\".")
                        .config(uplink("nat    = \"npt\"\nprefix = \"2001:db8:100:1000::/64\"", "\"192.168.1.1/24\""))
                        .fix("\"192.168.1.1/24\"]", ULA + "]"),
                error(Code.E0416, "LAN with two IPv6 prefixes", "No LAN prefix for NPT", "6:14")
                        .detail("2 IPv6 prefixes (fd00:10::/64, fd00:20::/64)")
                        .hint("Write lan_prefix = \"fd00:10::/64\" (or the one to translate).")
                        .config(uplink(
                                "nat    = \"npt\"\nprefix = \"2001:db8:100:1000::/64\"", ULA + ", \"fd00:20::1/64\""))
                        .fix(", \"fd00:20::1/64\"", ""),
                error(Code.E0417, "NPT to the uplink's on-link /64", "NPT prefix on the uplink's link", "7:14")
                        .detail(
                                "overlaps its own on-link subnet 2001:db8:100::/64 (address 2001:db8:100::10/64)",
                                "neighbour discovery")
                        .hint("Use a prefix the ISP routes to the gateway (a routed /64 beside the link's subnet),"
                                + " not the link's subnet itself.")
                        .config(npt("2001:db8:100::/64"))
                        .fix("2001:db8:100::/64", "2001:db8:100:1000::/64"),
                error(Code.E0418, "IPv6 masquerade on a DHCP uplink", "IPv6 masquerade without an IPv6 address", "4:16")
                        .detail("no IPv6 address of its own", "neither autoconf nor dhcp")
                        .hint("Set autoconf = true or dhcp = true, add a static IPv6 address, or use nat = \"npt\".")
                        .config("""
                    interface "eth0" {
                      zone = "WAN"
                      dhcp = true
                      ipv6 { nat = "masquerade" }
                      wan {}
                    }
                    uplink_group "default" {
                      member "eth0" {}
                    }
                    """)
                        .fix(
                                "ipv6 { nat = \"masquerade\" }",
                                "ipv6 {\n    autoconf = true\n    nat      = \"masquerade\"\n  }"),
                warning(
                                Code.W0514,
                                "one member translates IPv6, the other not",
                                "Mixed IPv6 translation in \"default\"",
                                "21:1")
                        .detail(
                                "\"eth1\" sends the LAN's IPv6 unchanged (nat = \"none\")",
                                "\"eth0\" translates it (nat = \"npt\")")
                        .hint("Give \"eth1\" an ipv6 { nat = \"npt\" ... } block too, or translate on none of them.")
                        .config(npt("2001:db8:100:1000::/64")
                                        .replace("uplink_group \"default\" {\n  member \"eth0\" {}\n}\n", "")
                                + """
                    interface "eth1" {
                      zone      = "WAN"
                      addresses = ["198.51.100.10/24", "2001:db8:200::10/64"]
                      gateway   = ["198.51.100.1", "2001:db8:200::1"]
                      wan { priority = 2 }
                    }
                    uplink_group "default" {
                      member "eth0" {}
                      member "eth1" {}
                    }
                    """)
                        .fix(
                                "  wan { priority = 2 }",
                                "  ipv6 {\n    nat    = \"npt\"\n    prefix = \"2001:db8:200:1000::/64\"\n  }\n"
                                        + "  wan { priority = 2 }"));
    }
}
