package dev.flywall.runtime.probe;

import java.net.InetAddress;
import java.util.Objects;
import java.util.Optional;

/**
 * How the probes of one uplink leave the gateway. A health check must test its own WAN even when
 * the main routing table points elsewhere (the other WAN is the default, or this one was just
 * taken out of service), so every probe socket is bound to {@code device} with
 * {@code SO_BINDTODEVICE} and carries {@code mark}, the uplink's fwmark, which the per-WAN
 * {@code ip rule fwmark … lookup <table>} routes through this WAN's gateway.
 *
 * @param device the WAN's network device, e.g. {@code wan1}
 * @param mark the uplink's fwmark; 0 sets none
 * @param source the WAN's current address, when known: probes to targets of its family are sent
 *     from it, so replies come back to this WAN even when the device holds several addresses
 */
public record Egress(String device, long mark, Optional<InetAddress> source) {

    public Egress {
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(source, "source");
    }
}
