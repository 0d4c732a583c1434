package dev.flywall.validate;

import dev.flywall.diag.Code;
import dev.flywall.diag.Diagnostic;
import dev.flywall.model.Cidr;
import dev.flywall.model.Config;
import dev.flywall.model.DurationText;
import dev.flywall.model.Ha;
import dev.flywall.model.Interface;
import dev.flywall.plan.Planner;
import dev.flywall.plan.Uplink;
import dev.flywall.source.SourceSpan;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The checks of an HA pair's two configurations together ({@code flywall lint A --peer B}), each
 * valid on its own: both have an ha block (E0601); router_id, advert_interval, preempt and
 * sync_port agree (E0602); the priorities differ (E0603); each node's peer is the other's address
 * on its sync interface (E0604); the virtual addresses agree per interface (E0605); the uplinks
 * have the same names, marks and routing tables (E0606: conntrackd syncs each connection's mark,
 * which must name the same uplink on both nodes); no static address is on both nodes (E0607). Where two values disagree, each file gets a
 * diagnostic at its own value, naming the other's place. Pure.
 */
public final class HaPair {

    /** One node: its configuration and the name lint shows for its file. */
    private record Node(Config config, Ha ha, String file) {}

    private final List<Diagnostic> out = new ArrayList<>();

    private HaPair() {}

    /** The diagnostics of the pair {@code a} (the node linted) and {@code b} (its peer). */
    public static List<Diagnostic> check(Config a, String fileA, Config b, String fileB) {
        HaPair pair = new HaPair();
        if (a.ha().isEmpty() || b.ha().isEmpty()) {
            pair.missing(a, fileA, b, fileB);
            return pair.out;
        }
        Node x = new Node(a, a.ha().get(), fileA);
        Node y = new Node(b, b.ha().get(), fileB);
        pair.settings(x, y);
        pair.priorities(x, y);
        pair.peer(x, y);
        pair.peer(y, x);
        pair.virtualAddresses(x, y);
        pair.virtualAddresses(y, x);
        pair.uplinks(x, y);
        pair.sharedAddresses(x, y);
        pair.sharedAddresses(y, x);
        return pair.out;
    }

    private void missing(Config a, String fileA, Config b, String fileB) {
        if (a.ha().isEmpty() && b.ha().isEmpty()) {
            out.add(Diagnostic.error(
                            Code.E0601,
                            "Neither node has ha",
                            "Neither " + fileA + " nor " + fileB + " has an ha block, but lint --peer checks the two"
                                    + " nodes of an HA pair.",
                            null)
                    .withHint("Add an ha { } block to both files (see docs/ha.md), or lint them without --peer."));
            return;
        }
        boolean aHas = a.ha().isPresent();
        Ha present = aHas ? a.ha().get() : b.ha().get();
        String other = aHas ? fileB : fileA;
        out.add(Diagnostic.error(
                        Code.E0601,
                        "Only one node has ha",
                        "This node is one of an HA pair, but its peer's file " + other + " has no ha block, so the"
                                + " peer would neither take over nor sync connections.",
                        present.span())
                .withHint("Add the peer's ha block to " + other + ": the same router_id, advert_interval, preempt,"
                        + " sync_port and virtual addresses, another priority."));
    }

    private void settings(Node x, Node y) {
        same(
                x,
                y,
                "router_id",
                h -> Integer.toString(h.routerId()),
                "VRRP adverts of another router id are"
                        + " another router's, so each node would be master of its own.");
        same(
                x,
                y,
                "advert_interval",
                h -> DurationText.format(h.advertInterval()),
                "VRRPv3 routers of one id" + " advertise at one interval.");
        same(
                x,
                y,
                "preempt",
                h -> Boolean.toString(h.preempt()),
                "The two nodes would disagree on whether a" + " returning preferred node takes the addresses back.");
        same(
                x,
                y,
                "sync_port",
                h -> Integer.toString(h.syncPort()),
                "conntrackd sends to the port it listens" + " on, so the updates would reach no one.");
    }

    private void same(Node x, Node y, String arg, Function<Ha, String> value, String why) {
        String vx = value.apply(x.ha());
        String vy = value.apply(y.ha());
        if (vx.equals(vy)) {
            return;
        }
        for (Node[] n : new Node[][] {{x, y}, {y, x}}) {
            Node here = n[0];
            Node there = n[1];
            out.add(Diagnostic.error(
                            Code.E0602,
                            "HA settings differ",
                            arg + " is " + value.apply(here.ha()) + written(here.ha(), arg) + " here, but "
                                    + value.apply(there.ha()) + " in " + place(there, arg) + ". " + why,
                            here.ha().span(arg))
                    .withLabel(arg + " differs from the peer's")
                    .withHint("Write the same " + arg + " in both files."));
        }
    }

    private void priorities(Node x, Node y) {
        if (x.ha().priority() != y.ha().priority()) {
            return;
        }
        for (Node[] n : new Node[][] {{x, y}, {y, x}}) {
            out.add(Diagnostic.error(
                            Code.E0603,
                            "Equal HA priorities",
                            "Both nodes have priority " + n[0].ha().priority() + " (the peer's at "
                                    + n[1].ha().span("priority") + "), so neither is the preferred master: VRRP then"
                                    + " picks by address, and preempt means nothing.",
                            n[0].ha().span("priority"))
                    .withHint("Give the preferred master the higher priority, as 200 and 100."));
        }
    }

    /** {@code x}'s peer must be {@code y}'s address on {@code y}'s sync interface. */
    private void peer(Node x, Node y) {
        Optional<Interface> sync = y.config().iface(y.ha().syncInterface());
        List<Cidr> addresses = sync.map(
                        i -> i.addresses().stream().filter(a -> !a.isV6()).toList())
                .orElse(List.of());
        String peer = x.ha().peer().addressText();
        if (addresses.stream().anyMatch(a -> a.addressText().equals(peer))) {
            return;
        }
        String theirs = addresses.isEmpty()
                ? "none"
                : addresses.stream().map(Cidr::toString).collect(Collectors.joining(", "));
        out.add(Diagnostic.error(
                        Code.E0604,
                        "Peer address mismatch",
                        "peer is " + peer + ", but the peer's address on its sync interface \""
                                + y.ha().syncInterface() + "\" is " + theirs + " (" + place(y, "sync_interface")
                                + "), so conntrackd's updates would go to no node.",
                        x.ha().span("peer"))
                .withHint("Write the peer's sync interface address as peer."));
        sync.ifPresent(i -> out.add(Diagnostic.error(
                        Code.E0604,
                        "Peer address mismatch",
                        "The peer (" + x.file() + ") sends its connection updates to " + peer + " ("
                                + x.ha().span("peer") + "), but this node's sync interface \"" + i.name() + "\" has "
                                + theirs + ".",
                        i.span())
                .withHint("Give \"" + i.name() + "\" the address the peer names, or correct the peer's peer.")));
    }

    /** Each interface's virtual addresses of {@code x} must be {@code y}'s. */
    private void virtualAddresses(Node x, Node y) {
        for (Ha.VirtualAddress v : x.ha().virtualAddresses()) {
            Optional<Ha.VirtualAddress> w = y.ha().on(v.iface());
            if (w.isEmpty()) {
                out.add(Diagnostic.error(
                                Code.E0605,
                                "Virtual addresses differ",
                                "The peer (" + y.file() + ") has no virtual_address \"" + v.iface() + "\", so these"
                                        + " addresses would stay behind when it takes over.",
                                v.span())
                        .withHint("Give the peer the same virtual_address \"" + v.iface() + "\" block, or remove"
                                + " this one."));
            } else if (!set(v).equals(set(w.get()))) {
                out.add(Diagnostic.error(
                                Code.E0605,
                                "Virtual addresses differ",
                                "The virtual addresses of \"" + v.iface() + "\" are " + text(v) + " here, but "
                                        + text(w.get()) + " on the peer ("
                                        + w.get().addressesSpan()
                                        + "): a switch would move the LAN's gateway to another address.",
                                v.addressesSpan())
                        .withHint("Write the same addresses in both files."));
            }
        }
    }

    private static TreeSet<String> set(Ha.VirtualAddress v) {
        return v.addresses().stream()
                .map(a -> a.addressText() + "/" + a.prefix())
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static String text(Ha.VirtualAddress v) {
        return String.join(
                ", ",
                v.addresses().stream()
                        .map(a -> a.addressText() + "/" + a.prefix())
                        .toList());
    }

    /** The same uplinks, each with one mark and one routing table on both nodes. */
    private void uplinks(Node x, Node y) {
        Map<String, Uplink> ux = byName(x);
        Map<String, Uplink> uy = byName(y);
        for (Node[] n : new Node[][] {{x, y}, {y, x}}) {
            Map<String, Uplink> here = n[0] == x ? ux : uy;
            Map<String, Uplink> there = n[0] == x ? uy : ux;
            for (Uplink u : here.values()) {
                Uplink v = there.get(u.name());
                if (v == null) {
                    out.add(Diagnostic.error(
                                    Code.E0606,
                                    "Uplinks differ",
                                    "Uplink \"" + u.name() + "\" is not an uplink of the peer (" + n[1].file()
                                            + "): the connections this node marks for it would be routed by a"
                                            + " mark the peer does not know after a switch.",
                                    u.source().span())
                            .withHint("Declare the same WAN interfaces on both nodes."));
                } else if (u.mark() != v.mark() || u.table() != v.table()) {
                    out.add(Diagnostic.error(
                                    Code.E0606,
                                    "Uplinks differ",
                                    "Uplink \"" + u.name() + "\" has mark " + u.markText() + " and table " + u.table()
                                            + " here, but mark " + v.markText() + " and table " + v.table()
                                            + " on the peer (" + v.source().span() + "). conntrackd syncs each"
                                            + " connection's mark, which must mean the same uplink on both nodes.",
                                    wanSpan(u))
                            .withHint("Declare the WANs in the same order on both nodes, or write the same"
                                    + " wan { mark, table } (and runtime { mark_mask }) in both files."));
                }
            }
        }
    }

    /** A static address of {@code x} that {@code y} has too: a file copied without changing it. */
    private void sharedAddresses(Node x, Node y) {
        Map<String, Interface> theirs = new java.util.HashMap<>();
        for (Interface i : y.config().interfaces()) {
            i.addresses().forEach(a -> theirs.putIfAbsent(a.addressText(), i));
        }
        for (Interface i : x.config().interfaces()) {
            for (Cidr a : i.addresses()) {
                Interface other = theirs.get(a.addressText());
                if (other != null) {
                    out.add(Diagnostic.error(
                                    Code.E0607,
                                    "Address on both nodes",
                                    "Interface \"" + i.name() + "\" has " + a + ", which the peer has too (interface \""
                                            + other.name() + "\", " + other.span() + "): each node needs its own"
                                            + " address, and only the virtual ones are shared.",
                                    i.span())
                            .withHint("Give one of the nodes another address in " + a.network() + "."));
                    break;
                }
            }
        }
    }

    private static Map<String, Uplink> byName(Node n) {
        Map<String, Uplink> out = new java.util.LinkedHashMap<>();
        Planner.uplinks(n.config()).forEach(u -> out.put(u.name(), u));
        return out;
    }

    private static SourceSpan wanSpan(Uplink u) {
        return u.source().wan().map(Interface.Wan::span).orElse(u.source().span());
    }

    private static String written(Ha ha, String arg) {
        return ha.spans().containsKey(arg) ? "" : " (the default)";
    }

    private static String place(Node n, String arg) {
        return n.ha().spans().containsKey(arg) ? n.ha().span(arg).toString() : n.file() + ", by default";
    }
}
