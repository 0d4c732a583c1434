package dev.flywall.plan;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flywall.bundle.WatchdogFile;
import dev.flywall.model.Config;
import dev.flywall.model.Interface;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Turns a validated configuration into the plan IR: the nft ruleset, the route batch, the watchdog document. */
public final class Planner {

    /** Everything the renderers need. */
    public record Plan(
            List<Uplink> uplinks,
            NftRuleset ruleset,
            RouteBatch routes,
            ObjectNode watchdog,
            Map<String, String> bundledSecrets,
            List<String> shaping,
            Map<String, String> pppoePeers,
            Optional<WatchdogFile.Ha> ha) {}

    private Planner() {}

    public static Plan plan(Config config, MarkLayout marks, String configHash) {
        List<Uplink> uplinks = Allocation.uplinks(config, marks);
        NftRuleset ruleset = new RulesetBuilder(config, uplinks, marks).build();
        RouteBatch routes = RouteBatch.of(uplinks, marks);
        ObjectNode watchdog = Watchdog.of(config, uplinks, marks, ruleset, configHash);
        return new Plan(
                uplinks,
                ruleset,
                routes,
                watchdog,
                Watchdog.bundledSecrets(config),
                shaping(config),
                peers(config),
                Watchdog.ha(config));
    }

    /**
     * The uplinks of a validated configuration with their marks and routing tables as the plan
     * allocates them (written ones first, then the lowest free in file order): what an HA pair
     * check compares between the two nodes.
     */
    public static List<Uplink> uplinks(Config config) {
        return Allocation.uplinks(config, new MarkLayout(config.runtime().markMask()));
    }

    /** The header of {@code shaping.tc}; empty when no WAN has a bandwidth. */
    static final String SHAPING_HEADER = "# flywall: egress shaping of the WANs with a bandwidth (tc -batch);"
            + " apply uses the leaf qdisc the kernel has";

    /**
     * {@code shaping.tc}: per WAN with a bandwidth, in file order, {@link ShapingBatch} on the
     * interface's own device — also for PPPoE, whose frames leave through it.
     */
    static List<String> shaping(Config config) {
        List<String> lines = new ArrayList<>();
        for (Interface i : config.wans()) {
            i.wan()
                    .orElseThrow()
                    .bandwidth()
                    .ifPresent(b ->
                            lines.addAll(ShapingBatch.lines(i.name(), b.bitsPerSecond(), ShapingBatch.PREFERRED_LEAF)));
        }
        if (!lines.isEmpty()) {
            lines.addFirst(SHAPING_HEADER);
        }
        return lines;
    }

    /** {@code pppoe-NAME.peers} by file name, per PPPoE interface in file order. */
    static Map<String, String> peers(Config config) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Interface i : config.interfaces()) {
            if (i.pppoe().isPresent()) {
                out.put(Watchdog.peersFile(i.name()), PppoePeers.of(i));
            }
        }
        return out;
    }
}
