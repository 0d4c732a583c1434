package dev.flywall.runtime.apply;

import dev.flywall.runtime.watchdog.WatchdogConfig;
import java.io.IOException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the daemon's route sync writes for the DHCP and PPPoE uplinks of a bundle, following their
 * leases: the default route of each such uplink's table and its "from address" rule (priority
 * 9200 + slot). A bundle cannot declare these (the address and gateway are only known at run
 * time), so the plan does not count them as changes and apply leaves them in place rather than
 * cutting the uplink off until the daemon syncs again.
 */
public final class LeaseRoutes {

    /** Dynamic uplinks' tables, each with its uplink's device. */
    private final Map<String, String> tables;

    private final Set<String> rulePriorities;

    private LeaseRoutes(Map<String, String> tables, Set<String> rulePriorities) {
        this.tables = Map.copyOf(tables);
        this.rulePriorities = Set.copyOf(rulePriorities);
    }

    /** Nothing is the daemon's: a bundle without dynamic uplinks, or the whole state is to be replaced. */
    public static final LeaseRoutes NONE = new LeaseRoutes(Map.of(), Set.of());

    /** The lease-following routes and rules of {@code bundle}'s dynamic uplinks (from its watchdog.json). */
    public static LeaseRoutes of(Map<String, String> bundle) throws IOException {
        String watchdog = bundle.get("watchdog.json");
        if (watchdog == null || watchdog.isBlank()) {
            return NONE;
        }
        WatchdogConfig config = WatchdogConfig.parse(watchdog);
        Map<String, String> tables = new HashMap<>();
        Set<String> priorities = new HashSet<>();
        for (WatchdogConfig.Uplink u : config.uplinks()) {
            if (u.dynamic()) {
                tables.put(Integer.toString(u.table()), u.device());
                priorities.add(Integer.toString(config.fromAddressPriority(u))); // as the daemon's route sync
            }
        }
        return new LeaseRoutes(tables, priorities);
    }

    boolean isEmpty() {
        return tables.isEmpty() && rulePriorities.isEmpty();
    }

    /**
     * An IPv4 route declaration ({@link KernelRoute#declaration()}): the default route of a dynamic
     * uplink's table through that uplink's device. (The route sync is IPv4 only.)
     */
    boolean ownsRoute(String declaration) {
        List<String> words = List.of(declaration.split("\\s+"));
        int table = words.indexOf("table");
        int dev = words.indexOf("dev");
        return words.get(0).equals("default")
                && table > 0
                && table + 1 < words.size()
                && dev > 0
                && dev + 1 < words.size()
                && words.get(dev + 1).equals(tables.get(words.get(table + 1)));
    }

    /**
     * An IPv4 rule as captured ({@link KernelRule#declaration()}:
     * {@code "priority 9201 from 198.51.100.7 lookup 101 protocol 241"}): a dynamic uplink's address rule.
     */
    boolean ownsRule(String rule) {
        String[] words = rule.split("\\s+");
        return words.length > 1 && words[0].equals("priority") && rulePriorities.contains(words[1]);
    }

    /** {@code state} without what the route sync owns: what a plan compares with a bundle. */
    KernelState without(KernelState state) {
        return new KernelState(
                state.table(),
                rules(state.rules4()),
                state.rules6(),
                routes(state.routes4()),
                state.routes6(),
                state.links());
    }

    private List<String> rules(List<String> rules) {
        return rules.stream().filter(r -> !ownsRule(r)).toList();
    }

    private List<String> routes(List<String> routes) {
        return routes.stream().filter(r -> !ownsRoute(r)).toList();
    }
}
