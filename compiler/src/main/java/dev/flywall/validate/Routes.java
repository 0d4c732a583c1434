package dev.flywall.validate;

import dev.flywall.diag.Code;
import dev.flywall.diag.Diagnostic;
import dev.flywall.diag.DiagnosticSink;
import dev.flywall.model.Cidr;
import dev.flywall.model.Config;
import dev.flywall.model.Interface;
import dev.flywall.model.PolicyRoute;
import dev.flywall.model.PolicyRoute.AddressMatch;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/** Policy routes: uplinks and sets that resolve, one address family per route, ports with a protocol, shadowing. */
final class Routes {

    private static final Set<String> PORT_PROTOCOLS = Set.of("tcp", "udp", "sctp", "dccp", "udplite");

    private final Config config;
    private final DiagnosticSink findings;

    Routes(Config config, DiagnosticSink findings) {
        this.config = config;
        this.findings = findings;
    }

    void check() {
        for (PolicyRoute r : config.policyRoutes()) {
            uplink(r);
            sets(r);
            families(r);
            ports(r);
            inputInterfaces(r);
        }
        shadowing();
    }

    private void uplink(PolicyRoute r) {
        // a missing uplink was reported by the decoder; uplink = "" written out is an unknown uplink
        // (found by the fuzzer: it compiled to "jump null")
        boolean missing = r.uplink().isEmpty() && r.uplinkSpan().equals(r.span());
        if (missing || config.group(r.uplink()).isPresent()) {
            return;
        }
        var iface = config.iface(r.uplink());
        if (iface.isPresent()) {
            if (!iface.get().isWan()) {
                findings.error(
                        Code.E0404,
                        "Uplink is not a WAN",
                        "The route \"" + r.name() + "\" sends traffic to \"" + r.uplink()
                                + "\", which has no wan block. Add wan { } to that interface or pick a WAN.",
                        r.uplinkSpan());
            }
            return;
        }
        List<String> names = Stream.concat(
                        config.wans().stream().map(Interface::name),
                        config.uplinkGroups().stream().map(g -> g.name()))
                .toList();
        findings.add(Diagnostic.error(
                        Code.E0405,
                        "Unknown uplink \"" + r.uplink() + "\"",
                        "No interface or"
                                + " uplink_group is named \"" + r.uplink() + "\". "
                                + (names.isEmpty()
                                        ? "The configuration has no uplinks yet: give an interface a wan block, or define an uplink_group."
                                        : "The uplinks are: " + String.join(", ", names) + "."),
                        r.uplinkSpan())
                .withLabel("no interface or uplink_group is named \"" + r.uplink() + "\"")
                .withHint(DiagnosticSink.didYouMean(r.uplink(), names)));
    }

    private void sets(PolicyRoute r) {
        List<String> names = config.ipsets().stream().map(s -> s.name()).toList();
        for (AddressMatch m : addresses(r)) {
            if (m instanceof PolicyRoute.SetRef ref && config.ipset(ref.set()).isEmpty()) {
                findings.add(Diagnostic.error(
                                Code.E0406,
                                "Unknown ipset \"@" + ref.set() + "\"",
                                "No ipset block is" + " named \"" + ref.set() + "\". Define it with ipset \""
                                        + ref.set() + "\" { entries = [...] }.",
                                ref.span())
                        .withHint(DiagnosticSink.didYouMean(ref.set(), names)));
            }
        }
    }

    private List<AddressMatch> addresses(PolicyRoute r) {
        List<AddressMatch> all = new ArrayList<>(r.match().sources());
        all.addAll(r.match().destinations());
        return all;
    }

    /** A rule matches IPv4 or IPv6 packets, never both: all its addresses and sets share one family. */
    private void families(PolicyRoute r) {
        AddressMatch first = null;
        Cidr.Family family = null;
        for (AddressMatch m : addresses(r)) {
            Cidr.Family f = family(m);
            if (f == null) {
                continue;
            }
            if (family == null) {
                family = f;
                first = m;
            } else if (f != family) {
                findings.error(
                        Code.E0407,
                        "Address family mismatch",
                        "The route \"" + r.name() + "\" matches "
                                + words(family) + " traffic (line "
                                + first.span().start().line() + ") and " + words(f)
                                + " here; no packet is both. Use one family throughout the route (for IPv6 traffic,"
                                + " IPv6 sources and destinations), or write one route per family.",
                        m.span());
                return;
            }
        }
        boolean v6 = family == Cidr.Family.IPV6;
        for (PolicyRoute.Protocol p : r.match().protocols()) {
            if (p.name().equals(v6 ? "icmp" : "icmpv6") && family != null) {
                findings.error(
                        Code.E0407,
                        "Address family mismatch",
                        "The route matches " + words(family) + " addresses, so its ICMP protocol is \""
                                + (v6 ? "icmpv6" : "icmp") + "\".",
                        p.span());
            }
        }
    }

    private Cidr.Family family(AddressMatch m) {
        return switch (m) {
            case PolicyRoute.Prefix p -> p.cidr().family();
            case PolicyRoute.SetRef s ->
                config.ipset(s.set()).map(set -> set.family()).orElse(null);
        };
    }

    private static String words(Cidr.Family f) {
        return f == Cidr.Family.IPV6 ? "IPv6" : "IPv4";
    }

    private void ports(PolicyRoute r) {
        var m = r.match();
        if (m.sourcePorts().isEmpty() && m.destPorts().isEmpty()) {
            return;
        }
        boolean ok =
                !m.protocols().isEmpty() && m.protocols().stream().allMatch(p -> PORT_PROTOCOLS.contains(p.name()));
        if (!ok) {
            findings.error(
                    Code.E0320,
                    "Ports without a protocol",
                    "Ports exist only for tcp, udp, sctp, dccp and"
                            + " udplite: give protocol = \"tcp\" or \"udp\" (or a list of them) with source_port or dest_port.",
                    m.span());
        }
    }

    private void inputInterfaces(PolicyRoute r) {
        List<String> names = config.interfaces().stream().map(Interface::name).toList();
        for (String name : r.match().interfaces()) {
            if (config.iface(name).isEmpty()) {
                findings.add(Diagnostic.error(
                                Code.E0403,
                                "Unknown interface \"" + name + "\"",
                                "The route \""
                                        + r.name() + "\" matches traffic entering on \"" + name
                                        + "\", but no interface block has"
                                        + " that name.",
                                r.match().span())
                        .withHint(DiagnosticSink.didYouMean(name, names)));
            }
        }
    }

    private void shadowing() {
        List<PolicyRoute> ordered = config.policyRoutes().stream()
                .sorted(Comparator.comparingInt(PolicyRoute::priority).thenComparingInt(PolicyRoute::order))
                .toList();
        for (int i = 0; i < ordered.size(); i++) {
            for (int j = 0; j < i; j++) {
                PolicyRoute earlier = ordered.get(j);
                PolicyRoute later = ordered.get(i);
                if (Coverage.covers(earlier.match(), later.match())) {
                    findings.warning(
                            Code.W0505,
                            "Shadowed policy route \"" + later.name() + "\"",
                            "The route \""
                                    + earlier.name() + "\" (line "
                                    + earlier.span().start().line() + ") comes first and"
                                    + " matches everything this one matches, so this route never applies. Give it a lower"
                                    + " priority number or narrow \"" + earlier.name() + "\".",
                            later.span());
                    break;
                }
            }
        }
    }
}
