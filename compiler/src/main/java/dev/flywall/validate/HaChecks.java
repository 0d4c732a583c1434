package dev.flywall.validate;

import dev.flywall.Compiler;
import dev.flywall.diag.Code;
import dev.flywall.diag.Diagnostic;
import dev.flywall.diag.DiagnosticSink;
import dev.flywall.model.Cidr;
import dev.flywall.model.Config;
import dev.flywall.model.Ha;
import dev.flywall.model.Interface;
import dev.flywall.render.HaFiles;
import dev.flywall.source.SourceSpan;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The checks of the {@code ha} block that look at the interfaces: the sync interface (declared,
 * not a WAN, a static IPv4 address whose subnet holds the peer: E0403, E0419), the virtual
 * addresses (a declared, statically addressed interface, each address inside one of its subnets
 * and not its own, at least one IPv4: E0401, E0403, E0420, E0421, E0422), and the warning for
 * uplinks whose connections cannot survive a switch (W0515); a state directory whose run/ha path
 * keepalived and conntrackd cannot read (E0423).
 */
final class HaChecks {

    private final Config config;
    private final DiagnosticSink findings;

    HaChecks(Config config, DiagnosticSink findings) {
        this.config = config;
        this.findings = findings;
    }

    void check() {
        config.ha().ifPresent(ha -> {
            runDirectory(ha);
            syncInterface(ha);
            Map<Cidr, SourceSpan> taken = new HashMap<>();
            Map<String, Ha.VirtualAddress> seen = new HashMap<>();
            for (Ha.VirtualAddress v : ha.virtualAddresses()) {
                Ha.VirtualAddress earlier = seen.putIfAbsent(v.iface(), v);
                if (earlier != null) {
                    findings.error(
                            Code.E0401,
                            "Duplicate name \"" + v.iface() + "\"",
                            "Another virtual_address block is for \"" + v.iface() + "\" (line "
                                    + earlier.span().start().line() + "). List all of an interface's virtual"
                                    + " addresses in one block.",
                            v.span());
                    continue;
                }
                virtualAddress(v, taken);
            }
            uplinksWithoutVirtualAddress(ha);
        });
    }

    /** keepalived and conntrackd read the FIFO, socket and lock paths under the state directory as one word. */
    private void runDirectory(Ha ha) {
        String stateDir = config.runtime().stateDir();
        if (!HaFiles.usableRunDir(Compiler.haRunDir(stateDir))) {
            findings.error(
                    Code.E0423,
                    "State directory unusable for an HA pair",
                    "runtime { state_dir = \"" + stateDir + "\" } holds a character keepalived's or conntrackd's"
                            + " configuration cannot hold in a path, and this node's FIFO, control socket and lock"
                            + " live in its run/ha directory.",
                    ha.span(),
                    "Use a state directory of letters, digits and / _ . + - only, as \"/var/lib/flywall\".");
        }
    }

    private Optional<Interface> declared(String name, SourceSpan where, String what) {
        Optional<Interface> i = config.iface(name);
        if (i.isEmpty()) {
            findings.add(Diagnostic.error(
                            Code.E0403,
                            "Unknown interface \"" + name + "\"",
                            what + " names \"" + name + "\", but no interface block has that name.",
                            where)
                    .withHint(DiagnosticSink.didYouMean(
                            name,
                            config.interfaces().stream().map(Interface::name).toList())));
        }
        return i;
    }

    private void syncInterface(Ha ha) {
        SourceSpan where = ha.span("sync_interface");
        Optional<Interface> found = declared(ha.syncInterface(), where, "ha { sync_interface }");
        if (found.isEmpty()) {
            return;
        }
        Interface i = found.get();
        if (i.isWan()) {
            findings.error(
                    Code.E0419,
                    "Invalid sync interface",
                    "Interface \"" + i.name() + "\" is a WAN, but the sync link carries the connection table"
                            + " between the two nodes: it belongs on a link of its own between them (a cable or a"
                            + " VLAN), not on an ISP's.",
                    where,
                    "Declare the sync link as an interface without a wan block, as interface \"eth3\" { zone ="
                            + " \"SYNC\", address = \"10.99.0.1/30\" }, and name it here.");
            return;
        }
        List<Cidr> v4 = i.addresses().stream().filter(a -> !a.isV6()).toList();
        if (v4.isEmpty() || i.dhcp() || i.pppoe().isPresent()) {
            findings.error(
                    Code.E0419,
                    "Invalid sync interface",
                    "Interface \"" + i.name() + "\" has no static IPv4 address, but conntrackd sends the"
                            + " connection updates from it to the peer, which must be in its subnet.",
                    where,
                    "Give interface \"" + i.name() + "\" a static address, as address = \"10.99.0.1/30\".");
            return;
        }
        SourceSpan peerAt = ha.span("peer");
        for (Cidr a : v4) {
            if (a.addressText().equals(ha.peer().addressText())) {
                findings.error(
                        Code.E0419,
                        "Invalid sync interface",
                        "peer " + ha.peer().addressText() + " is this node's own address on \"" + i.name()
                                + "\"; peer is the other node's address on the sync link.",
                        peerAt,
                        "Write the other node's address in " + a.network() + " as peer.");
                return;
            }
        }
        if (v4.stream().noneMatch(a -> a.network().contains(ha.peer()))) {
            findings.error(
                    Code.E0419,
                    "Invalid sync interface",
                    "peer " + ha.peer().addressText() + " is not in the subnet of sync interface \"" + i.name()
                            + "\" ("
                            + String.join(
                                    ", ",
                                    v4.stream().map(a -> a.network().toString()).toList())
                            + "), so conntrackd's updates could not reach it over the sync link.",
                    peerAt,
                    "Write the other node's address on the sync link as peer, or give \"" + i.name()
                            + "\" an address in the peer's subnet.");
        }
    }

    private void virtualAddress(Ha.VirtualAddress v, Map<Cidr, SourceSpan> taken) {
        Optional<Interface> found = declared(v.iface(), v.span(), "virtual_address \"" + v.iface() + "\"");
        if (found.isEmpty()) {
            return;
        }
        Interface i = found.get();
        if (i.dhcp() || i.pppoe().isPresent()) {
            findings.error(
                    Code.E0422,
                    "Virtual address on a dynamic interface",
                    "Interface \"" + i.name() + "\" gets its address by " + (i.dhcp() ? "DHCP" : "PPPoE")
                            + ", so its subnet is known only at run time and a virtual address on it cannot be"
                            + " checked or NATed to. Not supported.",
                    v.span(),
                    "Give \"" + i.name() + "\" a static address (an ISP's static subnet) and a virtual address in"
                            + " it, or remove this virtual_address block.");
            return;
        }
        if (v.firstV4().isEmpty()) {
            findings.error(
                    Code.E0421,
                    "No IPv4 virtual address",
                    "VRRP advertises over IPv4, so the virtual addresses of \"" + i.name() + "\" need an IPv4"
                            + " one; IPv6 addresses go besides it.",
                    v.addressesSpan(),
                    "Add an IPv4 address of the interface's subnet, as \"192.168.1.1/24\".");
        }
        for (int n = 0; n < v.addresses().size(); n++) {
            address(i, v.addresses().get(n), v.addressSpans().get(n), taken);
        }
    }

    private void address(Interface i, Cidr a, SourceSpan at, Map<Cidr, SourceSpan> taken) {
        Cidr host = Cidr.parse(a.addressText()).orElseThrow();
        List<Cidr> own =
                i.addresses().stream().filter(x -> x.family() == a.family()).toList();
        String problem = null;
        String hint = null;
        if (own.stream().anyMatch(x -> x.addressText().equals(a.addressText()))) {
            problem = a.addressText() + " is the interface's own address; a virtual address is one more address"
                    + " beside it, which VRRP moves between the nodes.";
            hint = "Give the interface an address of its own (each node another one) and keep this one virtual.";
        } else if (own.stream().noneMatch(x -> x.network().contains(a))) {
            problem = a + " is in none of the subnets of interface \"" + i.name() + "\"'s static "
                    + (a.isV6() ? "IPv6" : "IPv4") + " addresses"
                    + (own.isEmpty()
                            ? " (it has none)"
                            : " ("
                                    + String.join(
                                            ", ",
                                            own.stream()
                                                    .map(x -> x.network().toString())
                                                    .toList())
                                    + ")")
                    + ": the master adds it beside them, on their link.";
            hint = own.isEmpty()
                    ? "Give \"" + i.name() + "\" a static address in the virtual address's subnet."
                    : "Write an address of " + own.get(0).network() + ".";
        } else if (taken.containsKey(host)) {
            problem = a.addressText() + " is already a virtual address (line "
                    + taken.get(host).start().line() + ").";
            hint = "List each virtual address once.";
        }
        taken.putIfAbsent(host, at);
        if (problem != null) {
            findings.error(Code.E0420, "Invalid virtual address", problem, at, hint);
        }
    }

    /**
     * An uplink without an IPv4 virtual address NATs the LAN's connections to this node's own
     * address: after a switch, the other node's conntrack holds them with an address it does not
     * have, and they break.
     */
    private void uplinksWithoutVirtualAddress(Ha ha) {
        for (Interface i : config.wans()) {
            if (ha.on(i.name()).flatMap(Ha.VirtualAddress::firstV4).isPresent()) {
                continue;
            }
            String how = i.pppoe().isPresent()
                    ? "a PPPoE uplink"
                    : i.dhcp() ? "a DHCP uplink" : "a static uplink without a virtual_address block";
            findings.add(Diagnostic.warning(
                            Code.W0515,
                            "Uplink \"" + i.name() + "\" without a virtual address",
                            "This gateway is one node of an HA pair, but \"" + i.name() + "\" is " + how
                                    + ", so the LAN's connections through it are NATed to this node's own address."
                                    + " They do not survive a switch: the other node has another address on it.",
                            i.span())
                    .withHint("Give \"" + i.name() + "\" a static address from the ISP and a virtual_address \""
                            + i.name() + "\" { addresses = [...] } in the ha block of both nodes."));
        }
    }
}
