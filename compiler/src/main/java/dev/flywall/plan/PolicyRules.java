package dev.flywall.plan;

import dev.flywall.model.Cidr;
import dev.flywall.model.Config;
import dev.flywall.model.PolicyRoute;
import dev.flywall.model.PortRange;
import dev.flywall.plan.NftRuleset.NftChain;
import dev.flywall.plan.NftRuleset.NftRule;
import dev.flywall.plan.NftRuleset.NftSet;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Policy routes as rules of the classify chain, in order of priority then file order; a match
 * goes to the route's chain and never comes back, so the first matching route decides. Address
 * lists become named interval sets and ports anonymous sets, so a rule costs the same whatever
 * the list sizes; a route makes one rule (more only when it combines several ipsets).
 */
final class PolicyRules {

    /** Protocols nft knows by name; others are written as numbers. */
    private static final Set<String> NFT_PROTOCOL_NAMES =
            Set.of("tcp", "udp", "icmp", "icmpv6", "sctp", "dccp", "udplite", "gre", "esp", "ah", "igmp");

    private final Config config;
    private final NftNames names;
    private final Map<String, String> uplinkChains;
    private final Map<String, String> groupChains;
    private final Map<String, String> routeChains;
    private final List<NftSet> sets = new ArrayList<>();
    private final List<NftRule> classify = new ArrayList<>();
    private final List<NftChain> chains = new ArrayList<>();

    PolicyRules(
            Config config,
            NftNames names,
            Map<String, String> uplinkChains,
            Map<String, String> groupChains,
            Map<String, String> routeChains) {
        this.config = config;
        this.names = names;
        this.uplinkChains = uplinkChains;
        this.groupChains = groupChains;
        this.routeChains = routeChains;
        config.policyRoutes().stream()
                .sorted(Comparator.comparingInt(PolicyRoute::priority).thenComparingInt(PolicyRoute::order))
                .forEach(this::route);
    }

    List<NftSet> sets() {
        return sets;
    }

    List<NftRule> classifyRules() {
        return classify;
    }

    List<NftChain> routeChains() {
        return chains;
    }

    private void route(PolicyRoute r) {
        String chain = routeChains.get(r.name());
        String common = join(
                protocols(r.match()),
                ports("sport", r.match().sourcePorts()),
                ports("dport", r.match().destPorts()),
                interfaces(r.match()));
        List<Optional<String>> sources = addresses(r, "saddr", "src", r.match().sources());
        List<Optional<String>> destinations =
                addresses(r, "daddr", "dst", r.match().destinations());
        for (Optional<String> s : sources) {
            for (Optional<String> d : destinations) {
                String match = join(common, s.orElse(""), d.orElse(""));
                // goto: the route chain's verdict ends classify, so the first matching route decides
                classify.add(new NftRule(
                        (match.isEmpty() ? "" : match + " ") + "goto " + chain, "policy_route " + r.name()));
            }
        }
        String target =
                config.group(r.uplink()).isPresent() ? groupChains.get(r.uplink()) : uplinkChains.get(r.uplink());
        chains.add(new NftChain(
                chain,
                Optional.empty(),
                List.of(new NftRule("jump " + target, "policy_route " + r.name())),
                "policy_route " + r.name() + " via " + r.uplink() + (r.strict() ? " (strict)" : "")
                        + "; rewritten by the runtime when its uplink goes down"));
    }

    private static String protocols(PolicyRoute.Match m) {
        List<String> protos = m.protocols().stream()
                .map(p -> NFT_PROTOCOL_NAMES.contains(p.name()) ? p.name() : Integer.toString(p.number()))
                .distinct()
                .toList();
        return protos.isEmpty() ? "" : "meta l4proto " + anonymous(protos);
    }

    private static String ports(String field, List<PortRange> ports) {
        return ports.isEmpty()
                ? ""
                : "th " + field + " "
                        + anonymous(ports.stream().map(PortRange::toString).toList());
    }

    private static String interfaces(PolicyRoute.Match m) {
        return m.interfaces().isEmpty()
                ? ""
                : "iifname "
                        + anonymous(m.interfaces().stream()
                                .map(RulesetBuilder::quote)
                                .toList());
    }

    /**
     * The alternatives for one address field: the route's own prefixes (a named set per family)
     * and each ipset it names. An empty list matches anything.
     */
    private List<Optional<String>> addresses(
            PolicyRoute r, String field, String suffix, List<PolicyRoute.AddressMatch> items) {
        if (items.isEmpty()) {
            return List.of(Optional.empty());
        }
        List<Optional<String>> out = new ArrayList<>();
        for (Cidr.Family family : Cidr.Family.values()) {
            List<String> prefixes = items.stream()
                    .filter(PolicyRoute.Prefix.class::isInstance)
                    .map(i -> ((PolicyRoute.Prefix) i).cidr())
                    .filter(c -> c.family() == family)
                    .map(c -> c.network().toString())
                    .distinct()
                    .toList();
            if (!prefixes.isEmpty()) {
                String set = names.of("pr_", r.name() + "_" + suffix + (family == Cidr.Family.IPV6 ? "6" : "4"));
                sets.add(new NftSet(
                        set,
                        family.nftType(),
                        List.of("interval"),
                        true,
                        prefixes,
                        "policy_route " + r.name() + " " + (suffix.equals("src") ? "source" : "destination")));
                out.add(Optional.of(family.nftProtocol() + " " + field + " @" + set));
            }
        }
        for (PolicyRoute.AddressMatch item : items) {
            if (item instanceof PolicyRoute.SetRef ref) {
                config.ipset(ref.set())
                        .ifPresent(s -> out.add(Optional.of(
                                s.family().nftProtocol() + " " + field + " @" + names.of("ipset_", s.name()))));
            }
        }
        return out;
    }

    private static String anonymous(List<String> items) {
        return items.size() == 1 ? items.get(0) : "{ " + String.join(", ", items) + " }";
    }

    private static String join(String... parts) {
        StringBuilder out = new StringBuilder();
        for (String p : parts) {
            if (!p.isEmpty()) {
                out.append(out.isEmpty() ? "" : " ").append(p);
            }
        }
        return out.toString();
    }
}
