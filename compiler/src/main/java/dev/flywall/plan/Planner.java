package dev.flywall.plan;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flywall.model.Config;
import java.util.List;
import java.util.Map;

/** Turns a validated configuration into the plan IR: the nft ruleset, the route batch, the watchdog document. */
public final class Planner {

    /** Everything the renderers need. */
    public record Plan(
            List<Uplink> uplinks,
            NftRuleset ruleset,
            RouteBatch routes,
            ObjectNode watchdog,
            Map<String, String> bundledSecrets) {}

    private Planner() {}

    public static Plan plan(Config config, MarkLayout marks, String configHash) {
        List<Uplink> uplinks = Allocation.uplinks(config, marks);
        NftRuleset ruleset = new RulesetBuilder(config, uplinks, marks).build();
        RouteBatch routes = RouteBatch.of(uplinks, marks);
        ObjectNode watchdog = Watchdog.of(config, uplinks, marks, ruleset, configHash);
        return new Plan(uplinks, ruleset, routes, watchdog, Watchdog.bundledSecrets(config));
    }
}
