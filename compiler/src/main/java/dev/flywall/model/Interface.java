package dev.flywall.model;

import dev.flywall.source.SourceSpan;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * {@code interface "NAME"}: a network interface of the gateway, with its zone and addressing;
 * a {@code wan} block makes it an uplink.
 */
public record Interface(
        String name,
        String zone,
        boolean dhcp,
        List<Cidr> addresses,
        List<Cidr> gateways,
        OptionalInt mtu,
        Optional<Pppoe> pppoe,
        Optional<Wan> wan,
        Optional<HealthCheck> healthCheck,
        Optional<Ipv6> ipv6,
        SourceSpan span) {

    public Interface {
        addresses = List.copyOf(addresses);
        gateways = List.copyOf(gateways);
    }

    public boolean isWan() {
        return wan.isPresent();
    }

    /** How the interface gets its address: "dhcp", "pppoe" or "static". */
    public String addressing() {
        return pppoe.isPresent() ? "pppoe" : dhcp ? "dhcp" : "static";
    }

    /** {@code wan { priority, weight, bandwidth, table, mark }}; table and mark empty when assigned. */
    public record Wan(
            int priority,
            int weight,
            Optional<Bandwidth> bandwidth,
            OptionalInt table,
            OptionalInt mark,
            SourceSpan span) {}

    /**
     * {@code pppoe { username, password, device }}: {@code device} is the PPP device pppd creates,
     * {@code "ppp-" + NAME} unless given; {@code deviceSpan} where it is written (or the block).
     */
    public record Pppoe(String username, Secret password, String device, SourceSpan deviceSpan, SourceSpan span) {

        /** The PPP device of an interface that does not name one. */
        public static String defaultDevice(String iface) {
            return "ppp-" + iface;
        }
    }

    /**
     * {@code ipv6 { autoconf dhcp prefix_delegation nat prefix lan_prefix }} of an uplink:
     * what it learns at run time (SLAAC, a DHCPv6 address, a delegated prefix) and how the LAN's
     * IPv6 traffic leaves by it. {@code prefix} is the NPT outside prefix (empty: the delegated
     * one), {@code lanPrefix} the inside prefix (empty: the LAN side's one IPv6 prefix, see
     * {@link Config#lanIpv6Prefixes()}). The spans point at each argument where written, else at
     * the block's header.
     */
    public record Ipv6(
            boolean autoconf,
            boolean dhcp,
            boolean prefixDelegation,
            Nat6 nat,
            Optional<Cidr> prefix,
            Optional<Cidr> lanPrefix,
            SourceSpan natSpan,
            SourceSpan prefixSpan,
            SourceSpan lanPrefixSpan,
            SourceSpan span) {

        /** True when the uplink learns IPv6 at run time (an address, a router or a prefix). */
        public boolean dynamic() {
            return autoconf || dhcp || prefixDelegation;
        }

        /** True when the uplink gets an IPv6 address of its own at run time (SLAAC or DHCPv6). */
        public boolean dynamicAddress() {
            return autoconf || dhcp;
        }
    }

    /** {@code ipv6 { nat }}: how the LAN's IPv6 source addresses leave by an uplink. */
    public enum Nat6 {
        NONE("none"),
        NPT("npt"),
        MASQUERADE("masquerade");

        private final String word;

        Nat6(String word) {
            this.word = word;
        }

        public String word() {
            return word;
        }

        public static Nat6 of(String word) {
            for (Nat6 n : values()) {
                if (n.word.equals(word)) {
                    return n;
                }
            }
            throw new IllegalArgumentException("no nat mode " + word);
        }
    }

    /** The uplink's IPv6 translation: {@link Nat6#NONE} without an ipv6 block. */
    public Nat6 nat6() {
        return ipv6.map(Ipv6::nat).orElse(Nat6.NONE);
    }

    /**
     * True when the interface carries IPv6: a static IPv6 address or gateway, or an ipv6 block
     * that learns IPv6 at run time.
     */
    public boolean carriesIpv6() {
        return addresses.stream().anyMatch(Cidr::isV6)
                || gateways.stream().anyMatch(Cidr::isV6)
                || ipv6.filter(Ipv6::dynamic).isPresent();
    }

    /**
     * The device the interface's traffic leaves through: its PPP device for PPPoE, otherwise the
     * interface itself.
     */
    public String device() {
        return pppoe.map(Pppoe::device).orElse(name);
    }
}
