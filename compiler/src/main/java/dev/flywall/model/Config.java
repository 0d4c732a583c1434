package dev.flywall.model;

import java.util.List;
import java.util.Optional;

/** A validated flywall configuration: what the compiler and the runtime consume. */
public record Config(
        List<Interface> interfaces,
        List<UplinkGroup> uplinkGroups,
        List<PolicyRoute> policyRoutes,
        List<IpSet> ipsets,
        Notifications notifications,
        Api api,
        RuntimeSettings runtime) {

    public Config {
        interfaces = List.copyOf(interfaces);
        uplinkGroups = List.copyOf(uplinkGroups);
        policyRoutes = List.copyOf(policyRoutes);
        ipsets = List.copyOf(ipsets);
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

    /** Interfaces with a {@code wan} block, in file order. */
    public List<Interface> wans() {
        return interfaces.stream().filter(Interface::isWan).toList();
    }
}
