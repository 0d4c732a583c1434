package dev.flywall.imports;

import dev.flywall.model.Cidr;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * mwan3's rules as flywall {@code policy_route}s, in file order (flywall applies routes of equal
 * priority in file order, and the first match decides, as in mwan3). A rule that matches all
 * traffic ({@code dest_ip '0.0.0.0/0'}, or no condition) makes its policy flywall's default group
 * instead; a sticky rule uses a sticky copy of its policy's group.
 */
final class RuleImport {

    private static final Pattern PORT = Pattern.compile("[0-9]{1,5}(-[0-9]{1,5})?");
    private static final Pattern NUMBER = Pattern.compile("[0-9]{1,9}");
    /** The protocol names flywall's match { protocol } knows (numbers 0-255 also). */
    private static final Set<String> PROTOCOLS = Set.of(
            "icmp",
            "igmp",
            "tcp",
            "udp",
            "gre",
            "esp",
            "ah",
            "icmpv6",
            "ipv6-icmp",
            "ospf",
            "sctp",
            "udplite",
            "dccp",
            "l2tp",
            "vrrp",
            "pim");

    private static final List<String> KEYS = List.of(
            "use_policy",
            "proto",
            "src_ip",
            "dest_ip",
            "src_port",
            "dest_port",
            "src_iface",
            "ipset",
            "sticky",
            "timeout",
            "family",
            "logging");

    enum Family {
        IPV4,
        IPV6
    }

    /** A sticky copy of a policy's group that sticky rules use. */
    record StickyGroup(String name, String policy, Optional<String> timeout) {}

    private final ImportNotes notes;
    private final WanImport wans;
    private final GroupImport groups;

    private final List<HclWriter.Item> items = new ArrayList<>();
    private final Map<String, StickyGroup> sticky = new LinkedHashMap<>();
    private final Set<Family> covered = EnumSet.noneOf(Family.class);
    private Optional<String> defaultPolicy = Optional.empty();
    private Optional<StickyGroup> defaultSticky = Optional.empty();
    private int anonymous;
    /** The policy route names used so far: an anonymous rule's name may be a named rule's too. */
    private final Set<String> routeNames = new java.util.HashSet<>();

    RuleImport(ImportNotes notes, WanImport wans, GroupImport groups) {
        this.notes = notes;
        this.wans = wans;
        this.groups = groups;
    }

    List<HclWriter.Item> items() {
        return items;
    }

    List<StickyGroup> stickyGroups() {
        return List.copyOf(sticky.values());
    }

    /** The policy of the first rule that matches all traffic, flywall's default group. */
    Optional<String> defaultPolicy() {
        return defaultPolicy;
    }

    /** Stickiness of the default group, when its catch-all rule is sticky. */
    Optional<StickyGroup> defaultSticky() {
        return defaultSticky;
    }

    void read(Uci mwan3) {
        for (Uci.Section r : mwan3.sections("rule")) {
            rule(r);
        }
        if (defaultPolicy.isEmpty() && !groups.groups().isEmpty()) {
            items.add(notes.skip("no mwan3 rule matches all traffic, so mwan3 routed unmatched traffic by the main"
                    + " routing table; flywall sends it to its default group, the first uplink_group"));
        }
    }

    private void rule(Uci.Section r) {
        String name = r.anonymous() ? "rule" + ++anonymous : r.name();
        while (!routeNames.add(name)) {
            name = name + "_";
        }
        List<HclWriter.Item> ruleNotes =
                new ArrayList<>(notes.leftovers(r, new ImportNotes.Used().add(KEYS.toArray(String[]::new))));
        Optional<String> policy = r.value("use_policy");
        String label = "mwan3 rule \"" + r.name() + "\"";
        if (policy.isEmpty()) {
            skipRule(label + " has no use_policy, so mwan3 ignores it: not imported", ruleNotes);
            return;
        }
        if (List.of("default", "unreachable", "blackhole").contains(policy.get())) {
            String does = switch (policy.get()) {
                case "default" -> "sends the traffic by the main routing table, past mwan3";
                case "unreachable" -> "refuses the traffic";
                default -> "drops the traffic";
            };
            skipRule(
                    label + ": use_policy " + ImportNotes.quote(policy.get()) + " " + does + ", and a flywall"
                            + " policy route always leaves by an uplink: not imported",
                    ruleNotes);
            return;
        }
        Optional<GroupImport.Group> group = groups.group(policy.get());
        if (group.isEmpty()) {
            skipRule(
                    label + ": its policy \"" + policy.get() + "\" "
                            + groups.whySkipped(policy.get())
                                    .map(w -> "was not imported")
                                    .orElse("is not defined")
                            + ": not imported",
                    ruleNotes);
            return;
        }
        Set<Family> families = families(r);
        if (covered.containsAll(families)) {
            skipRule(label + " never matches: an earlier rule already takes all its traffic; not imported", ruleNotes);
            return;
        }
        HclWriter.Block match = new HclWriter.Block("match");
        Optional<String> why = match(r, match, ruleNotes);
        if (why.isPresent()) {
            skipRule(label + ": " + why.get() + "; not imported", ruleNotes);
            return;
        }
        Optional<String> timeout = stickyTimeout(r, ruleNotes);
        boolean isSticky = r.value("sticky").filter("1"::equals).isPresent();
        r.value("logging")
                .ifPresent(v -> ruleNotes.add(notes.skip("logging " + ImportNotes.quote(v)
                        + ": flywall does not log the traffic of a route; not imported")));
        if (match.isEmpty()) {
            catchAll(r, label, policy.get(), families, isSticky, timeout, ruleNotes);
            return;
        }
        HclWriter.Block route = new HclWriter.Block("policy_route", name);
        route.comment(label);
        ruleNotes.forEach(route::add);
        route.block(match);
        String uplink = isSticky ? stickyGroup(policy.get(), timeout).name() : policy.get();
        route.argument("uplink", HclWriter.string(uplink));
        if (group.get().strict()) {
            route.argument("strict", "true");
        }
        items.add(route);
    }

    private void catchAll(
            Uci.Section r,
            String label,
            String policy,
            Set<Family> families,
            boolean isSticky,
            Optional<String> timeout,
            List<HclWriter.Item> ruleNotes) {
        if (defaultPolicy.isEmpty()) {
            defaultPolicy = Optional.of(policy);
            if (isSticky) {
                defaultSticky = Optional.of(new StickyGroup(policy, policy, timeout));
            }
            items.add(new HclWriter.Comment(label + " matches all traffic: its policy \"" + policy
                    + "\" is flywall's default group (the first uplink_group)"));
        } else if (defaultPolicy.get().equals(policy)) {
            items.add(new HclWriter.Comment(
                    label + " matches all traffic too: the default group \"" + policy + "\" covers it"));
        } else {
            items.add(notes.skip(label + " matches all traffic of its family with policy \"" + policy
                    + "\", but flywall has one default group for both families, \"" + defaultPolicy.get()
                    + "\": not imported"));
        }
        covered.addAll(families);
        items.addAll(ruleNotes);
    }

    private void skipRule(String why, List<HclWriter.Item> ruleNotes) {
        items.add(notes.skip(why));
        // the rule's own notes were counted; as the rule is gone, only its reason stays
        for (HclWriter.Item item : ruleNotes) {
            if (item instanceof HclWriter.Comment) {
                items.add(item);
            }
        }
    }

    /** The families the rule can match: its family option, or those of its addresses. */
    private static Set<Family> families(Uci.Section r) {
        String family = r.value("family").orElse("any");
        if (family.equals("ipv4")) {
            return EnumSet.of(Family.IPV4);
        }
        if (family.equals("ipv6")) {
            return EnumSet.of(Family.IPV6);
        }
        for (String key : List.of("src_ip", "dest_ip")) {
            Optional<String> v = r.value(key);
            if (v.isPresent() && !v.get().isBlank()) {
                return EnumSet.of(v.get().contains(":") ? Family.IPV6 : Family.IPV4);
            }
        }
        return EnumSet.allOf(Family.class);
    }

    /** Fills the match block; the reason when a condition cannot be written (the rule is then left out). */
    private Optional<String> match(Uci.Section r, HclWriter.Block match, List<HclWriter.Item> ruleNotes) {
        String proto = r.value("proto").orElse("all").toLowerCase(java.util.Locale.ROOT);
        if (!proto.equals("all")) {
            boolean number = NUMBER.matcher(proto).matches() && Integer.parseInt(proto) <= 255;
            if (!PROTOCOLS.contains(proto) && !number) {
                return Optional.of("proto " + ImportNotes.quote(proto) + " is not a protocol flywall knows");
            }
            Set<Family> families = families(r);
            boolean icmp4 = proto.equals("icmp");
            boolean icmp6 = proto.equals("icmpv6") || proto.equals("ipv6-icmp");
            if (icmp4 && families.equals(EnumSet.of(Family.IPV6))
                    || icmp6 && families.equals(EnumSet.of(Family.IPV4))) {
                return Optional.of("proto " + ImportNotes.quote(proto) + " is the ICMP of the other address family, so"
                        + " the rule matches no packet");
            }
            match.argument("protocol", HclWriter.strings(List.of(proto)));
        }
        Optional<String> src = addresses(r, "src_ip", "source", match);
        if (src.isPresent()) {
            return src;
        }
        Optional<String> dest = addresses(r, "dest_ip", "destination", match);
        if (dest.isPresent()) {
            return dest;
        }
        if (mixesFamilies(r)) {
            return Optional.of("it mixes IPv4 and IPv6 addresses (family, src_ip, dest_ip), and no packet has both");
        }
        Optional<String> set = r.value("ipset").filter(v -> !v.isBlank());
        if (set.isPresent()) {
            return Optional.of("ipset " + ImportNotes.quote(set.get()) + " is a set that dnsmasq fills at run time, and"
                    + " flywall has no such sets (write an ipset block with its prefixes and match \"@" + set.get()
                    + "\" in destination)");
        }
        Optional<String> iface = r.value("src_iface");
        if (iface.isPresent()) {
            Optional<String> device = wans.device(iface.get());
            if (device.isEmpty()) {
                return Optional.of(
                        "src_iface " + ImportNotes.quote(iface.get()) + " has no device in the network file");
            }
            match.argument("interface", HclWriter.strings(List.of(device.get())));
        }
        return ports(r, proto, match, ruleNotes);
    }

    /** Whether the family option and the addresses name both IPv4 and IPv6. */
    private static boolean mixesFamilies(Uci.Section r) {
        Set<Family> seen = EnumSet.noneOf(Family.class);
        r.value("family").filter(f -> f.equals("ipv4")).ifPresent(f -> seen.add(Family.IPV4));
        r.value("family").filter(f -> f.equals("ipv6")).ifPresent(f -> seen.add(Family.IPV6));
        for (String key : List.of("src_ip", "dest_ip")) {
            Optional<String> value = r.value(key).filter(v -> !v.isBlank());
            if (value.isPresent()
                    && !(key.equals("dest_ip") && isAll(value.get().strip()))) {
                for (String item : value.get().strip().split("[,\\s]+")) {
                    seen.add(item.contains(":") ? Family.IPV6 : Family.IPV4);
                }
            }
        }
        return seen.size() > 1;
    }

    private static boolean isAll(String value) {
        return value.equals("0.0.0.0/0") || value.equals("::/0");
    }

    private static Optional<String> addresses(Uci.Section r, String key, String arg, HclWriter.Block match) {
        Optional<String> value = r.value(key).filter(v -> !v.isBlank());
        if (value.isEmpty() || key.equals("dest_ip") && isAll(value.get().strip())) {
            return Optional.empty();
        }
        List<String> items = new ArrayList<>();
        for (String item : value.get().strip().split("[,\\s]+")) {
            if (Cidr.parse(item).isEmpty()) {
                return Optional.of(key + " " + ImportNotes.quote(item) + " is not an IP address or prefix");
            }
            items.add(item);
        }
        match.argument(arg, HclWriter.strings(items));
        return Optional.empty();
    }

    private Optional<String> ports(Uci.Section r, String proto, HclWriter.Block match, List<HclWriter.Item> ruleNotes) {
        for (String key : List.of("src_port", "dest_port")) {
            Optional<String> value = r.value(key).filter(v -> !v.isBlank());
            if (value.isEmpty()) {
                continue;
            }
            if (!proto.equals("tcp") && !proto.equals("udp")) {
                ruleNotes.add(notes.skip(key + " " + ImportNotes.quote(value.get())
                        + ": mwan3 ignores ports unless proto is tcp or udp; not imported"));
                continue;
            }
            List<String> ports = new ArrayList<>();
            for (String item : value.get().strip().split("[,\\s]+")) {
                String range = item.replace(':', '-');
                if (!PORT.matcher(range).matches() || !validRange(range)) {
                    return Optional.of(key + " " + ImportNotes.quote(item) + " is not a port or range");
                }
                ports.add(range);
            }
            match.argument(key.equals("src_port") ? "source_port" : "dest_port", HclWriter.strings(ports));
        }
        return Optional.empty();
    }

    /** Ports within 0-65535, a range's low end not above its high end. */
    private static boolean validRange(String range) {
        String[] ends = range.split("-");
        int low = Integer.parseInt(ends[0]);
        int high = Integer.parseInt(ends[ends.length - 1]);
        return high <= 65535 && low <= high;
    }

    /** The sticky timeout as a duration; a note for a timeout without sticky or out of range. */
    private Optional<String> stickyTimeout(Uci.Section r, List<HclWriter.Item> ruleNotes) {
        Optional<String> text = r.value("timeout");
        boolean isSticky = r.value("sticky").filter("1"::equals).isPresent();
        if (text.isEmpty()) {
            return Optional.empty();
        }
        if (!isSticky) {
            ruleNotes.add(notes.skip(
                    "timeout " + ImportNotes.quote(text.get()) + ": used only with sticky '1'; not imported"));
            return Optional.empty();
        }
        if (NUMBER.matcher(text.get()).matches()) {
            long seconds = Long.parseLong(text.get());
            if (seconds >= 1 && seconds <= 30L * 86400) {
                return Optional.of(Durations.seconds(seconds));
            }
        }
        ruleNotes.add(notes.skip("timeout " + ImportNotes.quote(text.get())
                + ": not whole seconds from 1 to 30 days; flywall's default (10m, as mwan3's 600) is used"));
        return Optional.empty();
    }

    private StickyGroup stickyGroup(String policy, Optional<String> timeout) {
        String name = policy + "_sticky" + timeout.map(t -> "_" + t).orElse("");
        return sticky.computeIfAbsent(name, n -> new StickyGroup(n, policy, timeout));
    }
}
