package dev.flywall.runtime.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flywall.model.Cidr;
import dev.flywall.plan.Distribution;
import dev.flywall.plan.MarkLayout;
import dev.flywall.plan.RulePriorities;
import dev.flywall.runtime.apply.ConntrackFlush;
import dev.flywall.runtime.apply.Kernel;
import dev.flywall.runtime.apply.NftSession;
import dev.flywall.runtime.watchdog.WatchdogConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What the daemon's decisions do to the kernel. A switch rewrites only the small group and
 * policy-route chains of {@code inet flywall}, all in one nft transaction (never a
 * table reload, so sets, counters and the restore rules stay as they are); a failed uplink's
 * connections are deleted from conntrack so their clients reconnect through a live link; DHCP
 * and PPPoE uplinks get their per-WAN table and source rule from the kernel's current address
 * and gateway. Everything from watchdog.json or the kernel is checked before it reaches a
 * command line.
 */
public final class KernelEffects {

    private static final Pattern NFT_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,63}");
    private static final Pattern DEVICE = Pattern.compile("[A-Za-z0-9_.-]{1,15}");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Kernel kernel;
    private final WatchdogConfig config;
    private final NftSession nft;
    private final ConntrackFlush conntrack;

    /** Effects that start an {@code nft} or {@code conntrack} process for each switch and flush. */
    public KernelEffects(Kernel kernel, WatchdogConfig config) {
        this(kernel, config, NftSession.oneShot(kernel), ConntrackFlush.oneShot(kernel));
    }

    /**
     * Effects that switch through {@code nft} and flush through {@code conntrack} started ahead of
     * time (the daemon's, which owns and closes them).
     */
    public KernelEffects(Kernel kernel, WatchdogConfig config, NftSession nft, ConntrackFlush conntrack) {
        this.kernel = kernel;
        this.config = config;
        this.nft = nft;
        this.conntrack = conntrack;
        String table = config.nft().table();
        check(NFT_NAME, table, "nft table");
        config.uplinks().forEach(u -> {
            check(NFT_NAME, u.nftChain(), "nft chain");
            check(DEVICE, u.device(), "device");
        });
        config.groups().forEach(g -> {
            check(NFT_NAME, g.nftChain(), "nft chain");
            g.members()
                    .forEach(m -> m.sticky().ifPresent(s -> {
                        check(NFT_NAME, s.chain(), "nft chain");
                        check(NFT_NAME, s.set4(), "nft set");
                        check(NFT_NAME, s.set6(), "nft set");
                    }));
        });
        config.routes().forEach(r -> check(NFT_NAME, r.nftChain(), "nft chain"));
        config.uplinks()
                .forEach(u -> u.npt().ifPresent(n -> {
                    check(NFT_NAME, n.chainOut(), "nft chain");
                    check(NFT_NAME, n.chainIn(), "nft chain");
                }));
    }

    private static void check(Pattern p, String value, String what) {
        if (!p.matcher(value).matches()) {
            throw new IllegalArgumentException("watchdog.json: unusable " + what + " name: " + value);
        }
    }

    /** The nft transaction for a set of group and route switches (empty when there are none). */
    public String script(Map<String, List<String>> groups, Map<String, StateMachine.RouteTarget> routes) {
        StringBuilder out = new StringBuilder();
        String prefix = config.nft().family() + " " + config.nft().table() + " ";
        groups.forEach((name, active) -> {
            WatchdogConfig.Group g = config.group(name).orElseThrow();
            out.append("flush chain ").append(prefix).append(g.nftChain()).append('\n');
            for (String statement : groupStatements(g, active)) {
                out.append("add rule ")
                        .append(prefix)
                        .append(g.nftChain())
                        .append(' ')
                        .append(statement)
                        .append(" comment \"uplink_group ")
                        .append(name)
                        .append("\"\n");
            }
            // a member that left the active set forgets its sources: its return moves nobody back
            g.members().stream()
                    .filter(m -> !active.contains(m.uplink()))
                    .flatMap(m -> m.sticky().stream())
                    .forEach(s -> out.append("flush set ")
                            .append(prefix)
                            .append(s.set4())
                            .append('\n')
                            .append("flush set ")
                            .append(prefix)
                            .append(s.set6())
                            .append('\n'));
        });
        routes.forEach((name, target) -> {
            WatchdogConfig.Route r = config.routes().stream()
                    .filter(x -> x.name().equals(name))
                    .findFirst()
                    .orElseThrow();
            out.append("flush chain ").append(prefix).append(r.nftChain()).append('\n');
            String statement = switch (target) {
                case UPLINK -> "jump " + config.uplink(r.uplink()).orElseThrow().nftChain();
                case GROUP -> "jump " + config.group(r.uplink()).orElseThrow().nftChain();
                // the classify chain went here with goto: fall back to the default group explicitly
                case DEFAULT ->
                    r.fallbackGroup()
                            .flatMap(config::group)
                            .map(d -> "jump " + d.nftChain())
                            .orElse("return");
                case BLOCK ->
                    "meta mark set meta mark and "
                            + MarkLayout.hex(~config.nft().markMask() & 0xffffffffL) + " or "
                            + MarkLayout.hex(config.nft().blackholeMark());
            };
            String comment = "policy_route " + name
                    + switch (target) {
                        case UPLINK, GROUP -> "";
                        case DEFAULT -> ": " + r.uplink() + " is down, the default group decides";
                        case BLOCK -> ": strict, " + r.uplink() + " is down";
                    };
            out.append("add rule ")
                    .append(prefix)
                    .append(r.nftChain())
                    .append(' ')
                    .append(statement)
                    .append(" comment \"")
                    .append(safeComment(comment))
                    .append("\"\n");
        });
        return out.toString();
    }

    /** The same statements the compiler writes for a group's initial members (see {@link Distribution}). */
    List<String> groupStatements(WatchdogConfig.Group g, List<String> active) {
        List<WatchdogConfig.Member> live =
                g.members().stream().filter(m -> active.contains(m.uplink())).toList();
        if (live.isEmpty()) {
            throw new IllegalStateException("group " + g.name() + " has no active member");
        }
        long seed = g.hashSeed().orElse(0L);
        if (g.sticky() && live.stream().allMatch(m -> m.sticky().isPresent())) {
            return Distribution.stickyStatements(
                    live.stream().map(m -> m.sticky().orElseThrow()).toList(),
                    live.stream()
                            .map(m -> new Distribution.Share(
                                    m.sticky().orElseThrow().chain(), m.weight()))
                            .toList(),
                    seed);
        }
        return Distribution.statements(
                live.stream()
                        .map(m -> new Distribution.Share(
                                config.uplink(m.uplink()).orElseThrow().nftChain(), m.weight()))
                        .toList(),
                g.sticky(),
                seed);
    }

    private static String safeComment(String text) {
        String cleaned = text.replaceAll("[^A-Za-z0-9_.,:;()+/ -]", "_");
        return cleaned.length() > 120 ? cleaned.substring(0, 120) : cleaned;
    }

    /** Rewrites the chains in one transaction. */
    public void switchChains(Map<String, List<String>> groups, Map<String, StateMachine.RouteTarget> routes)
            throws IOException, InterruptedException {
        switchChains(groups, routes, Map.of());
    }

    /** Rewrites the group and route chains and fills the NPT chains of {@code npt}'s uplinks, in one transaction. */
    public void switchChains(
            Map<String, List<String>> groups,
            Map<String, StateMachine.RouteTarget> routes,
            Map<String, NptFollower.Fill> npt)
            throws IOException, InterruptedException {
        StringBuilder script = new StringBuilder(script(groups, routes));
        npt.forEach((uplink, fill) -> NptFollower.commands(
                        config, config.uplink(uplink).orElseThrow(), fill)
                .forEach(c -> script.append(c).append('\n')));
        run(script.toString());
    }

    /** Fills one uplink's NPT chains (flushed, then its rules) in one transaction. */
    public void fillNpt(NptFollower.Fill fill) throws IOException, InterruptedException {
        switchChains(Map.of(), Map.of(), Map.of(fill.uplink(), fill));
    }

    private void run(String script) throws IOException, InterruptedException {
        if (script.isEmpty()) {
            return;
        }
        Kernel.Result r = nft.run(script);
        if (!r.ok()) {
            throw new IOException("nft refused the switch: " + r.err().strip());
        }
    }

    /**
     * Deletes the conntrack entries carrying the uplink's mark, IPv4 and IPv6, so that their
     * clients' next packets start new connections, which classify sends to a live uplink.
     * Returns how many entries went.
     */
    public int flush(String uplink) throws IOException, InterruptedException {
        WatchdogConfig.Uplink u = config.uplink(uplink).orElseThrow();
        return conntrack.flush(
                MarkLayout.hex(u.mark()) + "/" + MarkLayout.hex(config.nft().markMask()));
    }

    /**
     * Starts the nft session and the spare conntrack for the next switch where they are not running
     * (one-shot effects: nothing). Off the critical path: at start and after each switch.
     */
    public void prepare() throws InterruptedException {
        nft.prepare();
        conntrack.prepare();
    }

    /** What a device learned in one family: its usable global addresses (sorted) and its default gateway. */
    public record Learned(List<InetAddress> addresses, Optional<InetAddress> gateway) {
        public static final Learned NONE = new Learned(List.of(), Optional.empty());

        public Learned {
            addresses = List.copyOf(addresses);
        }
    }

    /**
     * A WAN link as the kernel sees it now: carrier, what it learned per family (IPv4: the first
     * global address; IPv6, for an uplink with dynamic IPv6: every usable global address and the
     * router advertisements' default gateway) and the prefix delegated to it (its DHCPv6 client's
     * hook records it as an unreachable route in the uplink's table).
     */
    public record LinkInfo(boolean exists, boolean up, Learned v4, Learned v6, Optional<String> delegated) {

        public LinkInfo(boolean exists, boolean up, Optional<InetAddress> address, Optional<InetAddress> gateway) {
            this(exists, up, new Learned(address.stream().toList(), gateway), Learned.NONE, Optional.empty());
        }

        /** The IPv4 address. */
        public Optional<InetAddress> address() {
            return v4.addresses().stream().findFirst();
        }

        /** The IPv4 gateway. */
        public Optional<InetAddress> gateway() {
            return v4.gateway();
        }
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

    /** The dynamic IPv6 of an uplink's device (its interface's ipv6 block), if it has one. */
    public Optional<WatchdogConfig.Ipv6> ipv6(WatchdogConfig.Uplink u) {
        return config.interfaces().stream()
                .filter(i -> i.name().equals(u.device()))
                .findFirst()
                .flatMap(WatchdogConfig.Interface::ipv6);
    }

    /** Whether the route sync follows what the uplink learns at run time, in either family. */
    public boolean followed(WatchdogConfig.Uplink u) {
        return u.dynamic() || ipv6(u).isPresent();
    }

    /** Reads the device's carrier, its first global IPv4 address and the IPv4 default gateway through it. */
    public LinkInfo read(String device) throws IOException, InterruptedException {
        return read(device, Optional.empty());
    }

    /** Reads the uplink's device: IPv4 as {@link #read(String)}, IPv6 and its delegated prefix when it has dynamic IPv6. */
    public LinkInfo read(WatchdogConfig.Uplink u) throws IOException, InterruptedException {
        return read(u.device(), Optional.of(u).filter(x -> ipv6(x).isPresent()));
    }

    private LinkInfo read(String device, Optional<WatchdogConfig.Uplink> v6) throws IOException, InterruptedException {
        check(DEVICE, device, "device");
        Kernel.Result link = kernel.run("", "ip", "-j", "addr", "show", "dev", device);
        if (!link.ok()) {
            return new LinkInfo(false, false, Learned.NONE, Learned.NONE, Optional.empty());
        }
        JsonNode l = JSON.readTree(link.out()).path(0);
        boolean up = false;
        for (JsonNode f : l.path("flags")) {
            up |= f.asText().equals("LOWER_UP");
        }
        Learned v4 = new Learned(addresses(l, Family.V4).stream().limit(1).toList(), gateway(device, Family.V4));
        if (v6.isEmpty()) {
            return new LinkInfo(true, up, v4, Learned.NONE, Optional.empty());
        }
        return new LinkInfo(
                true,
                up,
                v4,
                new Learned(addresses(l, Family.V6), gateway(device, Family.V6)),
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
                literal(a.path("local").asText()).ifPresent(out::add);
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
                    return literal(r.get("gateway").asText());
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

    /** Only address literals count; anything else from the kernel is ignored, never passed on. */
    static Optional<InetAddress> literal(String text) {
        // a dotted quad, or hex groups with at least one colon: getByName never resolves these as names
        if (!text.matches("(\\d{1,3}\\.){3}\\d{1,3}|[0-9a-fA-F.]*:[0-9a-fA-F:.]*") || text.length() > 45) {
            return Optional.empty();
        }
        try {
            return Optional.of(InetAddress.getByName(text));
        } catch (java.net.UnknownHostException e) {
            return Optional.empty();
        }
    }

    /**
     * Points a followed uplink's table at its current gateways and its "from address" rules at its
     * current addresses, per family: IPv4 for DHCP and PPPoE uplinks (the gateway, or straight at
     * the device for point-to-point links such as PPPoE; the first address), IPv6 for an uplink with
     * dynamic IPv6 (the router advertisements' gateway, at the ipv6 block's route metric; every
     * usable global address). What apply installed for a static family is left as it is.
     */
    public void syncRoutes(WatchdogConfig.Uplink u, LinkInfo info) throws IOException, InterruptedException {
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
        Optional<WatchdogConfig.Ipv6> v6 = ipv6(u);
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
                Optional<InetAddress> src = literal(r.path("src").asText(""));
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
