package dev.flywall.plan;

import dev.flywall.model.Cidr;
import java.util.ArrayList;
import java.util.List;

/**
 * The routing part of a plan as {@code ip -batch} lines, one file per address family: per-WAN
 * tables with their default routes (static gateways; DHCP, PPPoE and router-advertised ones are
 * filled by the runtime) and the {@code ip rule}s of {@link RulePriorities}. The IPv6 file has
 * the rules of the uplinks that carry IPv6 ({@link Uplink#hasV6()}), static or learned at run
 * time; it exists when one does. Lines are in a fixed order, so
 * the same configuration always gives the same file.
 */
public record RouteBatch(List<String> v4, List<String> v6) {

    public RouteBatch {
        v4 = List.copyOf(v4);
        v6 = List.copyOf(v6);
    }

    static RouteBatch of(List<Uplink> uplinks, MarkLayout marks) {
        boolean anyV6 = uplinks.stream().anyMatch(Uplink::hasV6);
        return new RouteBatch(
                lines(uplinks, marks, Cidr.Family.IPV4), anyV6 ? lines(uplinks, marks, Cidr.Family.IPV6) : List.of());
    }

    private static String rule(int priority, String selectorAndAction) {
        return "rule add priority " + priority + " " + selectorAndAction + " protocol " + RulePriorities.PROTOCOL;
    }

    private static List<String> lines(List<Uplink> uplinks, MarkLayout marks, Cidr.Family family) {
        List<String> out = new ArrayList<>();
        out.add("# flywall: rules " + RulePriorities.FIRST + "-" + RulePriorities.LAST + " and tables "
                + "are managed by flywall; edits are replaced on the next apply");
        out.add(rule(RulePriorities.SUPPRESS_DEFAULT, "lookup main suppress_prefixlength 0"));
        for (Uplink u : uplinks) {
            if (family == Cidr.Family.IPV6 && !u.hasV6()) {
                continue;
            }
            out.add(rule(
                    RulePriorities.FWMARK + u.slot(),
                    "fwmark " + u.markText() + "/" + MarkLayout.hex(marks.mask()) + " lookup " + u.table()));
            for (Cidr a : u.addresses()) {
                if (a.family() == family) {
                    out.add(rule(
                            RulePriorities.FROM_ADDRESS + u.slot(),
                            "from " + a.addressText() + " lookup " + u.table()));
                }
            }
            out.add(rule(RulePriorities.OUTPUT_INTERFACE + u.slot(), "oif " + u.device() + " lookup " + u.table()));
        }
        out.add(rule(
                RulePriorities.BLACKHOLE,
                "fwmark " + MarkLayout.hex(marks.blackhole()) + "/" + MarkLayout.hex(marks.mask()) + " prohibit"));
        for (Uplink u : uplinks) {
            u.gateways().stream()
                    .filter(g -> g.family() == family)
                    .forEach(g -> out.add("route replace default via "
                            + g.addressText() + " dev " + u.device() + " onlink table " + u.table() + " proto "
                            + RulePriorities.PROTOCOL));
        }
        return out;
    }
}
