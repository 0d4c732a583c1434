package dev.flywall.decode;

import static dev.flywall.decode.DiagnosticCase.ONE_WAN;
import static dev.flywall.decode.DiagnosticCase.error;
import static dev.flywall.decode.DiagnosticCase.withMemberCheck;

import dev.flywall.diag.Code;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The value checks of the schema, E0309–E0320: addresses, ports, protocols, interface names,
 * durations, bandwidths, URLs, email addresses, host:port, env()/file() outside secrets, event
 * names and arguments that exclude each other. One mistake per row, and the edit that fixes it.
 */
public class ValueDiagnosticsTest {

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

    /** {@link DiagnosticCase#ONE_WAN} and a route whose match block is line 10. */
    private static String route(String match) {
        return ONE_WAN + """
            policy_route "vpn" {
              match {
            %s
              }
              uplink = "eth0"
            }
            """.formatted(match.indent(4).stripTrailing());
    }

    private static String lan(String arguments) {
        return "interface \"lan0\" {\n  zone = \"LAN\"\n" + arguments.indent(2) + "}\n";
    }

    public static Stream<DiagnosticCase> cases() {
        return Stream.concat(addressesAndPorts(), textValues());
    }

    private static Stream<DiagnosticCase> addressesAndPorts() {
        return Stream.of(
                error(Code.E0309, "octet above 255", "Invalid address", "3:13")
                        .detail("\"192.168.1.256/24\" is not an address with prefix length", "192.0.2.1")
                        .config(lan("address = \"192.168.1.256/24\""))
                        .fix("256", "1"),
                error(Code.E0309, "interface address without prefix length", "Invalid address", "3:13")
                        .detail("needs its prefix length", "\"192.168.1.1/24\"")
                        .config(lan("address = \"192.168.1.1\""))
                        .fix(".1\"", ".1/24\""),
                error(Code.E0309, "gateway written as a prefix", "Invalid address", "4:13")
                        .detail("Expected a single IP address here, not the prefix \"203.0.113.1/24\"")
                        .config(ONE_WAN.replace("  dhcp = true\n", """
                      address = "203.0.113.7/24"
                      gateway = "203.0.113.1/24"
                    """))
                        .fix(".1/24", ".1"),
                error(Code.E0309, "probe target with a zone id", "Invalid address", "8:42")
                        .detail("\"fe80::1%eth0\" is not an IP address")
                        .config(withMemberCheck("targets = [\"1.1.1.1\", \"fe80::1%eth0\"]"))
                        .fix("fe80::1%eth0", "9.9.9.9"),
                error(Code.E0309, "set reference with a space", "Invalid address", "11:19")
                        .detail("\"@streaming services\" is not a set reference", "name of an ipset block")
                        .config(route("destination = \"@streaming services\""))
                        .fix("\"@streaming services\"", "\"198.51.100.0/24\""),
                error(Code.E0310, "port above 65535", "Invalid port", "12:26")
                        .detail("\"70000\" is not a port (0–65535) or a range")
                        .config(route("protocol  = \"udp\"\ndest_port = [\"1194\", \"70000\"]"))
                        .fix("70000", "1195"),
                error(Code.E0310, "range written backwards", "Invalid port", "12:17")
                        .detail("\"8100-8000\"", "runs backwards", "Write \"8000-8100\"")
                        .config(route("protocol  = \"tcp\"\ndest_port = \"8100-8000\""))
                        .fix("8100-8000", "8000-8100"),
                error(Code.E0311, "misspelt protocol", "Invalid protocol", "11:16")
                        .detail("\"upd\" is not an IP protocol", "a number 0–255")
                        .hint("did you mean \"udp\"?")
                        .config(route("protocol = \"upd\""))
                        .fix("upd", "udp"),
                error(Code.E0311, "protocol number above 255", "Invalid protocol", "11:21")
                        .detail("\"256\" is not an IP protocol")
                        .config(route("protocol = [47, 256]"))
                        .fix("256", "50"),
                error(Code.E0312, "interface name of 16 characters", "Invalid interface name", "1:11")
                        .detail("at most 15 characters", "\"enp0s31f6-uplink\" has 16")
                        .config("interface \"enp0s31f6-uplink\" { zone = \"LAN\" }\n")
                        .fix("-uplink", "-upl"),
                error(Code.E0312, "alias-style interface name", "Invalid interface name", "7:10")
                        .detail("may only hold letters, digits, \"_\", \".\" and \"-\"")
                        .config(ONE_WAN.replace("member \"eth0\"", "member \"eth0:1\""))
                        .fix("eth0:1", "eth0"),
                error(Code.E0312, "match on interface \"..\"", "Invalid interface name", "11:17")
                        .detail("\".\" and \"..\" are not valid interface names")
                        .config(route("interface = \"..\""))
                        .fix("\"..\"", "\"eth0\""),
                error(Code.E0313, "duration without unit", "Invalid duration", "8:31")
                        .detail("\"5\" is not a duration", "\"500ms\", \"5s\", \"1m30s\" or \"1h\"")
                        .config(withMemberCheck("interval = \"5\""))
                        .fix("\"5\"", "\"5s\""),
                error(Code.E0313, "duration in words", "Invalid duration", "8:20")
                        .detail("\"1 hour\" is not a duration")
                        .config(ONE_WAN.replace(
                                "  member", "  sticky         = true\n  sticky_timeout = \"1 hour\"\n  member"))
                        .fix("1 hour", "1h"));
    }

    private static Stream<DiagnosticCase> textValues() {
        return Stream.of(
                error(Code.E0314, "bandwidth in bytes", "Invalid bandwidth", "4:21")
                        .detail("\"100MB\" is not a bandwidth", "\"100Mbps\" or \"1Gbps\"")
                        .config(ONE_WAN.replace("priority = 1", "bandwidth = \"100MB\""))
                        .fix("100MB", "100Mbps"),
                error(Code.E0315, "webhook URL without scheme", "Invalid URL", "3:19")
                        .detail("\"hooks.example.com/flywall\" is not an absolute http:// or https:// URL")
                        .config("""
                    interface "lan0" { zone = "LAN" }
                    notifications {
                      webhook { url = "hooks.example.com/flywall" }
                    }
                    """)
                        .fix("\"hooks", "\"https://hooks"),
                error(Code.E0315, "http check with an ftp URL", "Invalid URL", "8:26")
                        .detail("\"ftp://example.com/\" is not an absolute http:// or https:// URL")
                        .config(withMemberCheck("url = \"ftp://example.com/\""))
                        .fix(
                                "health_check { url = \"ftp://example.com/\" }",
                                "health_check {\n      type = \"http\"\n      url  = \"http://example.com/\"\n    }"),
                error(Code.E0316, "recipient without domain", "Invalid email address", "5:34")
                        .detail("\"ops\" is not an email address like admin@example.com")
                        .config("""
                    interface "lan0" { zone = "LAN" }
                    notifications {
                      email {
                        smtp = "smtp.example.com:587"
                        to   = ["admin@example.com", "ops"]
                      }
                    }
                    """)
                        .fix("\"ops\"", "\"ops@example.com\""),
                error(Code.E0317, "SMTP server without port", "Invalid host and port", "4:12")
                        .detail("\"smtp.example.com\" is not host:port", "\"[::1]:8080\"")
                        .config("""
                    interface "lan0" { zone = "LAN" }
                    notifications {
                      email {
                        smtp = "smtp.example.com"
                        to   = ["admin@example.com"]
                      }
                    }
                    """)
                        .fix(".com\"", ".com:587\""),
                error(Code.E0317, "API on port 0", "Invalid host and port", "2:16")
                        .detail("\"127.0.0.1:0\" is not host:port")
                        .config("""
                    interface "lan0" { zone = "LAN" }
                    api { listen = "127.0.0.1:0" }
                    """)
                        .fix(":0", ":8080"),
                error(Code.E0318, "env() for a zone", "Reference not allowed here", "1:27")
                        .detail("env(\"ZONE\") is read when flywall runs", "only accepted for secrets")
                        .config("interface \"lan0\" { zone = env(\"ZONE\") }\n")
                        .fix("env(\"ZONE\")", "\"LAN\""),
                error(Code.E0318, "file() for a webhook URL", "Reference not allowed here", "3:19")
                        .detail("file(\"/etc/flywall/hook\")", "Write the value itself here")
                        .config("""
                    interface "lan0" { zone = "LAN" }
                    notifications {
                      webhook { url = file("/etc/flywall/hook") }
                    }
                    """)
                        .fix("file(\"/etc/flywall/hook\")", "\"https://hooks.example.com/x\""),
                error(Code.E0319, "misspelt event", "Unknown event \"wan_dwn\"", "5:27")
                        .detail(
                                "\"wan_dwn\" is not accepted here",
                                "\"pin\", \"unpin\", \"lease\", \"apply\", \"rollback\"")
                        .hint("did you mean \"wan_down\"?")
                        .config("""
                    interface "lan0" { zone = "LAN" }
                    notifications {
                      webhook {
                        url    = "https://hooks.example.com/flywall"
                        events = ["wan_down", "wan_dwn"]
                      }
                    }
                    """)
                        .fix("wan_dwn", "wan_up"),
                error(Code.E0320, "dhcp with a static address", "Conflicting arguments", "4:13")
                        .detail("\"dhcp\" and \"address\" cannot be used together", "set dhcp = false")
                        .config(ONE_WAN.replace(
                                "  dhcp = true\n", "  dhcp    = true\n  address = \"203.0.113.7/24\"\n"))
                        .fix("  address = \"203.0.113.7/24\"\n", ""),
                error(Code.E0320, "address and addresses", "Conflicting arguments", "4:15")
                        .detail("\"address\" and \"addresses\" cannot be used together")
                        .config(lan("address   = \"192.168.1.1/24\"\naddresses = [\"fd00::1/64\"]"))
                        .fix("address   = \"192.168.1.1/24\"\n", ""),
                error(Code.E0320, "dhcp and pppoe", "Conflicting arguments", "3:10")
                        .detail("either by DHCP or by PPPoE")
                        .config(ONE_WAN.replace("  wan {", """
                      pppoe {
                        username = "user@isp.example"
                        password = env("PPPOE_PASSWORD")
                      }
                      wan {"""))
                        .fix("  dhcp = true\n", ""),
                error(Code.E0320, "gateway on a PPPoE uplink", "Conflicting arguments", "3:13")
                        .detail("far end of its PPP session", "remove \"gateway\"")
                        .config(pppoeWan("eth1", "")
                                .replace("  zone = \"WAN\"\n", "  zone = \"WAN\"\n  gateway = \"192.0.2.1\"\n"))
                        .fix("  gateway = \"192.0.2.1\"\n", ""),
                error(Code.E0320, "tcp port in an icmp check", "Conflicting arguments", "8:27")
                        .detail("\"port\" is only used by tcp checks", "type is \"icmp\"")
                        .config(withMemberCheck("port = 80"))
                        .fix(
                                "health_check { port = 80 }",
                                "health_check {\n      type = \"tcp\"\n      port = 80\n    }"),
                error(Code.E0320, "dest_port without protocol", "Ports without a protocol", "10:3")
                        .detail("Ports exist only for tcp, udp, sctp, dccp and udplite")
                        .config(route("dest_port = \"443\""))
                        .fix("dest_port", "protocol  = \"tcp\"\n    dest_port"),
                error(Code.E0322, "default PPP device over 15 characters", "PPP device name too long", "3:3")
                        .detail("would be \"ppp-enp0s31f6wan\"", "16 characters", "at most 15")
                        .hint("Name the device yourself: pppoe { device = \"ppp0\" }.")
                        .config(pppoeWan("enp0s31f6wan", ""))
                        .fix("    password = env(\"PPPOE_PASSWORD\")\n", """
                            password = env("PPPOE_PASSWORD")
                            device   = "ppp0"
                        """),
                error(Code.E0312, "PPP device with a colon", "Invalid interface name", "6:16")
                        .detail("may only hold letters, digits, \"_\", \".\" and \"-\"")
                        .config(pppoeWan("eth1", "device   = \"ppp:1\""))
                        .fix("ppp:1", "ppp1"),
                error(Code.E0323, "newline in a PPPoE username", "Invalid PPPoE username", "4:16")
                        .detail("control character U+000A", "pppd reads the username from its options file")
                        .config(pppoeWan("eth1", "").replace("user@isp.example", "user\\nplugin evil.so"))
                        .fix("user\\nplugin evil.so", "user@isp.example"),
                error(Code.E0323, "empty PPPoE username", "Invalid PPPoE username", "4:16")
                        .detail("The username is empty.")
                        .config(pppoeWan("eth1", "").replace("\"user@isp.example\"", "\"\""))
                        .fix("\"\"", "\"user@isp.example\""),
                error(Code.E0305, "bandwidth below tc's 8 kbit/s", "Value out of range", "4:21")
                        .detail("takes no rate below 8kbps", "\"100bps\" is below it")
                        .hint("Write the link's speed with its unit, as \"20Mbps\" or \"512kbps\".")
                        .config(ONE_WAN.replace("wan { priority = 1 }", "wan { bandwidth = \"100bps\" }"))
                        .fix("100bps", "100Mbps"),
                error(Code.E0305, "a mark outside the mark mask's slots", "Value out of range", "4:16")
                        .detail("mark = 99 does not fit the mark mask 0x3f", "slots 1 to 62", "marks blocked traffic")
                        .hint("Use a mark from 1 to 62, or widen runtime { mark_mask }.")
                        .config(ONE_WAN.replace("wan { priority = 1 }", "wan { mark = 99 }")
                                + "runtime {\n  mark_mask = \"0x3f\"\n}\n")
                        .fix("mark = 99", "mark = 62"),
                error(Code.E0305, "PPPoE on an interface with a tiny mtu", "Value out of range", "3:10")
                        .detail("its PPP link's MTU would be 92", "no MTU below 128", "at least 136")
                        .config(pppoeWan("eth1", "").replace("  zone = \"WAN\"\n", "  zone = \"WAN\"\n  mtu  = 100\n"))
                        .fix("mtu  = 100", "mtu  = 1500"));
    }

    /** A PPPoE WAN named {@code name} (its pppoe block on line 3) with {@code more} in the block, and its group. */
    static String pppoeWan(String name, String more) {
        return """
            interface "%1$s" {
              zone = "WAN"
              pppoe {
                username = "user@isp.example"
                password = env("PPPOE_PASSWORD")
            %2$s  }
              wan { priority = 1 }
            }
            uplink_group "default" {
              member "%1$s" {}
            }
            """.formatted(name, more.isEmpty() ? "" : more.indent(4));
    }
}
