package dev.flywall.plan;

import dev.flywall.model.Cidr;
import dev.flywall.model.Interface;
import java.util.List;

/**
 * A WAN as the kernel sees it: its name (the interface's), the device its traffic leaves through
 * (the interface itself, or for PPPoE its PPP device), the fwmark that routes through it, its
 * routing table and how it is addressed. Derived from an {@link Interface} with a wan block.
 */
public record Uplink(
        String name,
        String device,
        int slot,
        long mark,
        int table,
        String addressing,
        List<Cidr> gateways,
        List<Cidr> addresses,
        Interface source) {

    public Uplink {
        addresses = List.copyOf(addresses);
        gateways = List.copyOf(gateways);
    }

    /** The mark as nft and ip write it: {@code 0x100}. */
    public String markText() {
        return "0x" + Long.toHexString(mark);
    }

    /**
     * True when the uplink carries IPv6: a static IPv6 address or gateway, or an ipv6 block that
     * learns IPv6 at run time (SLAAC, DHCPv6, a delegated prefix).
     */
    public boolean hasV6() {
        return addresses.stream().anyMatch(Cidr::isV6)
                || gateways.stream().anyMatch(Cidr::isV6)
                || source.ipv6().filter(Interface.Ipv6::dynamic).isPresent();
    }
}
