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
     * The device the interface's traffic leaves through: its PPP device for PPPoE, otherwise the
     * interface itself.
     */
    public String device() {
        return pppoe.map(Pppoe::device).orElse(name);
    }
}
