package dev.flywall.validate;

import static dev.flywall.decode.DiagnosticCase.GROUP;
import static dev.flywall.decode.DiagnosticCase.TWO_WANS;
import static dev.flywall.decode.DiagnosticCase.warning;

import dev.flywall.decode.DiagnosticCase;
import dev.flywall.diag.Code;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The warnings, W0501–W0512: configurations that work but probably not as meant. A warning
 * never stops the model from being built; the edit in each row removes the cause.
 */
public class WarningDiagnosticsTest {

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

    /** Two WANs (lines 1–10) and group "default" whose member eth0 has {@code check} on line 13. */
    private static String eth0Check(String check) {
        return TWO_WANS + """
            uplink_group "default" {
              member "eth0" {
                health_check { %s }
              }
              member "eth1" {}
            }
            """.formatted(check);
    }

    public static Stream<DiagnosticCase> cases() {
        return Stream.of(groupsAndRoutes(), checksAndSecrets(), maintenance()).flatMap(s -> s);
    }

    /**
     * Maintenance windows, linted at {@link DiagnosticCase#NOW} (1 December 2026): a one-off window
     * over before then, and a window that takes a whole group.
     */
    private static Stream<DiagnosticCase> maintenance() {
        return Stream.of(
                warning(
                                Code.W0516,
                                "one-off maintenance window already over",
                                "Maintenance window \"splice\" already over",
                                "19:15")
                        .detail("ended at 2026-11-30 23:00 (Europe/Berlin), before now", "it never applies")
                        .config(TWO_WANS + GROUP + """
                    maintenance "splice" {
                      uplinks   = ["eth1"]
                      time_zone = "Europe/Berlin"
                      from      = "2026-11-30 22:00"
                      until     = "2026-11-30 23:00"
                    }
                    """)
                        .fix("2026-11-30 23:00", "2026-12-01 04:00"),
                warning(
                                Code.W0517,
                                "maintenance of every member of a group",
                                "Maintenance takes every member of \"default\"",
                                "16:15")
                        .detail(
                                "covers every member of the uplink group \"default\" at once",
                                "keeps its last active set")
                        .config(TWO_WANS + GROUP + """
                    maintenance "isp" {
                      uplinks   = ["eth0", "eth1"]
                      time_zone = "Europe/Berlin"
                      days      = ["sat", "sun"]
                      start     = "02:00"
                      duration  = "2h"
                    }
                    """)
                        .fix("[\"eth0\", \"eth1\"]", "[\"eth0\"]"));
    }

    private static Stream<DiagnosticCase> groupsAndRoutes() {
        return Stream.of(
                warning(Code.W0501, "WAN in no group", "WAN \"eth1\" is in no uplink group", "6:1")
                        .detail("No uplink_group has a member \"eth1\"", "Add member \"eth1\" { } to a group")
                        .config(TWO_WANS + GROUP.replace("  member \"eth1\" {}\n", ""))
                        .fix("  member \"eth0\" {}\n", "  member \"eth0\" {}\n  member \"eth1\" {}\n"),
                warning(Code.W0502, "failover members of one priority", "Failover group balances", "11:1")
                        .detail("All members of \"default\" have priority 1", "mode = \"balance\"")
                        .config(TWO_WANS.replace("priority = 2", "priority = 1") + GROUP)
                        .fix("member \"eth1\" {}", "member \"eth1\" { priority = 2 }"),
                warning(Code.W0504, "sticky_timeout without sticky", "sticky_timeout without sticky", "11:1")
                        .detail("sticky_timeout has no effect unless sticky = true in \"default\"")
                        .config(TWO_WANS
                                + GROUP.replace(
                                        "{\n", "{\n  mode           = \"balance\"\n" + "  sticky_timeout = \"1h\"\n"))
                        .fix("  sticky_timeout", "  sticky         = true\n  sticky_timeout"),
                warning(Code.W0505, "udp route before the VPN route", "Shadowed policy route \"vpn\"", "19:1")
                        .detail("The route \"udp\" (line 15) comes first", "never applies", "lower priority number")
                        .config(TWO_WANS + GROUP + """
                    policy_route "udp" {
                      match { protocol = "udp" }
                      uplink = "eth1"
                    }
                    policy_route "vpn" {
                      match {
                        protocol  = "udp"
                        dest_port = "1194"
                      }
                      uplink = "eth0"
                    }
                    """)
                        .fix("uplink = \"eth0\"", "uplink   = \"eth0\"\n  priority = 50"),
                warning(Code.W0505, "LAN prefix before one of its hosts", "Shadowed policy route \"gaming\"", "19:1")
                        .detail("The route \"lan\" (line 15) comes first")
                        .config(TWO_WANS + GROUP + """
                    policy_route "lan" {
                      match { source = "192.168.1.0/24" }
                      uplink = "default"
                    }
                    policy_route "gaming" {
                      match { source = "192.168.1.50" }
                      uplink = "eth0"
                    }
                    """)
                        .fix("192.168.1.0/24", "192.168.2.0/24"),
                warning(Code.W0506, "prefix inside another entry", "Overlapping set entries", "16:44")
                        .detail("10.1.0.0/16 is inside 10.0.0.0/8", "(also in ipset \"office\")", "redundant")
                        .config(TWO_WANS + GROUP + """
                    ipset "office" {
                      entries = ["10.0.0.0/8", "192.0.2.0/24", "10.1.0.0/16"]
                    }
                    """)
                        .fix(", \"10.1.0.0/16\"", ""),
                warning(Code.W0510, "zone WAN without wan block", "WAN zone without wan block", "11:1")
                        .detail("\"eth2\" is in zone \"WAN\" but has no wan block", "Add wan { }")
                        .config(TWO_WANS + """
                    interface "eth2" {
                      zone = "WAN"
                      dhcp = true
                    }
                    """ + GROUP)
                        .fix("\"WAN\"\n  dhcp = true\n}", "\"LAN\"\n  dhcp = true\n}"),
                warning(Code.W0512, "member priority in balance mode", "Priority in a balance group", "13:30")
                        .detail(
                                "In balance mode every live member of \"default\" carries traffic",
                                "mode = \"failover\"")
                        .config(TWO_WANS
                                + GROUP.replace("{\n", "{\n  mode = \"balance\"\n")
                                        .replace("member \"eth0\" {}", "member \"eth0\" { priority = 1 }"))
                        .fix("\"eth0\" { priority = 1 }", "\"eth0\" {}"),
                warning(Code.W0513, "host-run PPPoE with the default device", "PPP device of \"eth1\" not named", "8:3")
                        .detail("the host runs pppd for \"eth1\"", "through \"ppp-eth1\" (the default)")
                        .hint("Write the device the host's pppd creates: pppoe { device = \"ppp0\" }.")
                        .config(TWO_WANS.replace(
                                        "  dhcp = true\n  wan { priority = 2 }",
                                        "  pppoe {\n    username = \"dsl\"\n    password = env(\"P\")\n  }\n"
                                                + "  wan { priority = 2 }")
                                + GROUP
                                + DiagnosticCase.LAN
                                + "runtime {\n  interfaces = \"host\"\n}\n")
                        .fix("password = env(\"P\")\n", "password = env(\"P\")\n    device   = \"ppp0\"\n"),
                warning(Code.W0511, "only WANs, as in the guide's snippets", "No LAN-side interface", "1:1")
                        .detail(
                                "Every interface here is a WAN",
                                "traffic forwarded from your network is neither classified" + " nor NATed",
                                "interface \"eth2\" { zone = \"LAN\" }")
                        .config(TWO_WANS + GROUP)
                        .fix("uplink_group \"default\" {", DiagnosticCase.LAN + "uplink_group \"default\" {"));
    }

    private static Stream<DiagnosticCase> checksAndSecrets() {
        return Stream.of(
                warning(Code.W0503, "interval equal to the default timeout", "Timeout not below interval", "13:5")
                        .detail("timeout (2s) is not shorter than interval (2s)", "Make timeout shorter")
                        .config(eth0Check("interval = \"2s\""))
                        .fix("\"2s\"", "\"3s\""),
                warning(Code.W0507, "PPPoE password in the file", "Plaintext secret", "5:16")
                        .detail(
                                "The PPPoE password is written in the configuration file",
                                "env(\"NAME\") or file(\"/path\")")
                        .config("""
                    interface "eth0" {
                      zone = "WAN"
                      pppoe {
                        username = "user@isp.example"
                        password = "hunter2"
                      }
                      wan { priority = 1 }
                    }
                    uplink_group "default" {
                      member "eth0" {}
                    }
                    """)
                        .fix("\"hunter2\"", "env(\"PPPOE_PASSWORD\")"),
                warning(Code.W0507, "SMTP password in the file", "Plaintext secret", "19:16")
                        .detail("The SMTP password is written in the configuration file")
                        .config(TWO_WANS + GROUP + """
                    notifications {
                      email {
                        smtp     = "smtp.example.com:587"
                        to       = ["admin@example.com"]
                        password = "hunter2"
                      }
                    }
                    """)
                        .fix("\"hunter2\"", "file(\"/etc/flywall/smtp-password\")"),
                warning(Code.W0507, "webhook header in the file", "Plaintext secret", "18:33")
                        .detail("The webhook header \"Authorization\" is written in the configuration file")
                        .config(TWO_WANS + GROUP + """
                    notifications {
                      webhook {
                        url     = "https://hooks.example.com/flywall"
                        headers = { Authorization = "Bearer abc" }
                      }
                    }
                    """)
                        .fix("\"Bearer abc\"", "env(\"HOOK_AUTH\")"),
                warning(Code.W0508, "one probe target", "Single health-check target", "13:5")
                        .detail("This check probes one target", "two or more independent targets")
                        .config(eth0Check("targets = [\"1.1.1.1\"]"))
                        .fix("[\"1.1.1.1\"]", "[\"1.1.1.1\", \"9.9.9.9\"]"),
                warning(Code.W0509, "30s interval", "Slow failure detection", "13:5")
                        .detail("interval × threshold_down = 30s × 3 = 1m30s", "within 60s")
                        .config(eth0Check("interval = \"30s\""))
                        .fix("\"30s\"", "\"20s\""),
                warning(Code.W0509, "thirteen rounds of 5s", "Slow failure detection", "13:5")
                        .detail("5s × 13 = 1m5s")
                        .config(eth0Check("threshold_down = 13"))
                        .fix("13", "12"));
    }
}
