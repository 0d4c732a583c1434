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
 * 9200 + slot); the same in IPv6 for the uplinks with dynamic IPv6 (an interface's ipv6 block:
 * the router advertisements' gateway, the addresses of SLAAC and DHCPv6). Each family on its own:
 * an uplink with a static IPv4 address and dynamic IPv6 keeps its IPv4 routes declared. A bundle cannot declare these (the address and gateway are only known at run
 * time), so the plan does not count them as changes and apply leaves them in place rather than
 * cutting the uplink off until the daemon syncs again.
 */
public final class LeaseRoutes {

    /** Per family (IPv4, IPv6): the followed uplinks' tables, each with its uplink's device. */
    private final Map<String, String> tables4;

    private final Map<String, String> tables6;
    private final Set<String> rulePriorities4;
    private final Set<String> rulePriorities6;

    private LeaseRoutes(
            Map<String, String> tables4,
            Map<String, String> tables6,
            Set<String> rulePriorities4,
            Set<String> rulePriorities6) {
        this.tables4 = Map.copyOf(tables4);
        this.tables6 = Map.copyOf(tables6);
        this.rulePriorities4 = Set.copyOf(rulePriorities4);
        this.rulePriorities6 = Set.copyOf(rulePriorities6);
    }

    /** Nothing is the daemon's: a bundle without dynamic uplinks, or the whole state is to be replaced. */
    public static final LeaseRoutes NONE = new LeaseRoutes(Map.of(), Map.of(), Set.of(), Set.of());

    /** The lease-following routes and rules of {@code bundle}'s dynamic uplinks (from its watchdog.json). */
    public static LeaseRoutes of(Map<String, String> bundle) throws IOException {
        String watchdog = bundle.get("watchdog.json");
        if (watchdog == null || watchdog.isBlank()) {
            return NONE;
        }
        WatchdogConfig config = WatchdogConfig.parse(watchdog);
        Map<String, String> tables4 = new HashMap<>();
        Map<String, String> tables6 = new HashMap<>();
        Set<String> priorities4 = new HashSet<>();
        Set<String> priorities6 = new HashSet<>();
        for (WatchdogConfig.Uplink u : config.uplinks()) {
            // as the daemon's route sync
            String priority = Integer.toString(config.fromAddressPriority(u));
            if (u.dynamic()) {
                tables4.put(Integer.toString(u.table()), u.device());
                priorities4.add(priority);
            }
            if (config.interfaces().stream()
                    .anyMatch(i -> i.name().equals(u.device()) && i.ipv6().isPresent())) {
                tables6.put(Integer.toString(u.table()), u.device());
                priorities6.add(priority);
            }
        }
        return new LeaseRoutes(tables4, tables6, priorities4, priorities6);
    }

    boolean isEmpty() {
        return tables4.isEmpty() && tables6.isEmpty() && rulePriorities4.isEmpty() && rulePriorities6.isEmpty();
    }

    /** An IPv6 route or rule as captured: one of its addresses is IPv6 (IPv4 ones have no colon). */
    private static boolean v6(List<String> words) {
        return words.stream().anyMatch(w -> w.contains(":"));
    }

    /**
     * A route declaration ({@link KernelRoute#declaration()}): the default route of a followed
     * uplink's table through that uplink's device, in a family the route sync follows for it.
     */
    boolean ownsRoute(String declaration) {
        List<String> words = List.of(declaration.split("\\s+"));
        Map<String, String> tables = v6(words) ? tables6 : tables4;
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
     * A rule as captured ({@link KernelRule#declaration()}:
     * {@code "priority 9201 from 198.51.100.7 lookup 101 protocol 241"}): a followed uplink's address rule.
     */
    boolean ownsRule(String rule) {
        List<String> words = List.of(rule.split("\\s+"));
        Set<String> priorities = v6(words) ? rulePriorities6 : rulePriorities4;
        return words.size() > 1 && words.get(0).equals("priority") && priorities.contains(words.get(1));
    }

    /** {@code state} without what the route sync owns: what a plan compares with a bundle. */
    KernelState without(KernelState state) {
        return new KernelState(
                state.table(),
                rules(state.rules4()),
                rules(state.rules6()),
                routes(state.routes4()),
                routes(state.routes6()),
                state.links());
    }

    private List<String> rules(List<String> rules) {
        return rules.stream().filter(r -> !ownsRule(r)).toList();
    }

    private List<String> routes(List<String> routes) {
        return routes.stream().filter(r -> !ownsRoute(r)).toList();
    }
}
