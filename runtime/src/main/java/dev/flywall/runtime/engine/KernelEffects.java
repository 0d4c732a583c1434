package dev.flywall.runtime.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
        String script = script(groups, routes);
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

    /** A WAN link as the kernel sees it now. */
    public record LinkInfo(boolean exists, boolean up, Optional<InetAddress> address, Optional<InetAddress> gateway) {}

    /** Reads the device's carrier, its first global IPv4 address and the IPv4 default gateway through it. */
    public LinkInfo read(String device) throws IOException, InterruptedException {
        check(DEVICE, device, "device");
        Kernel.Result link = kernel.run("", "ip", "-j", "addr", "show", "dev", device);
        if (!link.ok()) {
            return new LinkInfo(false, false, Optional.empty(), Optional.empty());
        }
        JsonNode l = JSON.readTree(link.out()).path(0);
        boolean up = false;
        for (JsonNode f : l.path("flags")) {
            up |= f.asText().equals("LOWER_UP");
        }
        Optional<InetAddress> address = Optional.empty();
        for (JsonNode a : l.path("addr_info")) {
            if (a.path("family").asText().equals("inet")
                    && a.path("scope").asText().equals("global")) {
                address = literal(a.path("local").asText());
                break;
            }
        }
        Optional<InetAddress> gateway = Optional.empty();
        Kernel.Result routes = kernel.run("", "ip", "-j", "-4", "route", "show", "default", "dev", device);
        if (routes.ok() && !routes.out().isBlank()) {
            for (JsonNode r : JSON.readTree(routes.out())) {
                if (r.has("gateway")) {
                    gateway = literal(r.get("gateway").asText());
                    break;
                }
            }
        }
        return new LinkInfo(true, up, address, gateway);
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
     * Points a dynamic uplink's table at its current gateway (or straight at the device, for
     * point-to-point links such as PPPoE) and its "from address" rule at its current address.
     * Static uplinks are left as apply installed them.
     */
    public void syncRoutes(WatchdogConfig.Uplink u, LinkInfo info) throws IOException, InterruptedException {
        if (!u.dynamic() || !info.exists()) {
            return;
        }
        int priority = config.fromAddressPriority(u);
        List<String> batch = new ArrayList<>();
        if (info.up()) {
            batch.add(info.gateway()
                            .map(g -> "route replace default via " + g.getHostAddress() + " dev " + u.device()
                                    + " onlink")
                            .orElse("route replace default dev " + u.device())
                    + " table " + u.table() + " proto " + RulePriorities.PROTOCOL);
        }
        Kernel.Result rules = kernel.run("", "ip", "-j", "-4", "rule", "show", "priority", Integer.toString(priority));
        boolean present = false;
        if (rules.ok() && !rules.out().isBlank()) {
            for (JsonNode r : JSON.readTree(rules.out())) {
                String src = r.path("src").asText("");
                if (info.address().isPresent()
                        && src.equals(info.address().get().getHostAddress())) {
                    present = true;
                } else if (!src.isEmpty()) {
                    literal(src)
                            .ifPresent(old -> batch.add("rule del priority " + priority + " from "
                                    + old.getHostAddress() + " lookup " + u.table()));
                }
            }
        }
        if (!present && info.address().isPresent()) {
            batch.add("rule add priority " + priority + " from "
                    + info.address().get().getHostAddress() + " lookup " + u.table() + " protocol "
                    + RulePriorities.PROTOCOL);
        }
        if (batch.isEmpty()) {
            return;
        }
        Kernel.Result r = kernel.run(String.join("\n", batch) + "\n", "ip", "-batch", "-");
        if (!r.ok()) {
            throw new IOException("ip refused the route update of " + u.name() + ": "
                    + r.err().strip());
        }
    }
}
