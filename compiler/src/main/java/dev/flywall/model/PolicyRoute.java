package dev.flywall.model;

import dev.flywall.source.SourceSpan;
import java.util.List;

/**
 * {@code policy_route "NAME"}: traffic matching {@code match} leaves through {@code uplink} (an
 * interface or an uplink group). Routes apply in order of {@code priority}, then file order; a
 * {@code strict} route drops rather than falling back to the default group when its uplink is down.
 */
public record PolicyRoute(
        String name,
        Match match,
        String uplink,
        SourceSpan uplinkSpan,
        boolean strict,
        int priority,
        int order,
        SourceSpan span) {

    /** {@code match { ... }}: all given conditions must hold; an empty list matches anything. */
    public record Match(
            List<Protocol> protocols,
            List<AddressMatch> sources,
            List<AddressMatch> destinations,
            List<PortRange> sourcePorts,
            List<PortRange> destPorts,
            List<String> interfaces,
            SourceSpan span) {

        public Match {
            protocols = List.copyOf(protocols);
            sources = List.copyOf(sources);
            destinations = List.copyOf(destinations);
            sourcePorts = List.copyOf(sourcePorts);
            destPorts = List.copyOf(destPorts);
            interfaces = List.copyOf(interfaces);
        }
    }

    /** A CIDR or a reference {@code @name} to an ipset. */
    public sealed interface AddressMatch {
        SourceSpan span();
    }

    public record Prefix(Cidr cidr, SourceSpan span) implements AddressMatch {}

    public record SetRef(String set, SourceSpan span) implements AddressMatch {}

    /** An IP protocol by name (as nft knows it) and number. */
    public record Protocol(String name, int number, SourceSpan span) {}
}
