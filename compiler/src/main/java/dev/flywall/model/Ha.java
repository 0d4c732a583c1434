package dev.flywall.model;

import dev.flywall.source.SourceSpan;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * {@code ha { }}: this gateway as one node of a highly available pair. VRRP (keepalived) moves the
 * {@link #virtualAddresses()} to the master; conntrackd syncs connections with {@link #peer()}
 * over {@link #syncInterface()}. {@code spans} holds where each argument is written (by its
 * name); {@link #span(String)} falls back to the block's header for arguments left to their
 * defaults, which is where pair checks point.
 */
public record Ha(
        int priority,
        Cidr peer,
        String syncInterface,
        int syncPort,
        int routerId,
        Duration advertInterval,
        boolean preempt,
        Duration preemptDelay,
        List<VirtualAddress> virtualAddresses,
        Map<String, SourceSpan> spans,
        SourceSpan span) {

    public Ha {
        Objects.requireNonNull(peer, "peer");
        Objects.requireNonNull(syncInterface, "syncInterface");
        virtualAddresses = List.copyOf(virtualAddresses);
        spans = Map.copyOf(spans);
    }

    /** Where an argument is written, or the block's header when it takes its default. */
    public SourceSpan span(String argument) {
        return spans.getOrDefault(argument, span);
    }

    /** The virtual addresses of one interface, if it has a {@code virtual_address} block. */
    public java.util.Optional<VirtualAddress> on(String iface) {
        return virtualAddresses.stream().filter(v -> v.iface().equals(iface)).findFirst();
    }

    /**
     * {@code virtual_address "IFACE" { addresses }}: the addresses with their prefix length, in file
     * order; {@code addressSpans} where each is written; {@code span} the block's header.
     */
    public record VirtualAddress(
            String iface,
            List<Cidr> addresses,
            List<SourceSpan> addressSpans,
            SourceSpan addressesSpan,
            SourceSpan span) {

        public VirtualAddress {
            addresses = List.copyOf(addresses);
            addressSpans = List.copyOf(addressSpans);
        }

        /** The first IPv4 virtual address: VRRP's own, and the source NAT address of a WAN. */
        public java.util.Optional<Cidr> firstV4() {
            return addresses.stream().filter(a -> !a.isV6()).findFirst();
        }

        /** The first IPv6 virtual address. */
        public java.util.Optional<Cidr> firstV6() {
            return addresses.stream().filter(Cidr::isV6).findFirst();
        }
    }
}
