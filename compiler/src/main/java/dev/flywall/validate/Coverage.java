package dev.flywall.validate;

import dev.flywall.model.PolicyRoute;
import dev.flywall.model.PolicyRoute.AddressMatch;
import dev.flywall.model.PortRange;
import java.util.List;
import java.util.function.BiPredicate;

/** Whether one match takes every packet another match takes (conservatively: "don't know" is no). */
final class Coverage {

    private Coverage() {}

    static boolean covers(PolicyRoute.Match broad, PolicyRoute.Match narrow) {
        return dimension(broad.protocols(), narrow.protocols(), (a, b) -> a.number() == b.number())
                && dimension(broad.sources(), narrow.sources(), Coverage::address)
                && dimension(broad.destinations(), narrow.destinations(), Coverage::address)
                && dimension(broad.sourcePorts(), narrow.sourcePorts(), PortRange::contains)
                && dimension(broad.destPorts(), narrow.destPorts(), PortRange::contains)
                && dimension(broad.interfaces(), narrow.interfaces(), String::equals);
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

    private static boolean address(AddressMatch broad, AddressMatch narrow) {
        if (broad instanceof PolicyRoute.Prefix b && narrow instanceof PolicyRoute.Prefix n) {
            return b.cidr().network().contains(n.cidr().network());
        }
        return broad instanceof PolicyRoute.SetRef b && narrow instanceof PolicyRoute.SetRef n && b.set().equals(n.set());
    }
}
