package dev.flywall.runtime.lab;

import dev.flywall.bundle.BundleJson;
import dev.flywall.bundle.WatchdogFile;
import dev.flywall.model.Cidr;
import dev.flywall.model.Config;
import dev.flywall.model.Interface;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * What {@code flywall lab --peer} builds for the two nodes of an HA pair, decided before anything
 * is touched: the first configuration's gateway in {@code NAME-gw}, the second's in {@code
 * NAME-gw2}; each ISP a bridge in its namespace holding the ISP's address, both gateways' WAN links
 * on it; each LAN a bridge in its client's namespace, both gateways' LAN links on it, the client
 * routed through the LAN's virtual address; the sync interfaces a link between the two gateways.
 * Both nodes' uplinks must be static and share their ISP's link (the same gateway and subnet), as
 * a real pair's do; the sync interface is not a LAN (no client).
 *
 * @param primary the first node's plan (its gateway, ISPs, LANs with the shared client)
 * @param secondary the second node's plan: the same ISPs and LAN clients, its own addresses
 * @param ispRoutes per uplink, where its ISP routes what is addressed to the pair: the uplink's
 *     virtual IPv4 address, or the first node's own address when it has none
 * @param lanGateways per LAN device, the client's default gateway: the LAN's virtual IPv4 address
 * @param virtualAddresses per device, the virtual addresses (CIDR text) the master holds
 * @param sync the sync link
 */
public record LabPair(
        LabPlan primary,
        LabPlan secondary,
        Map<String, String> ispRoutes,
        Map<String, String> lanGateways,
        Map<String, List<String>> virtualAddresses,
        Sync sync) {

    /** The two ends of the sync link: each node's device and address (CIDR text). */
    public record Sync(String primaryDevice, String primaryAddress, String secondaryDevice, String secondaryAddress) {}

    public LabPair {
        // sorted by name: what the lab prints comes out in the same order every time
        ispRoutes = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(ispRoutes));
        lanGateways = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(lanGateways));
        virtualAddresses = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(virtualAddresses));
    }

    /** The second node's gateway namespace. */
    public static String peerNamespace(String name) {
        return name + "-gw2";
    }

    public String name() {
        return primary.name();
    }

    /** Plans the pair; an {@link IllegalArgumentException} says why the two configurations cannot be labbed together. */
    public static LabPair of(String name, Config first, String firstWatchdog, Config second, String secondWatchdog)
            throws IOException {
        WatchdogFile.Ha ha1 = ha(firstWatchdog, "the configuration");
        WatchdogFile.Ha ha2 = ha(secondWatchdog, "the --peer configuration");
        LabPlan a = LabPlan.of(name, first, firstWatchdog);
        LabPlan b = LabPlan.of(name, second, secondWatchdog);
        Map<String, LabPlan.Isp> ispsB = new LinkedHashMap<>();
        b.isps().forEach(i -> ispsB.put(i.uplink(), i));
        for (LabPlan.Isp i : a.isps()) {
            LabPlan.Isp j = ispsB.remove(i.uplink());
            if (j == null) {
                throw new IllegalArgumentException("the uplink " + i.uplink() + " is not an uplink of the --peer"
                        + " configuration; the two nodes of a pair share their ISPs");
            }
            if (i.dynamic() || j.dynamic()) {
                throw new IllegalArgumentException("the uplink " + i.uplink() + " has no static address on both"
                        + " nodes; the lab puts both nodes of a pair on one ISP link, which needs static addresses");
            }
            if (!i.ispAddress().equals(j.ispAddress()) || i.prefix() != j.prefix()) {
                throw new IllegalArgumentException("the uplink " + i.uplink() + " is " + i.gatewayAddress() + "/"
                        + i.prefix() + " via " + i.ispAddress() + " on one node, " + j.gatewayAddress() + "/"
                        + j.prefix() + " via " + j.ispAddress() + " on the other; the two nodes of a pair share"
                        + " their ISP's link");
            }
            if (i.gatewayAddress().equals(j.gatewayAddress())) {
                throw new IllegalArgumentException(
                        "both nodes give " + i.uplink() + " the address " + i.gatewayAddress());
            }
        }
        if (!ispsB.isEmpty()) {
            throw new IllegalArgumentException(
                    "the --peer configuration has uplinks the other has not: " + String.join(", ", ispsB.keySet()));
        }
        Map<String, List<String>> virtual = new LinkedHashMap<>();
        ha1.virtualAddresses().forEach(v -> virtual.put(v.device(), v.addresses()));
        Map<String, String> ispRoutes = new LinkedHashMap<>();
        for (LabPlan.Isp i : a.isps()) {
            ispRoutes.put(i.uplink(), firstV4(virtual.get(i.device())).orElse(i.gatewayAddress()));
        }
        Sync sync = new Sync(
                ha1.syncDevice(),
                withPrefix(first, ha1.syncDevice(), ha1.syncAddress()),
                ha2.syncDevice(),
                withPrefix(second, ha2.syncDevice(), ha2.syncAddress()));
        Map<String, String> lanGateways = new LinkedHashMap<>();
        List<LabPlan.Lan> lansA = new ArrayList<>();
        List<LabPlan.Lan> lansB = new ArrayList<>();
        for (LabPlan.Lan l : a.lans()) {
            if (l.device().equals(ha1.syncDevice())) {
                continue;
            }
            LabPlan.Lan m = b.lans().stream()
                    .filter(x -> x.device().equals(l.device()))
                    .findFirst()
                    .orElseThrow(() -> new IllegalArgumentException(
                            "the LAN " + l.device() + " is not a LAN of the --peer configuration"));
            String gateway = firstV4(virtual.get(l.device()))
                    .orElseThrow(() -> new IllegalArgumentException("the LAN " + l.device() + " has no virtual"
                            + " IPv4 address in ha { }: its client would have no gateway that moves"));
            Cidr subnet = Cidr.parse(l.gatewayAddress() + "/" + l.prefix()).orElseThrow();
            if (!subnet.network()
                    .equals(Cidr.parse(m.gatewayAddress() + "/" + m.prefix())
                            .orElseThrow()
                            .network())) {
                throw new IllegalArgumentException("the LAN " + l.device() + " is " + subnet + " on one node, "
                        + m.gatewayAddress() + "/" + m.prefix() + " on the other");
            }
            Set<String> taken = new TreeSet<>(List.of(l.gatewayAddress(), m.gatewayAddress()));
            virtual.getOrDefault(l.device(), List.of()).forEach(v -> taken.add(v.replaceAll("/.*", "")));
            String client = freeHost(subnet, taken);
            lanGateways.put(l.device(), gateway);
            // the pair's LANs are IPv4 only in the lab: the client's IPv6 gateway would not move
            lansA.add(new LabPlan.Lan(l.device(), l.namespace(), l.gatewayAddress(), client, l.prefix(), "", "", 0));
            lansB.add(new LabPlan.Lan(m.device(), m.namespace(), m.gatewayAddress(), client, m.prefix(), "", "", 0));
        }
        return new LabPair(
                a.withGateway(LabPlan.gatewayNamespace(name), lansA),
                b.withGateway(peerNamespace(name), lansB),
                ispRoutes,
                lanGateways,
                virtual,
                sync);
    }

    private static WatchdogFile.Ha ha(String watchdogJson, String which) throws IOException {
        WatchdogFile.Ha ha = BundleJson.watchdog(watchdogJson).ha();
        if (ha == null) {
            throw new IllegalArgumentException(which + " has no ha { } block; --peer labs the two nodes of an HA pair");
        }
        return ha;
    }

    private static Optional<String> firstV4(List<String> addresses) {
        return addresses == null
                ? Optional.empty()
                : addresses.stream()
                        .filter(x -> !x.contains(":"))
                        .map(x -> x.replaceAll("/.*", ""))
                        .findFirst();
    }

    /** The sync address with its interface's prefix length, as the configuration declares it. */
    private static String withPrefix(Config config, String device, String address) {
        Interface iface = config.interfaces().stream()
                .filter(i -> i.name().equals(device))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("the sync interface " + device + " is not declared"));
        return iface.addresses().stream()
                .filter(c -> c.addressText().equals(address))
                .findFirst()
                .map(c -> c.addressText() + "/" + c.prefix())
                .orElseThrow(() ->
                        new IllegalArgumentException("the sync interface " + device + " has no address " + address));
    }

    /** The highest host address of an IPv4 subnet that none of the nodes uses: the LAN client's. */
    static String freeHost(Cidr subnet, Set<String> taken) {
        byte[] net = subnet.network().address();
        long base = ((net[0] & 0xffL) << 24) | ((net[1] & 0xffL) << 16) | ((net[2] & 0xffL) << 8) | (net[3] & 0xffL);
        long size = 1L << (32 - subnet.prefix());
        for (long a = base + size - 2; a > base; a--) {
            String text = ((a >> 24) & 255) + "." + ((a >> 16) & 255) + "." + ((a >> 8) & 255) + "." + (a & 255);
            if (!taken.contains(text)) {
                return text;
            }
        }
        throw new IllegalArgumentException("the LAN " + subnet.network() + " has no address left for the lab's client");
    }
}
