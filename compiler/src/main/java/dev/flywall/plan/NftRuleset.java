package dev.flywall.plan;

import java.util.List;
import java.util.Optional;

/**
 * The nftables part of a plan: the sets and chains of table {@code inet flywall}. Rule text is
 * built from validated pieces by {@link RulesetBuilder}; rendering only lays it out.
 */
public record NftRuleset(List<NftSet> sets, List<NftChain> chains, Names names) {

    public static final String TABLE = "flywall";

    public NftRuleset {
        sets = List.copyOf(sets);
        chains = List.copyOf(chains);
    }

    /**
     * A named set: its type, flags and elements (already in nft syntax). Interval sets
     * auto-merge, so overlapping entries (and entries the runtime adds later) are accepted.
     * Dynamic sets that the packet path fills ({@code update @set}) carry a timeout.
     */
    public record NftSet(
            String name,
            String type,
            List<String> flags,
            boolean autoMerge,
            List<String> elements,
            Optional<java.time.Duration> timeout,
            String comment) {
        public NftSet {
            flags = List.copyOf(flags);
            elements = List.copyOf(elements);
        }

        public NftSet(
                String name,
                String type,
                List<String> flags,
                boolean autoMerge,
                List<String> elements,
                String comment) {
            this(name, type, flags, autoMerge, elements, Optional.empty(), comment);
        }
    }

    /** A chain; {@code hook} is the base-chain header ("type filter hook prerouting priority mangle; policy accept;") or empty. */
    public record NftChain(String name, Optional<String> hook, List<NftRule> rules, String comment) {
        public NftChain {
            rules = List.copyOf(rules);
        }
    }

    /**
     * One rule: its statement text and the provenance comment that maps it back to the
     * configuration (nft keeps at most 128 bytes of it). {@code commentInText}: the text ends with
     * that comment already (the statements of {@link NptRules}, which the runtime writes alike), so
     * the renderer adds none.
     */
    public record NftRule(String text, String comment, boolean commentInText) {
        public NftRule {
            if (comment.length() > 128) {
                throw new IllegalArgumentException("nft comments hold at most 128 bytes: " + comment);
            }
            if (commentInText && !text.endsWith(" comment \"" + comment + "\"")) {
                throw new IllegalArgumentException("the rule text does not end with its comment: " + text);
            }
        }

        public NftRule(String text, String comment) {
            this(text, comment, false);
        }
    }

    /**
     * The chains the runtime rewrites, by the configuration name they serve; for sticky groups,
     * each member's {@link Distribution.Sticky} objects by group, then member.
     */
    public record Names(
            java.util.Map<String, String> uplinks,
            java.util.Map<String, String> groups,
            java.util.Map<String, String> routes,
            java.util.Map<String, java.util.Map<String, Distribution.Sticky>> sticky,
            java.util.Map<String, NptChains> npt) {}

    /** The two prefix-translation chains of an uplink with {@code nat = "npt"}. */
    public record NptChains(String out, String in) {}

    /** The NPT chains of an uplink, when it translates its IPv6 prefix. */
    public Optional<NptChains> nptChains(String uplink) {
        return Optional.ofNullable(names.npt().get(uplink));
    }

    public String uplinkChain(String uplink) {
        return names.uplinks().get(uplink);
    }

    public String groupChain(String group) {
        return names.groups().get(group);
    }

    /** The sticky chain and sets of a member of a sticky group. */
    public Optional<Distribution.Sticky> sticky(String group, String member) {
        return Optional.ofNullable(
                names.sticky().getOrDefault(group, java.util.Map.of()).get(member));
    }

    public String routeChain(String route) {
        return names.routes().get(route);
    }

    public int ruleCount() {
        return chains.stream().mapToInt(c -> c.rules().size()).sum();
    }
}
