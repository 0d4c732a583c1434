package dev.flywall.runtime.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flywall.model.Cidr;
import dev.flywall.plan.RulePriorities;
import dev.flywall.runtime.apply.Kernel;
import dev.flywall.runtime.watchdog.WatchdogConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The route sync of the uplinks whose addresses are learned at run time, for both families: what
 * a device learned (read from the kernel, only address literals passed on) and the uplink's table
 * and "from address" rules brought in line with it, one ip batch per family. IPv4 for DHCP and
 * PPPoE uplinks (the gateway, or the device for point-to-point links; the first address), IPv6 for
 * an uplink with dynamic IPv6 (the router advertisements' gateway at the ipv6 block's route metric;
 * every usable global address; the prefix the DHCPv6 hook recorded in the uplink's table).
 */
final class RouteSync {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Kernel kernel;
    private final WatchdogConfig config;

    RouteSync(Kernel kernel, WatchdogConfig config) {
        this.kernel = kernel;
        this.config = config;
    }

    /** An address family as the route sync follows it. */
    enum Family {
        V4("-4", "inet", "default"),
        V6("-6", "inet6", "::/0");

        final String flag;
        final String json;
        final String anyDestination;

        Family(String flag, String json, String anyDestination) {
            this.flag = flag;
            this.json = json;
            this.anyDestination = anyDestination;
        }
    }

    KernelEffects.LinkInfo read(String device, Optional<WatchdogConfig.Uplink> v6)
            throws IOException, InterruptedException {
        Kernel.Result link = kernel.run("", "ip", "-j", "addr", "show", "dev", device);
        if (!link.ok()) {
            return new KernelEffects.LinkInfo(
                    false, false, KernelEffects.Learned.NONE, KernelEffects.Learned.NONE, Optional.empty());
        }
        JsonNode l = JSON.readTree(link.out()).path(0);
        boolean up = false;
        for (JsonNode f : l.path("flags")) {
            up |= f.asText().equals("LOWER_UP");
        }
        KernelEffects.Learned v4 = new KernelEffects.Learned(
                addresses(l, Family.V4).stream().limit(1).toList(), gateway(device, Family.V4));
        if (v6.isEmpty()) {
            return new KernelEffects.LinkInfo(true, up, v4, KernelEffects.Learned.NONE, Optional.empty());
        }
        return new KernelEffects.LinkInfo(
                true,
                up,
                v4,
                new KernelEffects.Learned(addresses(l, Family.V6), gateway(device, Family.V6)),
                delegated(v6.get().table()));
    }

    /** The device's global addresses of a family that are usable (not tentative, deprecated or failed). */
    private static List<InetAddress> addresses(JsonNode link, Family f) {
        List<InetAddress> out = new ArrayList<>();
        for (JsonNode a : link.path("addr_info")) {
            if (a.path("family").asText().equals(f.json)
                    && a.path("scope").asText().equals("global")
                    && !a.path("tentative").asBoolean(false)
                    && !a.path("deprecated").asBoolean(false)
                    && !a.path("dadfailed").asBoolean(false)) {
                KernelEffects.literal(a.path("local").asText()).ifPresent(out::add);
            }
        }
        out.sort(java.util.Comparator.comparing(InetAddress::getHostAddress));
        return out;
    }

    /** The family's default gateway through the device in the main table (IPv6: the router advertisements'). */
    private Optional<InetAddress> gateway(String device, Family f) throws IOException, InterruptedException {
        Kernel.Result routes = kernel.run("", "ip", "-j", f.flag, "route", "show", "default", "dev", device);
        if (routes.ok() && !routes.out().isBlank()) {
            for (JsonNode r : JSON.readTree(routes.out())) {
                if (r.has("gateway")) {
                    return KernelEffects.literal(r.get("gateway").asText());
                }
            }
        }
        return Optional.empty();
    }

    /** The prefix recorded in the uplink's table by its DHCPv6 client's hook. */
    private Optional<String> delegated(int table) throws IOException, InterruptedException {
        Kernel.Result routes = kernel.run(
                "",
                "ip",
                "-j",
                "-6",
                "route",
                "show",
                "table",
                Integer.toString(table),
                "proto",
                "dhcp",
                "type",
                "unreachable");
        if (routes.ok() && !routes.out().isBlank()) {
            for (JsonNode r : JSON.readTree(routes.out())) {
                Optional<Cidr> c = Cidr.parse(r.path("dst").asText(""));
                if (c.isPresent() && c.get().isV6() && c.get().equals(c.get().network())) {
                    return Optional.of(c.get().toString());
                }
            }
        }
        return Optional.empty();
    }

    /**
     * Points a followed uplink's table at its current gateways and its "from address" rules at its
     * current addresses, per family: IPv4 for DHCP and PPPoE uplinks (the gateway, or straight at
     * the device for point-to-point links such as PPPoE; the first address), IPv6 for an uplink with
     * dynamic IPv6 (the router advertisements' gateway, at the ipv6 block's route metric; every
     * usable global address). What apply installed for a static family is left as it is.
     */
    void syncRoutes(WatchdogConfig.Uplink u, KernelEffects.LinkInfo info, Optional<WatchdogConfig.Ipv6> v6)
            throws IOException, InterruptedException {
        if (!info.exists()) {
            return;
        }
        if (u.dynamic()) {
            Optional<String> route = info.up()
                    ? Optional.of(info.gateway()
                            .map(g -> "via " + g.getHostAddress() + " dev " + u.device() + " onlink")
                            .orElse("dev " + u.device()))
                    : Optional.empty();
            follow(Family.V4, u, route, info.v4().addresses());
        }
        if (v6.isPresent()) {
            Optional<String> route = info.up()
                    ? info.v6()
                            .gateway()
                            .map(g -> "via " + g.getHostAddress() + " dev " + u.device() + " metric "
                                    + v6.get().routeMetric())
                    : Optional.empty();
            follow(Family.V6, u, route, info.v6().addresses());
        }
    }

    /** One family's default route in the uplink's table and its "from address" rules, in one ip batch. */
    private void follow(Family f, WatchdogConfig.Uplink u, Optional<String> nextHop, List<InetAddress> addresses)
            throws IOException, InterruptedException {
        List<String> batch = new ArrayList<>();
        nextHop.ifPresent(hop -> batch.add("route replace " + f.anyDestination + " " + hop + " table " + u.table()
                + " proto " + RulePriorities.PROTOCOL));
        int priority = config.fromAddressPriority(u);
        List<String> wanted =
                addresses.stream().map(InetAddress::getHostAddress).toList();
        List<String> present = new ArrayList<>();
        Kernel.Result rules =
                kernel.run("", "ip", "-j", f.flag, "rule", "show", "priority", Integer.toString(priority));
        if (rules.ok() && !rules.out().isBlank()) {
            for (JsonNode r : JSON.readTree(rules.out())) {
                Optional<InetAddress> src = KernelEffects.literal(r.path("src").asText(""));
                if (src.isEmpty()) {
                    continue;
                }
                String text = src.get().getHostAddress();
                if (wanted.contains(text)) {
                    present.add(text);
                } else {
                    batch.add("rule del priority " + priority + " from " + text + " lookup " + u.table());
                }
            }
        }
        wanted.stream()
                .filter(a -> !present.contains(a))
                .forEach(a -> batch.add("rule add priority " + priority + " from " + a + " lookup " + u.table()
                        + " protocol " + RulePriorities.PROTOCOL));
        if (batch.isEmpty()) {
            return;
        }
        // ip rule does not tell the family from the address: the batch is of one family
        Kernel.Result r = kernel.run(String.join("\n", batch) + "\n", "ip", f.flag, "-batch", "-");
        if (!r.ok()) {
            throw new IOException("ip refused the route update of " + u.name() + ": "
                    + r.err().strip());
        }
    }
}
