package dev.flywall.plan;

import dev.flywall.model.Cidr;
import dev.flywall.model.Config;
import dev.flywall.model.Interface;
import dev.flywall.model.IpSet;
import dev.flywall.model.UplinkGroup;
import dev.flywall.plan.NftRuleset.NftChain;
import dev.flywall.plan.NftRuleset.NftRule;
import dev.flywall.plan.NftRuleset.NftSet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Builds table {@code inet flywall}. New connections from the LAN side (and from the gateway
 * itself) are classified once — policy routes in order, then the default group — and the chosen
 * uplink's mark is saved in the connection; every later packet restores it, so established
 * connections stay on their link whatever the groups do. Marks only touch the bits of the
 * {@link MarkLayout} mask, with constant bitwise operations (all nft versions have them). The
 * runtime switches uplinks by rewriting the small group and route chains, never the table.
 */
final class RulesetBuilder {

    private final Config config;
    private final List<Uplink> uplinks;
    private final MarkLayout marks;
    private final NftNames names = new NftNames();
    private final List<NftSet> sets = new ArrayList<>();
    private final Map<String, String> uplinkChains = new LinkedHashMap<>();
    private final Map<String, String> groupChains = new LinkedHashMap<>();
    private final Map<String, String> routeChains = new LinkedHashMap<>();
    private final Map<String, Map<String, Distribution.Sticky>> sticky = new LinkedHashMap<>();
    private final Map<String, NftRuleset.NptChains> nptChains = new LinkedHashMap<>();

    RulesetBuilder(Config config, List<Uplink> uplinks, MarkLayout marks) {
        this.config = config;
        this.uplinks = uplinks;
        this.marks = marks;
    }

    NftRuleset build() {
        uplinks.forEach(u -> uplinkChains.put(u.name(), names.of("up_", u.name())));
        config.uplinkGroups().forEach(g -> groupChains.put(g.name(), names.of("grp_", g.name())));
        config.policyRoutes().forEach(r -> routeChains.put(r.name(), names.of("route_", r.name())));
        config.uplinkGroups().stream().filter(UplinkGroup::sticky).forEach(this::stickyNames);
        uplinks.stream()
                .filter(u -> u.source().nat6() == Interface.Nat6.NPT)
                .forEach(u -> nptChains.put(
                        u.name(),
                        new NftRuleset.NptChains(names.of("npt_out_", u.name()), names.of("npt_in_", u.name()))));
        deviceSets();
        config.ipsets().forEach(this::ipset);
        config.uplinkGroups().stream().filter(UplinkGroup::sticky).forEach(this::stickySets);
        PolicyRules policy = new PolicyRules(config, names, uplinkChains, groupChains, routeChains);
        List<NftChain> chains = new ArrayList<>();
        chains.add(prerouting());
        chains.add(output());
        chains.add(classify(policy));
        chains.add(postrouting());
        mssClamp().ifPresent(chains::add);
        Ipv6Translation v6 = new Ipv6Translation(config, uplinks, nptChains, names);
        chains.addAll(v6.baseChains());
        chains.addAll(policy.routeChains());
        config.uplinkGroups().forEach(g -> chains.add(groupChain(g)));
        config.uplinkGroups().stream().filter(UplinkGroup::sticky).forEach(g -> chains.addAll(stickyChains(g)));
        uplinks.forEach(u -> chains.add(uplinkChain(u)));
        uplinks.forEach(u -> chains.add(natChain(u)));
        chains.addAll(v6.uplinkChains());
        sets.addAll(policy.sets());
        return new NftRuleset(
                sets, chains, new NftRuleset.Names(uplinkChains, groupChains, routeChains, sticky, nptChains));
    }

    // ------------------------------------------------------------------ sticky groups

    /** Each member's sticky chain and source sets (see {@link Distribution}). */
    private void stickyNames(UplinkGroup g) {
        Map<String, Distribution.Sticky> members = new LinkedHashMap<>();
        for (UplinkGroup.Member m : g.members()) {
            String key = g.name() + "_" + m.iface();
            members.put(
                    m.iface(),
                    new Distribution.Sticky(names.of("stk_", key), names.of("stk4_", key), names.of("stk6_", key)));
        }
        sticky.put(g.name(), members);
    }

    private void stickySets(UplinkGroup g) {
        Optional<java.time.Duration> timeout = Optional.of(g.effectiveStickyTimeout());
        sticky.get(g.name()).forEach((member, s) -> {
            String what = "uplink_group " + g.name() + ": sources sticking to " + member;
            sets.add(new NftSet(s.set4(), "ipv4_addr", List.of("dynamic", "timeout"), false, List.of(), timeout, what));
            sets.add(new NftSet(s.set6(), "ipv6_addr", List.of("dynamic", "timeout"), false, List.of(), timeout, what));
        });
    }

    private List<NftChain> stickyChains(UplinkGroup g) {
        List<NftChain> out = new ArrayList<>();
        sticky.get(g.name())
                .forEach((member, s) -> out.add(new NftChain(
                        s.chain(),
                        Optional.empty(),
                        Distribution.stickyChain(s, uplinkChains.get(member)).stream()
                                .map(t -> new NftRule(t, "uplink_group " + g.name()))
                                .toList(),
                        "uplink_group " + g.name() + ": remember the source, then uplink " + member)));
        return out;
    }

    // ------------------------------------------------------------------ sets

    private void deviceSets() {
        sets.add(new NftSet(
                "wan_devices",
                "ifname",
                List.of(),
                false,
                uplinks.stream().map(u -> quote(u.device())).toList(),
                "the uplinks"));
        sets.add(new NftSet(
                "lan_devices",
                "ifname",
                List.of(),
                false,
                lanDevices().stream().map(RulesetBuilder::quote).toList(),
                "interfaces whose traffic flywall routes and masquerades"));
    }

    private List<String> lanDevices() {
        return config.interfaces().stream()
                .filter(i -> !i.isWan())
                .map(Interface::name)
                .toList();
    }

    private void ipset(IpSet s) {
        sets.add(new NftSet(
                names.of("ipset_", s.name()),
                s.family().nftType(),
                List.of("interval"),
                true,
                s.entries().stream().map(e -> e.cidr().toString()).toList(),
                "ipset " + s.name()));
    }

    // ------------------------------------------------------------------ base chains

    private String mask() {
        return MarkLayout.hex(marks.mask());
    }

    /** Established connections get their uplink's mark back; new ones from the LAN side are classified. */
    private NftChain prerouting() {
        List<NftRule> rules = new ArrayList<>();
        rules.add(restore());
        rules.add(new NftRule(
                "ct state new meta mark and " + mask() + " == 0 iifname @lan_devices jump classify",
                "classify new connections from the LAN side"));
        return new NftChain(
                "prerouting",
                Optional.of("type filter hook prerouting priority mangle; policy accept;"),
                rules,
                "marks forwarded traffic");
    }

    private NftRule restore() {
        List<String> entries = uplinks.stream()
                .map(u -> u.markText() + " : jump " + uplinkChains.get(u.name()))
                .toList();
        String vmap = entries.isEmpty() ? "" : " vmap { " + String.join(", ", entries) + " }";
        return new NftRule(
                "ct mark and " + mask() + " != 0 ct mark and " + mask() + vmap,
                "established connections keep their uplink");
    }

    /**
     * The gateway's own new connections follow the groups too. Probes carry their uplink's mark
     * already (SO_MARK), so "mark still zero" leaves them alone; loopback traffic is skipped.
     */
    private NftChain output() {
        List<NftRule> rules = new ArrayList<>();
        rules.add(new NftRule("oifname \"lo\" return", "local traffic stays local"));
        rules.add(restore());
        rules.add(new NftRule(
                "ct state new meta mark and " + mask() + " == 0 jump classify",
                "classify the gateway's own new connections (probes are marked already)"));
        return new NftChain(
                "output",
                Optional.of("type route hook output priority mangle; policy accept;"),
                rules,
                "marks the gateway's own traffic");
    }

    private NftChain classify(PolicyRules policy) {
        List<NftRule> rules = new ArrayList<>(policy.classifyRules());
        defaultGroup()
                .ifPresent(g -> rules.add(new NftRule(
                        "meta mark and " + mask() + " == 0 jump " + groupChains.get(g.name()),
                        "uplink_group " + g.name() + " (default)")));
        return new NftChain("classify", Optional.empty(), rules, "policy routes in order, then the default group");
    }

    /**
     * Masquerade (or SNAT for a static address) per uplink: LAN-side IPv4 traffic, and the
     * gateway's own connections that classify moved to an uplink (their source address was
     * chosen before). Never the probes: they leave from their own WAN's address already. The
     * same for IPv6 on the uplinks with {@code ipv6 { nat = "masquerade" }}; NPT uplinks translate
     * in their own chains ({@link Ipv6Translation}).
     */
    private NftChain postrouting() {
        List<NftRule> rules = new ArrayList<>();
        if (!uplinks.isEmpty()) {
            String vmap = "oifname vmap { "
                    + String.join(
                            ", ",
                            uplinks.stream()
                                    .map(u -> quote(u.device()) + " : jump " + natName(u))
                                    .toList()) + " }";
            rules.add(new NftRule("iifname @lan_devices meta nfproto ipv4 " + vmap, "source NAT per uplink"));
            // probes set a packet mark (SO_MARK) but are never classified, so their connection mark stays 0
            rules.add(new NftRule(
                    "ct mark and " + mask() + " != 0 meta nfproto ipv4 " + vmap,
                    "the gateway's own classified traffic (probes have no connection mark)"));
        }
        List<Uplink> masquerade6 = uplinks.stream()
                .filter(u -> u.source().nat6() == Interface.Nat6.MASQUERADE)
                .toList();
        if (!masquerade6.isEmpty()) {
            String vmap6 = "oifname vmap { "
                    + String.join(
                            ", ",
                            masquerade6.stream()
                                    .map(u -> quote(u.device()) + " : jump " + Ipv6Translation.natName(names, u))
                                    .toList())
                    + " }";
            rules.add(new NftRule(
                    "iifname @lan_devices meta nfproto ipv6 " + vmap6, "IPv6 source NAT per uplink (nat masquerade)"));
            rules.add(new NftRule(
                    "ct mark and " + mask() + " != 0 meta nfproto ipv6 " + vmap6,
                    "the gateway's own classified IPv6 traffic (nat masquerade)"));
        }
        return new NftChain(
                "postrouting",
                Optional.of("type nat hook postrouting priority srcnat; policy accept;"),
                rules,
                "NAT towards the uplinks");
    }

    /**
     * A PPPoE link's MTU is below Ethernet's (1492), and many sites drop the ICMP that path MTU
     * discovery needs: forwarded TCP connections leaving through a PPP device get their SYN's MSS
     * clamped to the route's MTU. The gateway's own connections need none (their sockets see the
     * route MTU). Only when there is a PPPoE uplink.
     */
    private Optional<NftChain> mssClamp() {
        List<String> ppp = uplinks.stream()
                .filter(u -> u.addressing().equals("pppoe"))
                .map(u -> quote(u.device()))
                .toList();
        if (ppp.isEmpty()) {
            return Optional.empty();
        }
        String devices = ppp.size() == 1 ? ppp.get(0) : "{ " + String.join(", ", ppp) + " }";
        return Optional.of(new NftChain(
                "forward",
                Optional.of("type filter hook forward priority mangle; policy accept;"),
                List.of(new NftRule(
                        "oifname " + devices + " tcp flags syn / syn,rst tcp option maxseg size set rt mtu",
                        "TCP MSS clamped to the path MTU on PPPoE uplinks")),
                "MSS clamping on the PPP devices"));
    }

    // ------------------------------------------------------------------ regular chains

    /** The initial content of a group chain: the preferred tier (failover) or all members (balance). */
    private NftChain groupChain(UplinkGroup g) {
        List<UplinkGroup.Member> active = GroupTiers.initial(g).stream()
                .filter(m -> uplinkChains.containsKey(m.iface()))
                .toList();
        long seed = Distribution.seed(g.name());
        List<String> statements;
        if (g.sticky()) {
            Map<String, Distribution.Sticky> s = sticky.get(g.name());
            statements = Distribution.stickyStatements(
                    active.stream().map(m -> s.get(m.iface())).toList(),
                    active.stream()
                            .map(m -> new Distribution.Share(s.get(m.iface()).chain(), m.weight()))
                            .toList(),
                    seed);
        } else {
            statements = Distribution.statements(
                    active.stream()
                            .map(m -> new Distribution.Share(uplinkChains.get(m.iface()), m.weight()))
                            .toList(),
                    false,
                    seed);
        }
        List<NftRule> rules = statements.stream()
                .map(t -> new NftRule(t, "uplink_group " + g.name()))
                .toList();
        return new NftChain(
                groupChains.get(g.name()),
                Optional.empty(),
                rules,
                "uplink_group " + g.name() + "; rewritten by the runtime when members go up or down");
    }

    private NftChain uplinkChain(Uplink u) {
        String set = " and " + MarkLayout.hex(marks.keepOthers()) + " or " + u.markText();
        return new NftChain(
                uplinkChains.get(u.name()),
                Optional.empty(),
                List.of(
                        new NftRule("meta mark set meta mark" + set, "uplink " + u.name()),
                        new NftRule("ct mark set ct mark" + set, "uplink " + u.name())),
                "uplink " + u.name() + ": mark the packet and its connection");
    }

    private String natName(Uplink u) {
        return names.of("nat_", u.name());
    }

    /**
     * An uplink's IPv4 source NAT: its static address, else masquerade. In an HA pair, the LAN's
     * connections through an uplink with an IPv4 virtual address leave from that address instead,
     * so the mapping conntrackd syncs is valid on either node; the gateway's own connections keep
     * the node's address (the backup has no virtual address, and its own traffic must come back).
     */
    private NftChain natChain(Uplink u) {
        Optional<Cidr> v4 = u.addresses().stream().filter(a -> !a.isV6()).findFirst();
        String statement = v4.map(a -> "snat ip to " + a.addressText()).orElse("masquerade");
        List<NftRule> rules = new ArrayList<>();
        virtualAddress(config, u, false)
                .ifPresent(vip -> rules.add(new NftRule(
                        "iifname @lan_devices snat ip to " + vip.addressText(),
                        "uplink " + u.name() + ": the LAN to the HA virtual address")));
        rules.add(new NftRule(statement, "uplink " + u.name()));
        return new NftChain(natName(u), Optional.empty(), rules, "uplink " + u.name() + ": source NAT");
    }

    /** The first virtual address of one family the ha block gives the uplink's interface, if any. */
    static Optional<Cidr> virtualAddress(Config config, Uplink u, boolean v6) {
        return config.ha().flatMap(h -> h.on(u.name())).flatMap(v -> v6 ? v.firstV6() : v.firstV4());
    }

    /** The group that carries traffic no policy route takes: "default" if there is one, else the first. */
    Optional<UplinkGroup> defaultGroup() {
        return Watchdog.defaultGroup(config);
    }

    static String quote(String name) {
        return "\"" + name + "\"";
    }
}
