package dev.flywall.runtime.lab;

import dev.flywall.bundle.BundleJson;
import dev.flywall.bundle.SecretRef;
import dev.flywall.bundle.WatchdogFile;
import dev.flywall.model.Cidr;
import dev.flywall.model.Config;
import dev.flywall.model.Interface;
import dev.flywall.runtime.watchdog.WatchdogConfig;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * What {@code flywall lab} builds for a configuration, decided before anything is touched: one
 * fake ISP namespace per WAN, the gateway namespace with the configuration's interface names, a
 * client namespace per LAN interface, and the "internet" hosts every ISP holds. Only
 * documentation ranges are used on the WAN side; health-check targets and URLs are mapped onto
 * the internet hosts, so no probe is addressed outside the lab. Dual-stack: every ISP link has an
 * IPv6 prefix too (the uplink's declared one, or one of the lab's in 2001:db8:ff00::/40), the
 * internet hosts answer on IPv6 ({@link #internet6}, in a /64 of their own), IPv6 targets are
 * mapped onto IPv6 hosts and IPv4 ones onto IPv4 hosts, and a LAN with an IPv6 prefix gets a
 * client address in it.
 */
public record LabPlan(
        String name,
        List<Isp> isps,
        List<Lan> lans,
        List<String> internet,
        Map<String, String> targetMap,
        String watchdogJson,
        List<PolicyProbe> policies,
        List<String> internet6,
        String gateway) {

    /**
     * Traffic that one policy route should catch, for {@code lab run --scenario policy}: a
     * protocol, a destination port and host (an internet host, or a host of the route's own
     * destination when that is in a documentation range), and the interface it must leave by.
     */
    public record PolicyProbe(
            String route, String protocol, int port, String destination, String uplink, boolean strict) {}

    /**
     * A WAN: the gateway's device and address, the ISP's address on the link (its gateway). A
     * {@code dynamic} uplink's address is given by the lab: with {@code dhcp} (a managed DHCP
     * interface) the ISP's DHCP server hands it out and the daemon's DHCP client takes it;
     * otherwise (PPPoE, which cannot run here, or a host-managed interface) the lab sets the
     * address and a default route of that {@code metric} as a client would.
     */
    public record Isp(
            String uplink,
            String namespace,
            String device,
            String gatewayAddress,
            String ispAddress,
            int prefix,
            boolean dynamic,
            boolean dhcp,
            int metric,
            List<Integer> tcpPorts,
            String gatewayAddress6,
            String ispAddress6,
            int prefix6,
            List<String> routed6,
            boolean dynamic6,
            boolean dhcp6,
            String delegated6) {

        /**
         * The IPv6 side of the link: {@code ispAddress6}/{@code prefix6} is the ISP's; {@code
         * gatewayAddress6} the gateway's static IPv6 address ("" when the configuration declares
         * none: the lab does not give it one); {@code routed6} the prefixes the ISP routes to the
         * gateway's link address (the uplink's static NPT outside prefix). {@code dynamic6}: the
         * interface learns IPv6 (an {@code ipv6} block): the ISP sends router advertisements of its
         * /64, and with {@code dhcp6} hands out an address by DHCPv6, with {@code delegated6} (not
         * "") delegates that /60 by DHCPv6-PD ({@link LabDhcp#serve6}).
         */
        public Isp {
            tcpPorts = List.copyOf(tcpPorts);
            routed6 = List.copyOf(routed6);
        }

        Isp withPorts(List<Integer> ports) {
            return new Isp(
                    uplink,
                    namespace,
                    device,
                    gatewayAddress,
                    ispAddress,
                    prefix,
                    dynamic,
                    dhcp,
                    metric,
                    ports,
                    gatewayAddress6,
                    ispAddress6,
                    prefix6,
                    routed6,
                    dynamic6,
                    dhcp6,
                    delegated6);
        }

        /** The ISP's dynamic IPv6 servers, for {@link LabDhcp#serve6}; empty when the uplink learns no IPv6. */
        public Optional<LabDhcp.Ipv6Isp> ipv6Isp(String gatewayNamespace) {
            if (!dynamic6) {
                return Optional.empty();
            }
            Cidr link = Cidr.parse(ispAddress6 + "/" + prefix6).orElseThrow().network();
            return Optional.of(new LabDhcp.Ipv6Isp(
                    uplink,
                    namespace,
                    "eth0",
                    gatewayNamespace,
                    device,
                    link.addressText() + "/" + link.prefix(),
                    ispAddress6,
                    dhcp6,
                    delegated6.isEmpty() ? Optional.empty() : Optional.of(delegated6)));
        }
    }

    /**
     * A LAN: the gateway's device and address, the client's address; the same for IPv6 when the
     * interface has an IPv6 address ("" and 0 otherwise).
     */
    public record Lan(
            String device,
            String namespace,
            String gatewayAddress,
            String clientAddress,
            int prefix,
            String gatewayAddress6,
            String clientAddress6,
            int prefix6) {}

    private static final List<String> DOCUMENTATION = List.of("192.0.2.", "198.51.100.", "203.0.113.");

    /** The namespace names of a lab. */
    public static String gatewayNamespace(String name) {
        return name + "-gw";
    }

    /**
     * The same plan for another gateway namespace and LANs: the second node of an HA pair
     * ({@link LabPair}), which shares the ISPs and the LAN clients of the first.
     */
    LabPlan withGateway(String namespace, List<Lan> lans) {
        return new LabPlan(name, isps, lans, internet, targetMap, watchdogJson, policies, internet6, namespace);
    }

    /** Plans the lab; an {@link IllegalArgumentException} says why a configuration cannot be labbed. */
    public static LabPlan of(String name, Config config, String watchdogJson) throws IOException {
        WatchdogConfig w = WatchdogConfig.parse(watchdogJson);
        List<Cidr> used = new ArrayList<>();
        config.interfaces().forEach(i -> used.addAll(i.addresses()));
        WatchdogFile file = BundleJson.watchdog(watchdogJson);
        for (WatchdogFile.Uplink u : file.uplinks()) {
            if (u.nat6() != null) {
                for (String prefix :
                        java.util.Arrays.asList(u.nat6().inside(), u.nat6().outside())) {
                    if (prefix != null) {
                        Cidr.parse(prefix).ifPresent(used::add);
                    }
                }
            }
        }
        // internet hosts: a documentation range none of the configuration's subnets overlaps
        String base = List.of("203.0.113.", "198.51.100.", "192.0.2.").stream()
                .filter(b -> used.stream().noneMatch(c -> !c.isV6() && overlaps(c, b)))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException(
                        "the configuration's subnets cover every documentation range; the lab has no room for its"
                                + " internet hosts"));
        // the lab's own IPv6: a /40 of the documentation range that none of the configuration's uses
        String block6 = List.of("2001:db8:ff", "2001:db8:fe", "2001:db8:fd").stream()
                .filter(b -> used.stream()
                        .noneMatch(c ->
                                c.isV6() && c.overlaps(Cidr.parse(b + "00::/40").orElseThrow())))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException(
                        "the configuration's IPv6 subnets cover 2001:db8:fd00::/40 to 2001:db8:ffff::/40; the lab"
                                + " has no room for its IPv6 links and internet hosts"));
        Hosts hosts = new Hosts(base, block6 + "ff::");
        Map<String, String> targetMap = hosts.targetMap;
        List<WatchdogFile.Group> groups = new ArrayList<>();
        for (WatchdogFile.Group g : file.groups()) {
            List<WatchdogFile.Member> members = new ArrayList<>();
            for (WatchdogFile.Member m : g.members()) {
                WatchdogFile.HealthCheck hc = m.healthCheck();
                List<String> targets = hc.targets() == null
                        ? null
                        : hc.targets().stream().map(hosts::map).toList();
                String url = hc.url() == null || hc.url().isEmpty() ? hc.url() : hosts.mapUrl(hc.url());
                members.add(m.withHealthCheck(hc.withTargets(targets, url)));
            }
            groups.add(g.withMembers(members));
        }
        WatchdogFile mapped = file.withGroups(groups)
                .withNotifications(mapNotifications(
                        file.notifications(), config.notifications().webhook().map(h -> h.url()), hosts));
        List<String> internet = hosts.internet;
        // at least four hosts, so that tests and users have some no health check uses (two for IPv6)
        while (internet.size() < 4) {
            internet.add(base + (200 + internet.size()));
        }
        while (hosts.internet6.size() < 2) {
            hosts.internet6.add(hosts.host6(hosts.internet6.size()));
        }
        List<Isp> isps = new ArrayList<>();
        int k = 0;
        int slot = 0;
        for (WatchdogConfig.Uplink u : w.uplinks()) {
            Interface iface = config.interfaces().stream()
                    .filter(i -> i.name().equals(u.name()))
                    .findFirst()
                    .orElseThrow();
            String ns = name + "-isp-" + u.name();
            List<Integer> ports = new ArrayList<>(new TreeSet<>(w.groups().stream()
                    .flatMap(g -> g.member(u.name()).stream())
                    .map(WatchdogConfig.Member::healthCheck)
                    .filter(h -> h.type().equals("tcp"))
                    .map(WatchdogConfig.HealthCheck::port)
                    .toList()));
            Link6 link6 = link6(u, iface, block6, slot++);
            WatchdogFile.Ipv6 ipv6 = file.interfaces().stream()
                    .filter(i -> i.name().equals(u.name()))
                    .findFirst()
                    .map(WatchdogFile.Interface::ipv6)
                    .orElse(null);
            List<String> routed6 = file.uplinks().stream()
                    .filter(x -> x.name().equals(u.name())
                            && x.nat6() != null
                            && x.nat6().mode() == WatchdogFile.Nat6Mode.NPT
                            && x.nat6().outside() != null)
                    .map(x -> x.nat6().outside())
                    .toList();
            Optional<Cidr> v4 =
                    iface.addresses().stream().filter(c -> !c.isV6()).findFirst();
            if (u.dynamic() || v4.isEmpty()) {
                if (k >= 50) {
                    throw new IllegalArgumentException("the lab gives at most 50 dynamic uplinks a link of their own");
                }
                String net = "198.51.100.";
                if (!base.equals(net) && used.stream().anyMatch(c -> !c.isV6() && overlaps(c, net))) {
                    throw new IllegalArgumentException(
                            "the configuration uses 198.51.100.0/24, which the lab gives" + " its DHCP uplinks");
                }
                boolean dhcp = u.addressing().equals("dhcp")
                        && file.interfaces().stream()
                                .anyMatch(i -> i.name().equals(u.name()) && i.managed() && i.dhcp() != null);
                isps.add(new Isp(
                        u.name(),
                        ns,
                        u.device(),
                        net + (4 * k + 2),
                        net + (4 * k + 1),
                        30,
                        true,
                        dhcp,
                        100 + 10 * k,
                        ports,
                        link6.gateway(),
                        link6.isp(),
                        link6.prefix(),
                        routed6,
                        ipv6 != null,
                        ipv6 != null && ipv6.dhcp(),
                        ipv6 != null && ipv6.prefixDelegation()
                                ? block6 + String.format("%02x", 0x40 + slot - 1) + "::/60"
                                : ""));
                k++;
            } else {
                Cidr a = v4.get();
                String gw = u.gateways().stream()
                        .filter(g -> !g.contains(":"))
                        .findFirst()
                        .orElseThrow(() ->
                                new IllegalArgumentException(u.name() + " has a static address but no IPv4 gateway"));
                if (!documentation(a.addressText()) || !documentation(gw)) {
                    throw new IllegalArgumentException(u.name() + " uses " + a + " via " + gw + "; the lab only uses"
                            + " documentation ranges on the WAN side (192.0.2.0/24, 198.51.100.0/24, 203.0.113.0/24)");
                }
                isps.add(new Isp(
                        u.name(),
                        ns,
                        u.device(),
                        a.addressText(),
                        gw,
                        a.prefix(),
                        false,
                        false,
                        0,
                        ports,
                        link6.gateway(),
                        link6.isp(),
                        link6.prefix(),
                        routed6,
                        ipv6 != null,
                        ipv6 != null && ipv6.dhcp(),
                        ipv6 != null && ipv6.prefixDelegation()
                                ? block6 + String.format("%02x", 0x40 + slot - 1) + "::/60"
                                : ""));
            }
        }
        List<Lan> lans = new ArrayList<>();
        for (Interface i : config.interfaces()) {
            if (i.isWan()) {
                continue;
            }
            Optional<Cidr> v4 = i.addresses().stream().filter(c -> !c.isV6()).findFirst();
            if (v4.isEmpty()) {
                continue;
            }
            Optional<Cidr> v6 = i.addresses().stream()
                    .filter(c -> c.isV6() && !c.isHost() && !LINK_LOCAL.contains(c))
                    .findFirst();
            lans.add(new Lan(
                    i.name(),
                    name + "-lan-" + i.name(),
                    v4.get().addressText(),
                    neighbour(v4.get()),
                    v4.get().prefix(),
                    v6.map(Cidr::addressText).orElse(""),
                    v6.map(c -> neighbour6(c).addressText()).orElse(""),
                    v6.map(Cidr::prefix).orElse(0)));
        }
        List<PolicyProbe> policies = policies(config, hosts, lans);
        List<Isp> withPorts = new ArrayList<>();
        for (Isp isp : isps) {
            TreeSet<Integer> ports = new TreeSet<>(isp.tcpPorts());
            policies.stream().filter(p -> p.protocol().equals("tcp")).forEach(p -> ports.add(p.port()));
            withPorts.add(isp.withPorts(new ArrayList<>(ports)));
        }
        return new LabPlan(
                name,
                withPorts,
                lans,
                internet,
                targetMap,
                BundleJson.write(mapped),
                policies,
                hosts.internet6,
                gatewayNamespace(name));
    }

    private static final Cidr LINK_LOCAL = Cidr.parse("fe80::/10").orElseThrow();
    private static final Cidr DOCUMENTATION6 = Cidr.parse("2001:db8::/32").orElseThrow();

    /** The IPv6 side of an ISP link: the gateway's address ("" for none), the ISP's, the length. */
    private record Link6(String gateway, String isp, int prefix) {}

    /**
     * A static IPv6 address of the uplink (and its IPv6 gateway) is used as it is, like the IPv4
     * one; otherwise the ISP gets the first address of a /64 of the lab's block and the gateway
     * none (an uplink that learns IPv6 gets it from the ISP).
     */
    private static Link6 link6(WatchdogConfig.Uplink u, Interface iface, String block6, int slot) {
        Optional<Cidr> a = iface.addresses().stream()
                .filter(c -> c.isV6() && !LINK_LOCAL.contains(c))
                .findFirst();
        if (a.isEmpty()) {
            if (slot > 0x3f) {
                // 2001:db8:ff00-ff3f::/64: links; ff40-ffbf: delegated /60s; ffff: internet hosts
                throw new IllegalArgumentException("the lab gives at most 64 uplinks an IPv6 link of their own");
            }
            return new Link6("", block6 + String.format("%02x", slot) + "::1", 64);
        }
        Cidr address = a.get();
        String gw = u.gateways().stream()
                .filter(g -> g.contains(":"))
                .findFirst()
                .orElseGet(() -> {
                    Cidr first = plus(address.network(), 1);
                    return (first.addressText().equals(address.addressText()) ? plus(address.network(), 2) : first)
                            .addressText();
                });
        if (!DOCUMENTATION6.contains(address)
                || !DOCUMENTATION6.contains(Cidr.parse(gw).orElseThrow())) {
            throw new IllegalArgumentException(u.name() + " uses " + address + " via " + gw + "; the lab only uses"
                    + " documentation ranges on the WAN side (2001:db8::/32 for IPv6)");
        }
        return new Link6(address.addressText(), gw, address.prefix());
    }

    /** The address {@code n} after a prefix's network address (a host prefix). */
    private static Cidr plus(Cidr network, long n) {
        byte[] b = network.address();
        long carry = n;
        for (int i = b.length - 1; i >= 0 && carry != 0; i--) {
            long v = (b[i] & 0xff) + carry;
            b[i] = (byte) v;
            carry = v >> 8;
        }
        return new Cidr(b, b.length * 8);
    }

    /** The IPv6 client's address: the gateway's plus one (minus one when that is the last of the prefix). */
    private static Cidr neighbour6(Cidr c) {
        Cidr next = plus(new Cidr(c.address(), 128), 1);
        Cidr client = c.network().contains(next) && !next.equals(last(c)) ? next : plus(new Cidr(c.address(), 128), -1);
        return client;
    }

    private static Cidr last(Cidr c) {
        byte[] b = c.network().address();
        for (int bit = c.prefix(); bit < 128; bit++) {
            b[bit / 8] |= (byte) (0x80 >>> (bit % 8));
        }
        return new Cidr(b, 128);
    }

    /** The internet hosts as they are handed out: IPv4 and IPv6 ones, and what was mapped onto them. */
    private static final class Hosts {
        final String base;
        final String base6;
        final List<String> internet = new ArrayList<>();
        final List<String> internet6 = new ArrayList<>();
        final Map<String, String> targetMap = new LinkedHashMap<>();

        Hosts(String base, String base6) {
            this.base = base;
            this.base6 = base6;
        }

        String host6(int n) {
            return Cidr.parse(base6 + Integer.toHexString(0x200 + n))
                    .orElseThrow()
                    .addressText();
        }

        /** An IPv6 literal onto an IPv6 host, anything else (IPv4, a name) onto an IPv4 one. */
        String map(String target) {
            return targetMap.computeIfAbsent(target, t -> {
                if (Cidr.parse(t).filter(Cidr::isV6).isPresent()) {
                    String host = host6(internet6.size());
                    internet6.add(host);
                    return host;
                }
                String host = base + (200 + internet.size());
                internet.add(host);
                return host;
            });
        }

        String mapUrl(String url) {
            try {
                URI u = new URI(url);
                String from = u.getHost() == null ? url : u.getHost().replaceAll("^\\[|\\]$", "");
                String host = map(from);
                // the lab's web servers speak plain HTTP on port 80
                URI mapped =
                        new URI("http", null, host, 80, u.getPath().isEmpty() ? "/" : u.getPath(), u.getQuery(), null);
                targetMap.put(url, mapped.toString());
                return mapped.toString();
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException("cannot map the health-check URL " + url + ": " + e.getMessage());
            }
        }
    }

    /**
     * The policy routes whose traffic the lab can make: by an interface (not a group), without
     * source-port or interface conditions, TCP or UDP (or any protocol: then TCP), and with a
     * source condition only when the first LAN client's address (of the route's family) is in it.
     * A destination in a documentation range (IPv4, or 2001:db8::/32) becomes an internet host too.
     */
    private static List<PolicyProbe> policies(Config config, Hosts hosts, List<Lan> lans) {
        List<PolicyProbe> out = new ArrayList<>();
        for (dev.flywall.model.PolicyRoute r : config.policyRoutes()) {
            var m = r.match();
            if (config.group(r.uplink()).isPresent()
                    || !m.sourcePorts().isEmpty()
                    || !m.interfaces().isEmpty()) {
                continue;
            }
            List<String> protocols = m.protocols().stream()
                    .map(dev.flywall.model.PolicyRoute.Protocol::name)
                    .toList();
            String protocol =
                    protocols.isEmpty() || protocols.contains("tcp") ? "tcp" : protocols.contains("udp") ? "udp" : null;
            if (protocol == null) {
                continue;
            }
            int port = m.destPorts().isEmpty() ? 80 : m.destPorts().get(0).first();
            List<Cidr> sources =
                    m.sources().stream().flatMap(a -> cidrs(config, a).stream()).toList();
            Optional<Cidr> first = m.destinations().isEmpty()
                    ? Optional.empty()
                    : cidrs(config, m.destinations().get(0)).stream().findFirst();
            if (!m.destinations().isEmpty() && first.isEmpty()) {
                continue;
            }
            boolean v6 = first.map(Cidr::isV6)
                    .orElse(!sources.isEmpty() && sources.get(0).isV6());
            if (!sources.isEmpty()) {
                Optional<Cidr> client = lans.stream()
                        .findFirst()
                        .map(l -> v6 ? l.clientAddress6() : l.clientAddress())
                        .filter(t -> !t.isEmpty())
                        .flatMap(Cidr::parse);
                if (client.isEmpty() || sources.stream().noneMatch(c -> c.contains(client.get()))) {
                    continue;
                }
            }
            // the first internet host: not in any route's own destination set (those are added below)
            String destination = v6 ? hosts.internet6.get(0) : hosts.internet.get(0);
            if (first.isPresent()) {
                Cidr cidr = first.get();
                if (cidr.isV6() ? !DOCUMENTATION6.contains(cidr) : !documentation(cidr.addressText())) {
                    continue;
                }
                destination = cidr.addressText();
                List<String> internet = cidr.isV6() ? hosts.internet6 : hosts.internet;
                if (!internet.contains(destination)) {
                    internet.add(destination);
                }
            }
            out.add(new PolicyProbe(r.name(), protocol, port, destination, r.uplink(), r.strict()));
        }
        return out;
    }

    /** The prefixes of an address match: its own, or its set's entries. */
    private static List<Cidr> cidrs(Config config, dev.flywall.model.PolicyRoute.AddressMatch match) {
        return switch (match) {
            case dev.flywall.model.PolicyRoute.Prefix p -> List.of(p.cidr());
            case dev.flywall.model.PolicyRoute.SetRef ref ->
                config.ipset(ref.set())
                        .map(set -> set.entries().stream().map(e -> e.cidr()).toList())
                        .orElse(List.of());
        };
    }

    private static boolean documentation(String address) {
        return DOCUMENTATION.stream().anyMatch(address::startsWith);
    }

    /** Whether a configured IPv4 subnet overlaps the /24 that starts with {@code base}. */
    private static boolean overlaps(Cidr c, String base) {
        return c.overlaps(Cidr.parse(base + "0/24").orElseThrow());
    }

    private static long v4(String text) {
        String[] p = text.split("\\.");
        return (Long.parseLong(p[0]) << 24)
                | (Long.parseLong(p[1]) << 16)
                | (Long.parseLong(p[2]) << 8)
                | Long.parseLong(p[3]);
    }

    /** The client's address: the gateway's plus one (minus one at the top of the subnet). */
    private static String neighbour(Cidr c) {
        long a = v4(c.addressText());
        long size = 1L << (32 - c.prefix());
        long net = a & ~(size - 1);
        long client = a + 1 < net + size - 1 ? a + 1 : a - 1;
        return ((client >> 24) & 255) + "." + ((client >> 16) & 255) + "." + ((client >> 8) & 255) + "."
                + (client & 255);
    }

    /**
     * Webhooks and mail go to the lab's internet hosts too: the webhook URL to the web server (which
     * records what it receives), the SMTP server to a mail sink on port 25 (plain SMTP: the sink
     * has no certificate, so STARTTLS is switched off in the lab).
     */
    private static WatchdogFile.Notifications mapNotifications(
            WatchdogFile.Notifications notifications, Optional<String> webhookUrl, Hosts hosts) {
        Map<String, String> targetMap = hosts.targetMap;
        WatchdogFile.Webhook webhook = notifications.webhook();
        if (webhook != null) {
            // the bundle refers to the URL in secrets.json; the lab writes its mapped URL out
            String url = webhook.url().literal().orElseGet(webhookUrl::orElseThrow);
            String mapped = hosts.mapUrl(url).replaceFirst("^(http://[^/]+)/", "$1/webhook/");
            targetMap.put(url, mapped);
            webhook = webhook.withUrl(SecretRef.literal(mapped));
        }
        WatchdogFile.Email email = notifications.email();
        if (email != null) {
            String smtp = email.smtp();
            String host = smtp.contains(":") ? smtp.substring(0, smtp.lastIndexOf(':')) : smtp;
            String mapped = hosts.map(host) + ":25";
            targetMap.put(smtp, mapped + " (plain SMTP, no STARTTLS)");
            email = email.withServer(mapped, false);
        }
        return new WatchdogFile.Notifications(email, webhook);
    }

    /** The HTTP status each mapped URL path must answer with, for the lab's web servers. */
    public Map<String, Integer> httpStatuses() throws IOException {
        return httpStatuses(watchdogJson);
    }

    /** The same, from a (mapped) watchdog.json: what {@code flywall lab serve} reads back from lab.json. */
    public static Map<String, Integer> httpStatuses(String watchdogJson) throws IOException {
        Map<String, Integer> out = new LinkedHashMap<>();
        for (WatchdogFile.Group g : BundleJson.watchdog(watchdogJson).groups()) {
            for (WatchdogFile.Member m : g.members()) {
                WatchdogFile.HealthCheck hc = m.healthCheck();
                if (hc.type() == WatchdogFile.CheckType.HTTP) {
                    out.put(URI.create(hc.url()).getPath(), hc.expectedStatus() == null ? 200 : hc.expectedStatus());
                }
            }
        }
        return out;
    }
}
