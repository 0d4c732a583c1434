package dev.flywall.runtime.apply;

import dev.flywall.bundle.BundleJson;
import dev.flywall.bundle.WatchdogFile;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The interfaces a bundle declares ({@code watchdog.json}'s {@code interfaces}), every value that
 * will reach {@code ip} or {@code tc} checked first: a device name as Linux allows it, addresses as
 * literals with a prefix length, an MTU and a rate in range. A bundle that fails a check is refused
 * before anything changes.
 */
record DeclaredLinks(List<Link> links) {

    /**
     * One declared interface, checked. {@code mtu} and {@code rateBps} null when not declared;
     * {@code sysctls}: its {@code net.ipv6.conf.DEVICE.*} settings by name (for an ipv6 block: it
     * accepts router advertisements), empty when it declares none.
     */
    record Link(
            String device,
            boolean managed,
            Integer mtu,
            List<Cidr> addresses,
            Long rateBps,
            java.util.SequencedMap<String, Integer> sysctls) {
        Link {
            addresses = List.copyOf(addresses);
            sysctls = java.util.Collections.unmodifiableSequencedMap(new java.util.LinkedHashMap<>(sysctls));
        }

        Link(String device, boolean managed, Integer mtu, List<Cidr> addresses, Long rateBps) {
            this(device, managed, mtu, addresses, rateBps, new java.util.LinkedHashMap<>());
        }

        /** Whether apply does anything to it: bring it up (managed), shape it or set its sysctls. */
        boolean provisioned() {
            return managed || rateBps != null || !sysctls.isEmpty();
        }
    }

    /**
     * The IPv6 settings of an interface with an ipv6 block: router advertisements accepted although
     * the gateway forwards ({@code accept_ra=2}), SLAAC as declared, the advertised default route at
     * the uplink's metric ({@code ra_defrtr_metric}, Linux 5.18 and later).
     */
    static java.util.SequencedMap<String, Integer> ipv6Sysctls(WatchdogFile.Ipv6 v6) {
        java.util.SequencedMap<String, Integer> out = new java.util.LinkedHashMap<>();
        out.put("accept_ra", 2);
        out.put("autoconf", v6.autoconf() ? 1 : 0);
        out.put("ra_defrtr_metric", v6.routeMetric());
        return out;
    }

    static final DeclaredLinks NONE = new DeclaredLinks(List.of());

    private static final Pattern DEVICE = Pattern.compile("[A-Za-z0-9_.-]{1,15}");

    /** Linux's limits: IPv4 needs 68, and an MTU is 16 bits in most drivers. */
    static final int MIN_MTU = 68;

    static final int MAX_MTU = 65535;

    /** Above this tc's rate parser and HTB's 64-bit rate still agree (1 Tbit/s). */
    private static final long MAX_RATE = 1_000_000_000_000L;

    DeclaredLinks {
        links = List.copyOf(links);
    }

    /** The declared interfaces of {@code bundle}; none for a bundle from before interfaces were provisioned. */
    static DeclaredLinks of(Map<String, String> bundle) throws ApplyException {
        String watchdog = bundle.get("watchdog.json");
        if (watchdog == null || watchdog.isBlank()) {
            return NONE;
        }
        WatchdogFile file;
        try {
            file = BundleJson.watchdog(watchdog);
        } catch (IOException e) {
            throw new ApplyException("the bundle's watchdog.json cannot be read: " + e.getMessage());
        }
        List<Link> links = new ArrayList<>();
        for (WatchdogFile.Interface i : file.interfaces()) {
            links.add(checked(i));
        }
        return new DeclaredLinks(links);
    }

    private static Link checked(WatchdogFile.Interface i) throws ApplyException {
        checkDevice(i.name());
        String where = "interface " + i.name() + " in watchdog.json: ";
        if (i.mtu() != null && (i.mtu() < MIN_MTU || i.mtu() > MAX_MTU)) {
            throw new ApplyException(where + "mtu " + i.mtu() + " is outside " + MIN_MTU + "-" + MAX_MTU);
        }
        List<Cidr> addresses = new ArrayList<>();
        for (String a : i.addresses()) {
            addresses.add(Cidr.parse(a)
                    .orElseThrow(
                            () -> new ApplyException(where + "\"" + a + "\" is not an address with a prefix length")));
        }
        Long rate = null;
        if (i.shaping() != null) {
            rate = i.shaping().rateBps();
            if (rate < 8_000 || rate > MAX_RATE) {
                throw new ApplyException(where + "shaping rate " + rate + " bit/s is outside 8 kbit/s - 1 Tbit/s");
            }
        }
        java.util.SequencedMap<String, Integer> sysctls = new java.util.LinkedHashMap<>();
        if (i.ipv6() != null) {
            if (i.ipv6().routeMetric() < 1) {
                throw new ApplyException(where + "ipv6 route_metric " + i.ipv6().routeMetric() + " is not positive");
            }
            sysctls = ipv6Sysctls(i.ipv6());
        }
        return new Link(i.name(), i.managed(), i.mtu(), addresses, rate, sysctls);
    }

    /** A device name as Linux allows it (and as it can be put on an ip or tc line); else an {@link ApplyException}. */
    static void checkDevice(String device) throws ApplyException {
        if (!DEVICE.matcher(device).matches() || device.equals(".") || device.equals("..")) {
            throw new ApplyException("\"" + device + "\" is not a Linux interface name");
        }
    }

    List<String> devices() {
        return links.stream().map(Link::device).toList();
    }

    boolean shapes() {
        return links.stream().anyMatch(l -> l.rateBps() != null);
    }

    /**
     * A declared interface apply has work for whose device the kernel does not have: refused before
     * anything changes, with the fix, rather than failing halfway through the change.
     */
    void checkPresent(Collection<String> present) throws ApplyException {
        List<String> missing = links.stream()
                .filter(Link::provisioned)
                .map(Link::device)
                .filter(d -> !present.contains(d))
                .toList();
        if (!missing.isEmpty()) {
            throw new ApplyException("this host has no device " + String.join(", ", missing)
                    + " (declared as interface" + (missing.size() > 1 ? "s" : "") + " in the configuration):"
                    + " nothing was changed. Fix: correct the interface name, or create the device first ("
                    + "'ip link show' lists the host's devices)");
        }
    }
}
