package dev.flywall.decode;

import dev.flywall.diag.Code;
import dev.flywall.diag.DiagnosticSink;
import dev.flywall.model.Cidr;
import dev.flywall.model.Interface;
import dev.flywall.source.SourceSpan;
import java.util.List;
import java.util.Optional;

/**
 * Builds an interface's {@code ipv6} block with the rules of the block alone: prefixes that are
 * IPv6 prefixes (E0324), an outside prefix for NPT (E0325), no NPT prefixes without NPT (E0326),
 * not on PPPoE (E0321). The rules that involve the LAN side are the validator's.
 */
final class Ipv6Blocks {

    private final DiagnosticSink problems;

    Ipv6Blocks(DiagnosticSink problems) {
        this.problems = problems;
    }

    Interface.Ipv6 build(DecodedBlock iface, DecodedBlock v) {
        Interface.Nat6 nat = Interface.Nat6.of(v.<String>value("nat"));
        boolean delegation = v.<Boolean>value("prefix_delegation");
        Optional<Cidr> prefix = ipv6Prefix(v, "prefix");
        Optional<Cidr> lanPrefix = ipv6Prefix(v, "lan_prefix");
        if (nat == Interface.Nat6.NPT && v.field("prefix").isEmpty() && !delegation) {
            problems.error(
                    Code.E0325,
                    "NPT without an outside prefix",
                    "Interface \"" + iface.label() + "\" translates the LAN's IPv6 prefix (nat = \"npt\"), but to"
                            + " no prefix: give the prefix the ISP routes to the gateway, or set prefix_delegation ="
                            + " true to translate to the delegated prefix.",
                    v.field("nat").orElseThrow().where().span(),
                    "Write prefix = \"2001:db8:100:1000::/64\" (the routed prefix), or prefix_delegation = true.");
        }
        if (nat != Interface.Nat6.NPT) {
            for (String arg : List.of("prefix", "lan_prefix")) {
                v.field(arg)
                        .ifPresent(f -> problems.error(
                                Code.E0326,
                                "NPT prefix without NPT",
                                "\"" + arg + "\" is a prefix of the IPv6 prefix translation, but interface \""
                                        + iface.label() + "\" has nat = \"" + nat.word() + "\"" + defaultWord(v, "nat")
                                        + ", so nothing would use it.",
                                f.where().span(),
                                "Set nat = \"npt\" to translate, or remove \"" + arg + "\"."));
            }
        }
        if (iface.block("pppoe").isPresent()) {
            problems.error(
                    Code.E0321,
                    "Not supported yet: IPv6 over PPPoE",
                    "flywall does not yet run IPv6 over a PPPoE session (IPv6CP, DHCPv6 on the PPP device), so"
                            + " interface \"" + iface.label() + "\" carries IPv4 only and its ipv6 block would be"
                            + " ignored. Remove the ipv6 block.",
                    v.headerSpan());
        }
        return new Interface.Ipv6(
                v.<Boolean>value("autoconf"),
                v.<Boolean>value("dhcp"),
                delegation,
                nat,
                prefix,
                lanPrefix,
                spanOf(v, "nat"),
                spanOf(v, "prefix"),
                spanOf(v, "lan_prefix"),
                v.span());
    }

    private static String defaultWord(DecodedBlock b, String arg) {
        return b.field(arg).isPresent() ? "" : " (the default)";
    }

    private static SourceSpan spanOf(DecodedBlock b, String arg) {
        return b.field(arg).map(f -> f.where().span()).orElse(b.headerSpan());
    }

    /** An IPv6 prefix without host bits (a decoded prefix or address), else an E0324 and empty. */
    private Optional<Cidr> ipv6Prefix(DecodedBlock v, String arg) {
        Optional<DecodedBlock.Field> f = v.field(arg);
        if (f.isEmpty()) {
            return Optional.empty();
        }
        Cidr c = (Cidr) f.get().value();
        if (!c.isV6()) {
            problems.error(
                    Code.E0324,
                    "Invalid IPv6 prefix",
                    "\"" + arg + "\" is an IPv6 prefix, but " + c + " is IPv4. IPv4 leaves by the uplink's"
                            + " source NAT; this translates IPv6 only.",
                    f.get().where().span(),
                    "Write an IPv6 prefix, as \"2001:db8:100:1000::/64\".");
            return Optional.empty();
        }
        if (!c.network().equals(c)) {
            problems.error(
                    Code.E0324,
                    "Invalid IPv6 prefix",
                    "\"" + arg + "\" is a prefix, but " + c + " has host bits set: the prefix it lies in is "
                            + c.network() + ".",
                    f.get().where().span(),
                    "Write \"" + c.network() + "\".");
            return Optional.empty();
        }
        return Optional.of(c);
    }
}
