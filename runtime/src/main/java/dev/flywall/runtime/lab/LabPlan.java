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
 * the internet hosts, so no probe is addressed outside the lab.
 */
public record LabPlan(
        String name,
        List<Isp> isps,
        List<Lan> lans,
        List<String> internet,
        Map<String, String> targetMap,
        String watchdogJson,
        List<PolicyProbe> policies) {

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
            List<Integer> tcpPorts) {}

    /** A LAN: the gateway's device and address, the client's address. */
    public record Lan(String device, String namespace, String gatewayAddress, String clientAddress, int prefix) {}

    private static final List<String> DOCUMENTATION = List.of("192.0.2.", "198.51.100.", "203.0.113.");

    /** The namespace names of a lab. */
    public static String gatewayNamespace(String name) {
        return name + "-gw";
    }

    public String gateway() {
        return gatewayNamespace(name);
    }

    /** Plans the lab; an {@link IllegalArgumentException} says why a configuration cannot be labbed. */
    public static LabPlan of(String name, Config config, String watchdogJson) throws IOException {
        WatchdogConfig w = WatchdogConfig.parse(watchdogJson);
        List<Cidr> used = new ArrayList<>();
        config.interfaces().forEach(i -> used.addAll(i.addresses()));
        // internet hosts: a documentation range none of the configuration's subnets overlaps
        String base = List.of("203.0.113.", "198.51.100.", "192.0.2.").stream()
                .filter(b -> used.stream().noneMatch(c -> !c.isV6() && overlaps(c, b)))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException(
                        "the configuration's subnets cover every documentation range; the lab has no room for its"
                                + " internet hosts"));
        List<String> internet = new ArrayList<>();
        Map<String, String> targetMap = new LinkedHashMap<>();
        WatchdogFile file = BundleJson.watchdog(watchdogJson);
        List<WatchdogFile.Group> groups = new ArrayList<>();
        for (WatchdogFile.Group g : file.groups()) {
            List<WatchdogFile.Member> members = new ArrayList<>();
            for (WatchdogFile.Member m : g.members()) {
                WatchdogFile.HealthCheck hc = m.healthCheck();
                List<String> targets = hc.targets() == null
                        ? null
                        : hc.targets().stream()
                                .map(t -> map(t, base, internet, targetMap))
                                .toList();
                String url =
                        hc.url() == null || hc.url().isEmpty() ? hc.url() : mapUrl(hc.url(), base, internet, targetMap);
                members.add(m.withHealthCheck(hc.withTargets(targets, url)));
            }
            groups.add(g.withMembers(members));
        }
        WatchdogFile mapped = file.withGroups(groups)
                .withNotifications(mapNotifications(
                        file.notifications(),
                        config.notifications().webhook().map(h -> h.url()),
                        base,
                        internet,
                        targetMap));
        // at least four hosts, so that tests and users have some no health check uses
        while (internet.size() < 4) {
            internet.add(base + (200 + internet.size()));
        }
        List<Isp> isps = new ArrayList<>();
        int k = 0;
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
                        ports));
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
                isps.add(new Isp(u.name(), ns, u.device(), a.addressText(), gw, a.prefix(), false, false, 0, ports));
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
            lans.add(new Lan(
                    i.name(),
                    name + "-lan-" + i.name(),
                    v4.get().addressText(),
                    neighbour(v4.get()),
                    v4.get().prefix()));
        }
        List<PolicyProbe> policies = policies(config, internet);
        List<Isp> withPorts = new ArrayList<>();
        for (Isp isp : isps) {
            TreeSet<Integer> ports = new TreeSet<>(isp.tcpPorts());
            policies.stream().filter(p -> p.protocol().equals("tcp")).forEach(p -> ports.add(p.port()));
            withPorts.add(new Isp(
                    isp.uplink(),
                    isp.namespace(),
                    isp.device(),
                    isp.gatewayAddress(),
                    isp.ispAddress(),
                    isp.prefix(),
                    isp.dynamic(),
                    isp.dhcp(),
                    isp.metric(),
                    new ArrayList<>(ports)));
        }
        return new LabPlan(name, withPorts, lans, internet, targetMap, BundleJson.write(mapped), policies);
    }

    /**
     * The policy routes whose traffic the lab can make: by an interface (not a group), without
     * source or interface conditions, TCP or UDP (or any protocol: then TCP). A destination in a
     * documentation range becomes an internet host too.
     */
    private static List<PolicyProbe> policies(Config config, List<String> internet) {
        List<PolicyProbe> out = new ArrayList<>();
        for (dev.flywall.model.PolicyRoute r : config.policyRoutes()) {
            var m = r.match();
            if (config.group(r.uplink()).isPresent()
                    || !m.sources().isEmpty()
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
            // the first internet host: not in any route's own destination set (those are added below)
            String destination = internet.get(0);
            if (!m.destinations().isEmpty()) {
                Optional<Cidr> cidr = switch (m.destinations().get(0)) {
                    case dev.flywall.model.PolicyRoute.Prefix p -> Optional.of(p.cidr());
                    case dev.flywall.model.PolicyRoute.SetRef ref ->
                        config.ipset(ref.set())
                                .flatMap(set -> set.entries().stream().findFirst())
                                .map(e -> e.cidr());
                };
                if (cidr.isEmpty()
                        || cidr.get().isV6()
                        || !documentation(cidr.get().addressText())) {
                    continue;
                }
                destination = cidr.get().addressText();
                if (!internet.contains(destination)) {
                    internet.add(destination);
                }
            }
            out.add(new PolicyProbe(r.name(), protocol, port, destination, r.uplink(), r.strict()));
        }
        return out;
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

    private static String map(String target, String base, List<String> internet, Map<String, String> targetMap) {
        return targetMap.computeIfAbsent(target, t -> {
            String host = base + (200 + internet.size());
            internet.add(host);
            return host;
        });
    }

    private static String mapUrl(String url, String base, List<String> internet, Map<String, String> targetMap) {
        try {
            URI u = new URI(url);
            String host = map(u.getHost() == null ? url : u.getHost(), base, internet, targetMap);
            // the lab's web servers speak plain HTTP on port 80
            URI mapped = new URI("http", null, host, 80, u.getPath().isEmpty() ? "/" : u.getPath(), u.getQuery(), null);
            targetMap.put(url, mapped.toString());
            return mapped.toString();
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("cannot map the health-check URL " + url + ": " + e.getMessage());
        }
    }

    /**
     * Webhooks and mail go to the lab's internet hosts too: the webhook URL to the web server (which
     * records what it receives), the SMTP server to a mail sink on port 25 (plain SMTP: the sink
     * has no certificate, so STARTTLS is switched off in the lab).
     */
    private static WatchdogFile.Notifications mapNotifications(
            WatchdogFile.Notifications notifications,
            Optional<String> webhookUrl,
            String base,
            List<String> internet,
            Map<String, String> targetMap) {
        WatchdogFile.Webhook webhook = notifications.webhook();
        if (webhook != null) {
            // the bundle refers to the URL in secrets.json; the lab writes its mapped URL out
            String url = webhook.url().literal().orElseGet(webhookUrl::orElseThrow);
            String mapped = mapUrl(url, base, internet, targetMap).replaceFirst("^(http://[^/]+)/", "$1/webhook/");
            targetMap.put(url, mapped);
            webhook = webhook.withUrl(SecretRef.literal(mapped));
        }
        WatchdogFile.Email email = notifications.email();
        if (email != null) {
            String smtp = email.smtp();
            String host = smtp.contains(":") ? smtp.substring(0, smtp.lastIndexOf(':')) : smtp;
            String mapped = map(host, base, internet, targetMap) + ":25";
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
