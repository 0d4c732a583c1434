package dev.flywall.validate;

import dev.flywall.diag.Code;
import dev.flywall.diag.Diagnostic;
import dev.flywall.diag.DiagnosticSink;
import dev.flywall.model.Cidr;
import dev.flywall.model.Config;
import dev.flywall.model.Interface;
import dev.flywall.model.UplinkGroup;
import dev.flywall.source.SourceSpan;
import java.util.List;
import java.util.Optional;

/**
 * The checks of the uplinks' {@code ipv6} blocks that look beyond the block: the NPT inside
 * prefix (given, or the LAN side's one), its length against the outside prefix, the outside
 * prefix against the uplink's own link, masquerade without an address, and groups whose members
 * translate IPv6 differently.
 */
final class Ipv6Checks {

    private final Config config;
    private final DiagnosticSink findings;

    Ipv6Checks(Config config, DiagnosticSink findings) {
        this.config = config;
        this.findings = findings;
    }

    void check() {
        for (Interface i : config.wans()) {
            i.ipv6().ifPresent(v -> uplink(i, v));
        }
        config.uplinkGroups().forEach(this::mixedTranslation);
    }

    private void uplink(Interface i, Interface.Ipv6 v) {
        switch (v.nat()) {
            case NPT -> npt(i, v);
            case MASQUERADE -> masquerade(i, v);
            case NONE -> {}
        }
    }

    private void npt(Interface i, Interface.Ipv6 v) {
        Optional<Cidr> inside = config.nptInside(v);
        if (inside.isEmpty() && v.lanPrefix().isEmpty()) {
            List<Cidr> lan = config.lanIpv6Prefixes();
            String found = lan.isEmpty()
                    ? "the LAN-side interfaces have no IPv6 address"
                    : "the LAN-side interfaces have " + lan.size() + " IPv6 prefixes ("
                            + String.join(", ", lan.stream().map(Cidr::toString).toList()) + ")";
            findings.add(Diagnostic.error(
                            Code.E0416,
                            "No LAN prefix for NPT",
                            "Interface \"" + i.name() + "\" translates the LAN's IPv6 prefix (nat = \"npt\"), but"
                                    + " names none, and " + found + ", so flywall cannot tell which prefix to"
                                    + " translate.",
                            v.natSpan())
                    .withHint(
                            lan.isEmpty()
                                    ? "Give the LAN interface an IPv6 address (addresses = [..., \"fd00:10::1/64\"]), or"
                                            + " write lan_prefix = \"fd00:10::/64\"."
                                    : "Write lan_prefix = \"" + lan.get(0) + "\" (or the one to translate)."));
            return;
        }
        if (inside.isEmpty() || v.prefix().isEmpty()) {
            return; // an invalid lan_prefix is reported already; a delegated outside is checked at run time
        }
        Cidr in = inside.get();
        Cidr out = v.prefix().get();
        if (in.prefix() != out.prefix()) {
            SourceSpan where = v.lanPrefix().isPresent() ? v.lanPrefixSpan() : null;
            String insideText = where != null
                    ? "lan_prefix " + in + " (" + position(where) + ")"
                    : "the LAN prefix " + in + " (of the LAN-side interfaces)";
            findings.add(Diagnostic.error(
                            Code.E0415,
                            "NPT prefix lengths differ",
                            "Interface \"" + i.name() + "\" translates " + insideText + " to prefix " + out
                                    + ": NPT maps prefixes 1:1 and keeps the host bits, so both need one length, /"
                                    + in.prefix() + " or /" + out.prefix() + ".",
                            v.prefixSpan())
                    .withLabel("/" + out.prefix() + " here, /" + in.prefix() + " inside")
                    .withHint("Ask the ISP to route a /" + in.prefix() + " (or translate a LAN prefix of /"
                            + out.prefix() + "), and write both with one length."));
        }
        for (Cidr a : i.addresses()) {
            if (a.isV6() && a.network().overlaps(out)) {
                findings.add(Diagnostic.error(
                                Code.E0417,
                                "NPT prefix on the uplink's link",
                                "The NPT outside prefix " + out + " of interface \"" + i.name()
                                        + "\" overlaps its own on-link subnet " + a.network() + " (address " + a
                                        + "). The ISP's router would look the translated addresses up by neighbour"
                                        + " discovery on the link, and nothing answers for them.",
                                v.prefixSpan())
                        .withHint("Use a prefix the ISP routes to the gateway (a routed /" + out.prefix()
                                + " beside the link's subnet), not the link's subnet itself."));
                return;
            }
        }
    }

    private void masquerade(Interface i, Interface.Ipv6 v) {
        boolean staticV6 = i.addresses().stream().anyMatch(Cidr::isV6);
        if (staticV6 || v.dynamicAddress()) {
            return;
        }
        findings.add(Diagnostic.error(
                        Code.E0418,
                        "IPv6 masquerade without an IPv6 address",
                        "Interface \"" + i.name() + "\" masquerades the LAN's IPv6 (nat = \"masquerade\"), but has"
                                + " no IPv6 address of its own: no static one, and neither autoconf nor dhcp"
                                + (v.prefixDelegation()
                                        ? " (a delegated prefix is routed to the gateway, it is no"
                                                + " address of the uplink)"
                                        : "")
                                + ".",
                        v.natSpan())
                .withHint("Set autoconf = true or dhcp = true, add a static IPv6 address, or use nat = \"npt\"."));
    }

    /**
     * A group's IPv6 fails over like its IPv4; if one member carrying IPv6 sends the LAN's
     * prefix unchanged while another translates it, the LAN's sources are right for one ISP only.
     */
    private void mixedTranslation(UplinkGroup g) {
        List<Interface> members = g.members().stream()
                .map(m -> config.iface(m.iface()))
                .flatMap(Optional::stream)
                .filter(Interface::carriesIpv6)
                .toList();
        Optional<Interface> plain =
                members.stream().filter(i -> i.nat6() == Interface.Nat6.NONE).findFirst();
        Optional<Interface> translating =
                members.stream().filter(i -> i.nat6() != Interface.Nat6.NONE).findFirst();
        if (plain.isEmpty() || translating.isEmpty()) {
            return;
        }
        Interface p = plain.get();
        Interface t = translating.get();
        findings.add(Diagnostic.warning(
                        Code.W0514,
                        "Mixed IPv6 translation in \"" + g.name() + "\"",
                        "Members of \"" + g.name() + "\" carry IPv6, but \"" + p.name() + "\" sends the LAN's IPv6"
                                + " unchanged (nat = \"none\") while \"" + t.name() + "\" translates it (nat = \""
                                + t.nat6().word() + "\"). IPv6 that fails over to or from \"" + p.name()
                                + "\" leaves with a source prefix the other ISP drops.",
                        Validator.header(g.span()))
                .withHint("Give \"" + p.name() + "\" an ipv6 { nat = \"npt\" ... } block too, or translate on"
                        + " none of them."));
    }

    private static String position(SourceSpan s) {
        return s.file() + ":" + s.start().line() + ":" + s.start().column();
    }
}
