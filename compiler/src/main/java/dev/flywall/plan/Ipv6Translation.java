package dev.flywall.plan;

import dev.flywall.model.Cidr;
import dev.flywall.model.Config;
import dev.flywall.model.Interface;
import dev.flywall.plan.NftRuleset.NftChain;
import dev.flywall.plan.NftRuleset.NftRule;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The chains of the uplinks' IPv6 translation ({@code interface { ipv6 { nat } }}). NPT: a base
 * chain at prerouting, priority raw (before conntrack, so that a reply's destination is back on
 * the LAN prefix when conntrack looks it up), jumps by input device to the uplink's
 * {@code npt_in_X}; one at postrouting, priority srcnat (after routing chose the uplink by the
 * packet's mark), jumps by output device to {@code npt_out_X}. Each of those holds the one
 * {@link NptRules} rule of the uplink, or nothing when its outside prefix is the delegated one:
 * the runtime fills them when it learns it. Masquerade: {@code nat6_X} holds the uplink's IPv6
 * source NAT, jumped to from the NAT postrouting chain.
 */
final class Ipv6Translation {

    private final Config config;
    private final List<Uplink> uplinks;
    private final Map<String, NftRuleset.NptChains> npt;
    private final NftNames names;

    Ipv6Translation(Config config, List<Uplink> uplinks, Map<String, NftRuleset.NptChains> npt, NftNames names) {
        this.config = config;
        this.uplinks = uplinks;
        this.npt = npt;
        this.names = names;
    }

    /** The chain of an uplink's IPv6 source NAT (nat = "masquerade"). */
    static String natName(NftNames names, Uplink u) {
        return names.of("nat6_", u.name());
    }

    private List<Uplink> translating() {
        return uplinks.stream().filter(u -> npt.containsKey(u.name())).toList();
    }

    /** The two NPT base chains, when an uplink translates its prefix. */
    List<NftChain> baseChains() {
        List<Uplink> npts = translating();
        if (npts.isEmpty()) {
            return List.of();
        }
        String in = "iifname vmap { "
                + String.join(
                        ", ",
                        npts.stream()
                                .map(u -> RulesetBuilder.quote(u.device()) + " : jump "
                                        + npt.get(u.name()).in())
                                .toList())
                + " }";
        String out = "oifname vmap { "
                + String.join(
                        ", ",
                        npts.stream()
                                .map(u -> RulesetBuilder.quote(u.device()) + " : jump "
                                        + npt.get(u.name()).out())
                                .toList())
                + " }";
        return List.of(
                new NftChain(
                        "npt_prerouting",
                        Optional.of("type filter hook prerouting priority raw; policy accept;"),
                        List.of(new NftRule(
                                "meta nfproto ipv6 " + in, "IPv6 prefix translation back to the LAN prefix")),
                        "NPT of incoming IPv6, before conntrack"),
                new NftChain(
                        "npt_postrouting",
                        Optional.of("type filter hook postrouting priority srcnat; policy accept;"),
                        List.of(new NftRule(
                                "meta nfproto ipv6 " + out, "IPv6 prefix translation to the uplink prefix")),
                        "NPT of outgoing IPv6, after the uplink is chosen"));
    }

    /** Per uplink in file order: its NPT chains (out, then in) or its IPv6 source NAT chain. */
    List<NftChain> uplinkChains() {
        List<NftChain> out = new ArrayList<>();
        for (Uplink u : uplinks) {
            switch (u.source().nat6()) {
                case NPT -> out.addAll(nptChains(u));
                case MASQUERADE -> out.add(natChain(u));
                case NONE -> {}
            }
        }
        return out;
    }

    private List<NftChain> nptChains(Uplink u) {
        Interface.Ipv6 v6 = u.source().ipv6().orElseThrow();
        Cidr inside = config.nptInside(v6)
                .orElseThrow(() -> new IllegalStateException("validation let an NPT without inside prefix through"));
        NftRuleset.NptChains chains = npt.get(u.name());
        Optional<Cidr> outside = v6.prefix();
        List<NftRule> outRules = outside.map(o -> {
                    String comment = "uplink " + u.name() + ": npt " + inside + " to " + o;
                    return List.of(new NftRule(NptRules.out(inside, o, comment), comment, true));
                })
                .orElseGet(() -> {
                    String comment = "uplink " + u.name() + ": no delegated prefix yet, " + inside + " does not leave";
                    return List.of(new NftRule(NptRules.withheld(inside, comment), comment, true));
                });
        List<NftRule> inRules = outside.map(o -> {
                    String comment = "uplink " + u.name() + ": npt " + o + " to " + inside;
                    return List.of(new NftRule(NptRules.in(inside, o, comment), comment, true));
                })
                .orElse(List.of());
        String filled =
                "; until the runtime learns it, the LAN's packets are dropped here rather than leave" + " untranslated";
        return List.of(
                new NftChain(
                        chains.out(),
                        Optional.empty(),
                        outRules,
                        "uplink " + u.name() + ": IPv6 source prefix " + inside + " leaves as "
                                + outside.map(Cidr::toString).orElse("the delegated prefix" + filled)),
                new NftChain(
                        chains.in(),
                        Optional.empty(),
                        inRules,
                        "uplink " + u.name() + ": IPv6 destination prefix "
                                + outside.map(o -> o + " back to " + inside)
                                        .orElse("(the delegated one) back to " + inside
                                                + "; empty until the runtime learns the delegated prefix")));
    }

    /** As the IPv4 one: in an HA pair, the LAN's IPv6 leaves from the uplink's IPv6 virtual address. */
    private NftChain natChain(Uplink u) {
        Optional<Cidr> v6 = u.addresses().stream().filter(Cidr::isV6).findFirst();
        String statement = v6.map(a -> "snat ip6 to " + a.addressText()).orElse("masquerade");
        List<NftRule> rules = new ArrayList<>();
        RulesetBuilder.virtualAddress(config, u, true)
                .ifPresent(vip -> rules.add(new NftRule(
                        "iifname @lan_devices snat ip6 to " + vip.addressText(),
                        "uplink " + u.name() + ": the LAN to the HA virtual address")));
        rules.add(new NftRule(statement, "uplink " + u.name()));
        return new NftChain(natName(names, u), Optional.empty(), rules, "uplink " + u.name() + ": IPv6 source NAT");
    }
}
