package dev.flywall.validate;

import static dev.flywall.decode.DiagnosticCase.error;
import static dev.flywall.decode.DiagnosticCase.warning;

import dev.flywall.decode.DiagnosticCase;
import dev.flywall.diag.Code;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The diagnostics of the {@code ha} block (issue 17): a second ha block (E0306), an advert interval VRRPv3 cannot express
 * (E0327), preempt_delay without preempt (E0328), an IPv6 peer (E0407), no virtual_address
 * (E0304), unknown interfaces (E0403), a sync interface that is a WAN, has no static IPv4 or does
 * not reach the peer (E0419), virtual addresses outside the interface's subnets, equal to its own
 * address or given twice (E0420), without IPv4 (E0421), on a DHCP interface (E0422), two blocks for
 * one interface (E0401), an uplink whose connections cannot survive a switch (W0515), and a state
 * directory keepalived and conntrackd cannot name (E0423).
 */
public class HaDiagnosticsTest {

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
     * A valid node: static WAN eth0 (lines 1–6), LAN eth2 (7–10), sync link eth3 (11–14), group
     * (15–17), ha from line 18: priority, peer and sync_interface on lines 19–21 (values at column
     * 20), {@code extra} from line 22, then the virtual addresses of eth2 and eth0.
     */
    static String node(String extra) {
        return """
                interface "eth0" {
                  zone    = "WAN"
                  address = "198.51.100.2/29"
                  gateway = "198.51.100.1"
                  wan {}
                }
                interface "eth2" {
                  zone    = "LAN"
                  address = "192.168.1.2/24"
                }
                interface "eth3" {
                  zone    = "SYNC"
                  address = "10.99.0.1/30"
                }
                uplink_group "default" {
                  member "eth0" {}
                }
                ha {
                  priority       = 200
                  peer           = "10.99.0.2"
                  sync_interface = "eth3"
                %s
                  virtual_address "eth2" { addresses = ["192.168.1.1/24"] }
                  virtual_address "eth0" { addresses = ["198.51.100.4/29"] }
                }
                """.formatted(extra.indent(2).stripTrailing());
    }

    private static final String NODE = node("");

    public static Stream<DiagnosticCase> cases() {
        return Stream.concat(oneBlock(), withInterfaces());
    }

    private static Stream<DiagnosticCase> oneBlock() {
        return Stream.of(
                error(Code.E0327, "advert interval between centiseconds", "Invalid VRRP advert interval", "22:21")
                        .detail("VRRPv3 counts the advert interval in centiseconds", "\"15ms\"")
                        .hint("Write \"10ms\" or \"20ms\".")
                        .config(node("advert_interval = \"15ms\""))
                        .fix("15ms", "20ms"),
                error(Code.E0328, "preempt_delay with preempt false", "preempt_delay without preempt", "23:19")
                        .detail("preempt = false keeps the addresses on the current master")
                        .hint("Remove preempt_delay, or set preempt = true.")
                        .config(node("preempt = false\npreempt_delay = \"2s\""))
                        .fix("preempt = false", "preempt = true"),
                error(Code.E0407, "IPv6 peer", "Address family mismatch", "20:20")
                        .detail("conntrackd's sync link is IPv4", "2001:db8::2 is IPv6")
                        .hint("Write the other node's IPv4 address on the sync interface, as \"10.99.0.2\".")
                        .config(NODE.replace("\"10.99.0.2\"", "\"2001:db8::2\""))
                        .fix("\"2001:db8::2\"", "\"10.99.0.2\""),
                error(Code.E0306, "ha twice", "Duplicate ha block", "26:1")
                        .detail("A configuration has at most one ha block; the first is at line 18.")
                        .config(NODE + "ha {\n  priority = 100\n}\n")
                        .fix("ha {\n  priority = 100\n}\n", ""),
                error(Code.E0423, "state directory with a blank", "State directory unusable for an HA pair", "18:1")
                        .detail("runtime { state_dir = \"/var/lib/fly wall\" }", "run/ha directory")
                        .hint("Use a state directory of letters, digits and / _ . + - only, as \"/var/lib/flywall\".")
                        .config(NODE + "runtime { state_dir = \"/var/lib/fly wall\" }\n")
                        .fix("/var/lib/fly wall", "/var/lib/flywall"),
                error(Code.E0304, "ha without virtual addresses", "Missing virtual_address block", "18:1")
                        .detail("needs a virtual_address block")
                        .config(NODE.replace("  virtual_address \"eth2\" { addresses = [\"192.168.1.1/24\"] }\n", "")
                                .replace("  virtual_address \"eth0\" { addresses = [\"198.51.100.4/29\"] }\n", ""))
                        .fix(
                                "sync_interface = \"eth3\"\n",
                                "sync_interface = \"eth3\"\n"
                                        + "  virtual_address \"eth2\" { addresses = [\"192.168.1.1/24\"] }\n"
                                        + "  virtual_address \"eth0\" { addresses = [\"198.51.100.4/29\"] }\n"));
    }

    private static Stream<DiagnosticCase> withInterfaces() {
        return Stream.of(
                error(Code.E0403, "unknown sync interface", "Unknown interface \"eth33\"", "21:20")
                        .detail("ha { sync_interface } names \"eth33\"")
                        .hint("did you mean \"eth3\"?")
                        .config(NODE.replace("= \"eth3\"", "= \"eth33\""))
                        .fix("\"eth33\"", "\"eth3\""),
                error(Code.E0403, "virtual address on an unknown interface", "Unknown interface \"eth22\"", "23:3")
                        .detail("virtual_address \"eth22\" names \"eth22\"")
                        .hint("did you mean \"eth2\"?")
                        .config(NODE.replace("virtual_address \"eth2\"", "virtual_address \"eth22\""))
                        .fix("\"eth22\"", "\"eth2\""),
                error(Code.E0419, "sync interface is a WAN", "Invalid sync interface", "21:20")
                        .detail("Interface \"eth0\" is a WAN", "a link of its own")
                        .hint("Declare the sync link as an interface without a wan block, as interface \"eth3\""
                                + " { zone = \"SYNC\", address = \"10.99.0.1/30\" }, and name it here.")
                        .config(NODE.replace("= \"eth3\"", "= \"eth0\""))
                        .fix("= \"eth0\"\n", "= \"eth3\"\n"),
                error(Code.E0419, "sync interface without a static address", "Invalid sync interface", "21:20")
                        .detail("Interface \"eth3\" has no static IPv4 address")
                        .hint("Give interface \"eth3\" a static address, as address = \"10.99.0.1/30\".")
                        .config(NODE.replace("  address = \"10.99.0.1/30\"", "  dhcp    = true"))
                        .fix("  dhcp    = true", "  address = \"10.99.0.1/30\""),
                error(Code.E0419, "peer outside the sync subnet", "Invalid sync interface", "20:20")
                        .detail("peer 10.99.0.6 is not in the subnet of sync interface \"eth3\" (10.99.0.0/30)")
                        .hint("Write the other node's address on the sync link as peer, or give \"eth3\" an address"
                                + " in the peer's subnet.")
                        .config(NODE.replace("\"10.99.0.2\"", "\"10.99.0.6\""))
                        .fix("\"10.99.0.6\"", "\"10.99.0.2\""),
                error(Code.E0419, "peer is this node", "Invalid sync interface", "20:20")
                        .detail("peer 10.99.0.1 is this node's own address on \"eth3\"")
                        .hint("Write the other node's address in 10.99.0.0/30 as peer.")
                        .config(NODE.replace("\"10.99.0.2\"", "\"10.99.0.1\""))
                        .fix("peer           = \"10.99.0.1\"", "peer           = \"10.99.0.2\""),
                error(Code.E0420, "virtual address outside the subnet", "Invalid virtual address", "23:41")
                        .detail("192.168.2.1/24 is in none of the subnets", "(192.168.1.0/24)")
                        .hint("Write an address of 192.168.1.0/24.")
                        .config(NODE.replace("192.168.1.1/24", "192.168.2.1/24"))
                        .fix("192.168.2.1/24", "192.168.1.1/24"),
                error(Code.E0420, "virtual address is the interface's own", "Invalid virtual address", "23:41")
                        .detail("192.168.1.2 is the interface's own address")
                        .hint("Give the interface an address of its own (each node another one) and keep this one"
                                + " virtual.")
                        .config(NODE.replace("[\"192.168.1.1/24\"]", "[\"192.168.1.2/24\"]"))
                        .fix("[\"192.168.1.2/24\"]", "[\"192.168.1.1/24\"]"),
                error(Code.E0420, "virtual address twice", "Invalid virtual address", "23:59")
                        .detail("192.168.1.1 is already a virtual address (line 23)")
                        .hint("List each virtual address once.")
                        .config(NODE.replace("[\"192.168.1.1/24\"]", "[\"192.168.1.1/24\", \"192.168.1.1/24\"]"))
                        .fix(", \"192.168.1.1/24\"]", "]"),
                error(Code.E0421, "IPv6 virtual address alone", "No IPv4 virtual address", "23:40")
                        .detail("VRRP advertises over IPv4", "\"eth2\"")
                        .hint("Add an IPv4 address of the interface's subnet, as \"192.168.1.1/24\".")
                        .config(NODE.replace(
                                        "address = \"192.168.1.2/24\"",
                                        "addresses = [\"192.168.1.2/24\", \"fd00:10::2/64\"]")
                                .replace("[\"192.168.1.1/24\"]", "[\"fd00:10::1/64\"]"))
                        .fix("[\"fd00:10::1/64\"]", "[\"192.168.1.1/24\", \"fd00:10::1/64\"]"),
                error(Code.E0422, "virtual address on a DHCP LAN", "Virtual address on a dynamic interface", "23:3")
                        .detail("Interface \"eth2\" gets its address by DHCP", "Not supported")
                        .hint("Give \"eth2\" a static address (an ISP's static subnet) and a virtual address in it,"
                                + " or remove this virtual_address block.")
                        .config(NODE.replace("address = \"192.168.1.2/24\"", "dhcp    = true"))
                        .fix("dhcp    = true", "address = \"192.168.1.2/24\""),
                error(Code.E0401, "two blocks for one interface", "Duplicate name \"eth2\"", "23:3")
                        .detail("Another virtual_address block is for \"eth2\" (line 22)")
                        .config(node("virtual_address \"eth2\" { addresses = [\"192.168.1.5/24\"] }"))
                        .fix("  virtual_address \"eth2\" { addresses = [\"192.168.1.5/24\"] }\n", ""),
                warning(
                                Code.W0515,
                                "static uplink without a virtual address",
                                "Uplink \"eth0\" without a virtual" + " address",
                                "1:1")
                        .detail(
                                "\"eth0\" is a static uplink without a virtual_address block",
                                "do not survive a switch")
                        .hint("Give \"eth0\" a static address from the ISP and a virtual_address \"eth0\" { addresses"
                                + " = [...] } in the ha block of both nodes.")
                        .config(NODE.replace("  virtual_address \"eth0\" { addresses = [\"198.51.100.4/29\"] }\n", ""))
                        .fix(
                                "sync_interface = \"eth3\"\n",
                                "sync_interface = \"eth3\"\n"
                                        + "  virtual_address \"eth0\" { addresses = [\"198.51.100.4/29\"] }\n"));
    }
}
