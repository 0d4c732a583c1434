package dev.flywall.runtime.engine;

import dev.flywall.model.Cidr;
import dev.flywall.plan.NptRules;
import dev.flywall.runtime.watchdog.WatchdogConfig;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The prefix translation of the uplinks whose NPT outside prefix is the one delegated to them
 * (npt without a static {@code outside}): their two chains ({@code npt_out_X}, {@code npt_in_X},
 * empty in the compiled ruleset) filled from the delegated prefix, with {@link NptRules}'
 * statements, flushed and refilled in one nft transaction. A delegated prefix shorter than the
 * inside prefix lends its first subnet of the inside's length; a longer one cannot hold the LAN's
 * host bits and is refused. Without a usable prefix the outgoing chain drops the LAN's packets, so
 * they never leave that uplink with the inside prefix (the ISP would not route the replies back).
 */
public final class NptFollower {

    private NptFollower() {}

    /**
     * What the chains of an uplink hold: the outside prefix they translate to, or why none (no
     * prefix delegated yet, or one that is refused).
     */
    public record Fill(String uplink, Optional<Cidr> outside, Optional<String> refusal) {

        /** What the log and the history say. */
        public String text() {
            return outside.map(o -> uplink + "'s IPv6 leaves as " + o)
                    .or(() -> refusal)
                    .orElse(uplink + " has no delegated prefix: the LAN's IPv6 does not leave by it");
        }
    }

    /** Whether the uplink's translation follows a delegated prefix. */
    public static boolean follows(WatchdogConfig.Uplink u) {
        return u.npt().isPresent() && u.npt().get().outside().isEmpty();
    }

    /** What the uplink's chains hold for {@code delegated} (a prefix the kernel gave back, in canonical form). */
    public static Fill fill(WatchdogConfig.Uplink u, Optional<String> delegated) {
        WatchdogConfig.Npt npt = u.npt().orElseThrow();
        Cidr inside = Cidr.parse(npt.inside())
                .filter(Cidr::isV6)
                .orElseThrow(() -> new IllegalArgumentException(
                        "watchdog.json: unusable NPT inside prefix of " + u.name() + ": " + npt.inside()));
        Optional<Cidr> given = delegated.flatMap(Cidr::parse).filter(Cidr::isV6);
        if (given.isEmpty()) {
            return new Fill(u.name(), Optional.empty(), Optional.empty());
        }
        Cidr d = given.get().network();
        if (d.prefix() > inside.prefix()) {
            return new Fill(
                    u.name(),
                    Optional.empty(),
                    Optional.of("the prefix delegated to " + u.name() + ", " + d + ", is longer than the LAN's "
                            + inside + ": NPT needs one at least as short; " + u.name()
                            + "'s LAN IPv6 does not leave by it"));
        }
        // the first subnet of the inside's length (the prefix itself when the lengths match)
        return new Fill(u.name(), Optional.of(new Cidr(d.address(), inside.prefix()).network()), Optional.empty());
    }

    /** The fills of every following uplink of {@code config}, from each uplink's delegated prefix. */
    public static Map<String, Fill> fills(WatchdogConfig config, Map<String, Optional<String>> delegated) {
        Map<String, Fill> out = new LinkedHashMap<>();
        config.uplinks().stream()
                .filter(NptFollower::follows)
                .forEach(u -> out.put(u.name(), fill(u, delegated.getOrDefault(u.name(), Optional.empty()))));
        return out;
    }

    /** The nft commands that make the uplink's chains hold {@code fill} (flushed, and refilled when it translates). */
    static List<String> commands(WatchdogConfig config, WatchdogConfig.Uplink u, Fill fill) {
        WatchdogConfig.Npt npt = u.npt().orElseThrow();
        String prefix = config.nft().family() + " " + config.nft().table() + " ";
        Cidr inside = Cidr.parse(npt.inside()).orElseThrow();
        List<String> flush = List.of("flush chain " + prefix + npt.chainOut(), "flush chain " + prefix + npt.chainIn());
        if (fill.outside().isEmpty()) {
            // nothing to translate to: the LAN's packets are dropped rather than leave with the inside prefix
            String why = "uplink " + u.name() + ": no usable delegated prefix, " + inside + " does not leave";
            return List.of(
                    flush.get(0),
                    flush.get(1),
                    "add rule " + prefix + npt.chainOut() + " " + NptRules.withheld(inside, why));
        }
        Cidr outside = fill.outside().get();
        String comment = "uplink " + u.name() + ": delegated prefix";
        return List.of(
                flush.get(0),
                flush.get(1),
                "add rule " + prefix + npt.chainOut() + " " + NptRules.out(inside, outside, comment),
                "add rule " + prefix + npt.chainIn() + " " + NptRules.in(inside, outside, comment));
    }
}
