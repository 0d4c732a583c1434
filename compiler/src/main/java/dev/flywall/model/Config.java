package dev.flywall.model;

import java.util.List;
import java.util.Optional;

/**
 * A validated flywall configuration: what the compiler and the runtime consume. {@code ha} is
 * present when the gateway is one node of a highly available pair; {@code maintenance} holds the
 * maintenance windows in file order.
 */
public record Config(
        List<Interface> interfaces,
        List<UplinkGroup> uplinkGroups,
        List<PolicyRoute> policyRoutes,
        List<IpSet> ipsets,
        Notifications notifications,
        Api api,
        RuntimeSettings runtime,
        Optional<Ha> ha,
        List<MaintenanceWindow> maintenance) {

    public Config {
        interfaces = List.copyOf(interfaces);
        uplinkGroups = List.copyOf(uplinkGroups);
        policyRoutes = List.copyOf(policyRoutes);
        ipsets = List.copyOf(ipsets);
        maintenance = List.copyOf(maintenance);
    }

    public Optional<Interface> iface(String name) {
        return interfaces.stream().filter(i -> i.name().equals(name)).findFirst();
    }

    public Optional<UplinkGroup> group(String name) {
        return uplinkGroups.stream().filter(g -> g.name().equals(name)).findFirst();
    }

    public Optional<IpSet> ipset(String name) {
        return ipsets.stream().filter(s -> s.name().equals(name)).findFirst();
    }

    private static final Cidr LINK_LOCAL = Cidr.parse("fe80::/10").orElseThrow();

    /**
     * The IPv6 prefixes of the LAN side (interfaces without a wan block): the networks of their
     * static IPv6 addresses, link-local ones left out, each once, in file order. With exactly one,
     * it is the default NPT inside prefix of every uplink.
     */
    public List<Cidr> lanIpv6Prefixes() {
        return interfaces.stream()
                .filter(i -> !i.isWan())
                .flatMap(i -> i.addresses().stream())
                .filter(a -> a.isV6() && !LINK_LOCAL.contains(a))
                .map(Cidr::network)
                .distinct()
                .toList();
    }

    /**
     * The NPT inside prefix of an uplink's ipv6 block: its lan_prefix, else the LAN side's one
     * IPv6 prefix; empty when that is absent or ambiguous (the validator reports it).
     */
    public Optional<Cidr> nptInside(Interface.Ipv6 ipv6) {
        if (ipv6.lanPrefix().isPresent()) {
            return ipv6.lanPrefix();
        }
        List<Cidr> lan = lanIpv6Prefixes();
        return lan.size() == 1 ? Optional.of(lan.get(0)) : Optional.empty();
    }

    /** Interfaces with a {@code wan} block, in file order. */
    public List<Interface> wans() {
        return interfaces.stream().filter(Interface::isWan).toList();
    }
}
