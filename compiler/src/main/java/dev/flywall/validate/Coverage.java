package dev.flywall.validate;

import dev.flywall.model.Cidr;
import dev.flywall.model.PolicyRoute;
import dev.flywall.model.PolicyRoute.AddressMatch;
import dev.flywall.model.PortRange;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiPredicate;

/**
 * Whether one match takes every packet another match takes (conservatively: "don't know" is
 * no). Cheap dimensions are compared first; address lists by prefix length and hash lookup, so
 * comparing two routes with n and m prefixes costs O(n × distinct lengths), not O(n × m).
 */
final class Coverage {

    private Coverage() {}

    static boolean covers(PolicyRoute.Match broad, PolicyRoute.Match narrow) {
        return dimension(broad.protocols(), narrow.protocols(), (a, b) -> a.number() == b.number())
                && dimension(broad.interfaces(), narrow.interfaces(), String::equals)
                && dimension(broad.destPorts(), narrow.destPorts(), PortRange::contains)
                && dimension(broad.sourcePorts(), narrow.sourcePorts(), PortRange::contains)
                && addresses(broad.destinations(), narrow.destinations())
                && addresses(broad.sources(), narrow.sources());
    }

    /** An empty list matches anything; otherwise every narrow item needs a broad item covering it. */
    private static <T> boolean dimension(List<T> broad, List<T> narrow, BiPredicate<T, T> covers) {
        if (broad.isEmpty()) {
            return true;
        }
        if (narrow.isEmpty()) {
            return false;
        }
        return narrow.stream().allMatch(n -> broad.stream().anyMatch(b -> covers.test(b, n)));
    }

    private static boolean addresses(List<AddressMatch> broad, List<AddressMatch> narrow) {
        if (broad.isEmpty()) {
            return true;
        }
        if (narrow.isEmpty()) {
            return false;
        }
        Set<String> sets = new HashSet<>();
        Map<Integer, Set<Cidr>> networksByLength = new HashMap<>();
        for (AddressMatch b : broad) {
            switch (b) {
                case PolicyRoute.SetRef s -> sets.add(s.set());
                case PolicyRoute.Prefix p ->
                    networksByLength
                            .computeIfAbsent(p.cidr().prefix() * 2 + (p.cidr().isV6() ? 1 : 0), k -> new HashSet<>())
                            .add(p.cidr().network());
            }
        }
        for (AddressMatch n : narrow) {
            boolean covered = switch (n) {
                case PolicyRoute.SetRef s -> sets.contains(s.set());
                case PolicyRoute.Prefix p -> coveredByPrefix(p.cidr(), networksByLength);
            };
            if (!covered) {
                return false;
            }
        }
        return true;
    }

    private static boolean coveredByPrefix(Cidr narrow, Map<Integer, Set<Cidr>> networksByLength) {
        for (Map.Entry<Integer, Set<Cidr>> e : networksByLength.entrySet()) {
            int length = e.getKey() / 2;
            boolean v6 = e.getKey() % 2 == 1;
            if (v6 == narrow.isV6()
                    && length <= narrow.prefix()
                    && e.getValue().contains(new Cidr(narrow.address(), length).network())) {
                return true;
            }
        }
        return false;
    }
}
