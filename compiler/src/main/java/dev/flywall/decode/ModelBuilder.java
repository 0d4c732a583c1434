package dev.flywall.decode;

import dev.flywall.diag.Code;
import dev.flywall.diag.DiagnosticSink;
import dev.flywall.model.Api;
import dev.flywall.model.Bandwidth;
import dev.flywall.model.Cidr;
import dev.flywall.model.Config;
import dev.flywall.model.HostPort;
import dev.flywall.model.Interface;
import dev.flywall.model.InterfaceName;
import dev.flywall.model.IpSet;
import dev.flywall.model.Notifications;
import dev.flywall.model.PolicyRoute;
import dev.flywall.model.RuntimeSettings;
import dev.flywall.model.Secret;
import dev.flywall.model.UplinkGroup;
import dev.flywall.plan.PppoePeers;
import dev.flywall.plan.ShapingBatch;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Builds the model records from decoded blocks, applying defaults and the rules that concern
 * one block alone (arguments that exclude each other). References between blocks are checked
 * afterwards by the validator.
 */
final class ModelBuilder {

    private final DiagnosticSink problems;
    private final HealthChecks healthChecks;
    private final Ipv6Blocks ipv6Blocks;
    private final HaBlocks haBlocks;
    private final MaintenanceBlocks maintenanceBlocks;

    ModelBuilder(DiagnosticSink problems) {
        this.problems = problems;
        this.healthChecks = new HealthChecks(problems);
        this.ipv6Blocks = new Ipv6Blocks(problems);
        this.haBlocks = new HaBlocks(problems);
        this.maintenanceBlocks = new MaintenanceBlocks(problems);
    }

    Config config(DecodedBlock root) {
        List<Interface> interfaces =
                root.blocks("interface").stream().map(this::iface).toList();
        List<UplinkGroup> groups =
                root.blocks("uplink_group").stream().map(g -> group(g, root)).toList();
        List<PolicyRoute> routes = new ArrayList<>();
        List<DecodedBlock> routeBlocks = root.blocks("policy_route");
        for (int i = 0; i < routeBlocks.size(); i++) {
            routes.add(route(routeBlocks.get(i), i));
        }
        List<IpSet> sets = root.blocks("ipset").stream().map(this::ipset).toList();
        Notifications notifications =
                root.block("notifications").map(this::notifications).orElse(Notifications.NONE);
        Api api = root.block("api")
                .map(a -> new Api(
                        a.<HostPort>value("listen"),
                        secret(a, "token"),
                        Optional.of(a.field("listen").map(f -> f.where().span()).orElse(a.span()))))
                .orElse(Api.DEFAULT);
        RuntimeSettings runtime = root.block("runtime")
                .map(r -> new RuntimeSettings(
                        r.<String>value("state_dir"),
                        r.<Duration>value("history_retention"),
                        markMask(r),
                        "flywall".equals(r.<String>value("interfaces"))))
                .orElse(RuntimeSettings.DEFAULT);
        int wans = (int) interfaces.stream().filter(Interface::isWan).count();
        long slots = (runtime.markMask() >>> Long.numberOfTrailingZeros(runtime.markMask())) - 1;
        if (wans > Math.min(slots, 99)) {
            problems.error(
                    Code.E0408,
                    "Too many WANs",
                    "The configuration has " + wans + " WAN interfaces, but the"
                            + " mark mask " + "0x" + Long.toHexString(runtime.markMask()) + " leaves room for "
                            + Math.min(slots, 99)
                            + " (at most 99 in any case). Widen runtime { mark_mask }.",
                    root.block("runtime")
                            .map(DecodedBlock::span)
                            .orElse(interfaces.get(0).span()));
        }
        // a mark outside the mask's slots cannot be compiled; the one above them is the blackhole mark
        int lastSlot = (int) Math.min(slots, 99);
        for (DecodedBlock b : root.blocks("interface")) {
            b.block("wan").ifPresent(w -> {
                Integer mark = w.value("mark");
                if (mark != null && mark > lastSlot) {
                    problems.error(
                            Code.E0305,
                            "Value out of range",
                            "mark = " + mark + " does not fit the mark mask 0x" + Long.toHexString(runtime.markMask())
                                    + ", which leaves the slots 1 to " + lastSlot
                                    + (slots <= 99 ? " (the one above them marks blocked traffic)" : "") + ".",
                            w.field("mark").orElseThrow().where().span(),
                            "Use a mark from 1 to " + lastSlot + ", or widen runtime { mark_mask }.");
                }
            });
        }
        return new Config(
                interfaces,
                groups,
                routes,
                sets,
                notifications,
                api,
                runtime,
                root.block("ha").map(haBlocks::build),
                root.blocks("maintenance").stream()
                        .flatMap(m -> maintenanceBlocks.build(m).stream())
                        .toList());
    }

    // ------------------------------------------------------------------ interfaces

    private Interface iface(DecodedBlock b) {
        List<Cidr> addresses = new ArrayList<>();
        b.field("address").ifPresent(f -> addresses.add((Cidr) f.value()));
        b.<Cidr>optionalList("addresses").forEach(addresses::add);
        exclusive(b, "address", "addresses", "Use address for one address or addresses for several, not both.");
        boolean dhcp = b.<Boolean>value("dhcp");
        if (dhcp) {
            for (String arg : List.of("address", "addresses", "gateway")) {
                exclusive(
                        b,
                        "dhcp",
                        arg,
                        "With dhcp = true the address and gateway come from DHCP; remove \"" + arg
                                + "\" or set dhcp = false.");
            }
        }
        Optional<Interface.Pppoe> pppoe = b.block("pppoe").map(p -> pppoe(b, p));
        if (pppoe.isPresent()) {
            b.field("gateway")
                    .ifPresent(f -> problems.error(
                            Code.E0320,
                            "Conflicting arguments",
                            "A PPPoE uplink's next hop is the far end of its PPP session, which flywall follows"
                                    + " by itself: remove \"gateway\", or the pppoe block for a static uplink.",
                            f.where().span()));
        }
        if (pppoe.isPresent() && dhcp) {
            problems.error(
                    Code.E0320,
                    "Conflicting arguments",
                    "An interface gets its address either by DHCP or by"
                            + " PPPoE: remove dhcp = true or the pppoe block.",
                    b.field("dhcp").orElseThrow().where().span());
        }
        b.block("wan").ifPresent(this::bandwidthFloor);
        Optional<Interface.Wan> wan = b.block("wan")
                .map(w -> new Interface.Wan(
                        w.<Integer>value("priority"),
                        w.<Integer>value("weight"),
                        Optional.ofNullable(w.<Bandwidth>value("bandwidth")),
                        optionalInt(w, "table"),
                        optionalInt(w, "mark"),
                        w.span()));
        Integer mtu = b.value("mtu");
        List<Cidr> gateways = b.optionalList("gateway");
        if (gateways.stream().filter(Cidr::isV6).count() > 1
                || gateways.stream().filter(g -> !g.isV6()).count() > 1) {
            problems.error(
                    Code.E0407,
                    "Address family mismatch",
                    "A WAN has at most one IPv4 and one IPv6 gateway;" + " this list has two of one family.",
                    b.field("gateway").orElseThrow().where().span());
        }
        if (wan.isEmpty()) {
            wanOnly(b);
        } else if (!dhcp && pppoe.isEmpty() && gateways.isEmpty()) {
            // a static uplink's table gets its default route only from gateway; the runtime syncs DHCP and PPPoE ones
            problems.error(
                    Code.E0304,
                    "Missing required argument \"gateway\"",
                    "Interface \"" + b.label() + "\" is a"
                            + " static WAN (no dhcp, no pppoe), so its next hop must be given: gateway = \"192.0.2.1\"."
                            + " Without it no route leads out of this uplink. Or set dhcp = true.",
                    b.headerSpan());
        }
        return new Interface(
                b.label(),
                b.value("zone"),
                dhcp,
                addresses,
                gateways,
                mtu == null ? OptionalInt.empty() : OptionalInt.of(mtu),
                pppoe,
                wan,
                b.block("health_check").map(h -> healthChecks.build(List.of(h), h.span())),
                b.block("ipv6").map(v -> ipv6Blocks.build(b, v)),
                b.span());
    }

    private Interface.Pppoe pppoe(DecodedBlock iface, DecodedBlock p) {
        Optional<DecodedBlock.Field> given = p.field("device");
        String device = given.map(f -> (String) f.value()).orElse(Interface.Pppoe.defaultDevice(iface.label()));
        if (given.isEmpty() && device.length() > InterfaceName.MAX_LENGTH) {
            problems.error(
                    Code.E0322,
                    "PPP device name too long",
                    "The PPP device of interface \"" + iface.label() + "\" would be \"" + device + "\", "
                            + device.length() + " characters, but Linux interface names have at most "
                            + InterfaceName.MAX_LENGTH + ".",
                    p.headerSpan(),
                    "Name the device yourself: pppoe { device = \"ppp0\" }.");
        }
        String username = p.value("username");
        if (username != null) {
            usernameProblem(username)
                    .ifPresent(problem -> problems.error(
                            Code.E0323,
                            "Invalid PPPoE username",
                            problem + " pppd reads the username from its options file, where it cannot be written.",
                            p.field("username").orElseThrow().where().span()));
        }
        Integer mtu = iface.value("mtu");
        if (mtu != null && mtu - PppoePeers.OVERHEAD < PppoePeers.PPPD_MIN_MRU) {
            problems.error(
                    Code.E0305,
                    "Value out of range",
                    "A PPPoE session carries 8 bytes of headers in each frame, so its PPP link's MTU would be "
                            + (mtu - PppoePeers.OVERHEAD) + ", and pppd accepts no MTU below "
                            + PppoePeers.PPPD_MIN_MRU + ". Give the interface an mtu of at least "
                            + (PppoePeers.PPPD_MIN_MRU + PppoePeers.OVERHEAD)
                            + ", or leave it out (the PPP link then uses 1492).",
                    iface.field("mtu").orElseThrow().where().span());
        }
        return new Interface.Pppoe(
                username,
                secret(p, "password").orElse(new Secret.Plain("", p.span())),
                device,
                given.map(f -> f.where().span()).orElse(p.headerSpan()),
                p.span());
    }

    /** tc's HTB takes no rate below 8 kbit/s (one byte per millisecond). */
    private void bandwidthFloor(DecodedBlock w) {
        Bandwidth b = w.value("bandwidth");
        if (b != null && b.bitsPerSecond() < ShapingBatch.MIN_RATE_BPS) {
            problems.error(
                    Code.E0305,
                    "Value out of range",
                    "bandwidth shapes the uplink's egress with tc, which takes no rate below 8kbps; \"" + b
                            + "\" is below it.",
                    w.field("bandwidth").orElseThrow().where().span(),
                    "Write the link's speed with its unit, as \"20Mbps\" or \"512kbps\".");
        }
    }

    /** Why a PPPoE username cannot go into pppd's options file, or empty when it can. */
    private static Optional<String> usernameProblem(String username) {
        if (username.isEmpty()) {
            return Optional.of("The username is empty.");
        }
        for (int i = 0; i < username.length(); i++) {
            char c = username.charAt(i);
            if (Character.isISOControl(c)) {
                return Optional.of("The username holds the control character U+"
                        + String.format(Locale.ROOT, "%04X", (int) c) + ".");
            }
        }
        return Optional.empty();
    }

    /** gateway and health_check act only on uplinks: on any other interface they would be dropped. */
    private void wanOnly(DecodedBlock b) {
        b.field("gateway")
                .ifPresent(f -> problems.error(
                        Code.E0412,
                        "Only for WAN interfaces",
                        "\"gateway\" is the"
                                + " next hop of an uplink, but interface \"" + b.label()
                                + "\" has no wan block, so flywall would"
                                + " ignore it. Add wan { } to make the interface an uplink, or remove \"gateway\".",
                        f.where().span()));
        b.block("pppoe")
                .ifPresent(p -> problems.error(
                        Code.E0412,
                        "Only for WAN interfaces",
                        "A PPPoE session"
                                + " connects an uplink to its ISP, but interface \"" + b.label()
                                + "\" has no wan block, so no traffic would"
                                + " use it. Add wan { } to make the interface an uplink, or remove the pppoe block.",
                        p.headerSpan()));
        b.block("health_check")
                .ifPresent(h -> problems.error(
                        Code.E0412,
                        "Only for WAN interfaces",
                        "A health_check"
                                + " probes an uplink, but interface \"" + b.label()
                                + "\" has no wan block, so nothing would probe"
                                + " it. Add wan { } to make the interface an uplink, or remove the health_check.",
                        h.headerSpan()));
        b.block("ipv6")
                .ifPresent(v -> problems.error(
                        Code.E0412,
                        "Only for WAN interfaces",
                        "The ipv6 block"
                                + " configures an uplink's IPv6 (what it learns, how the LAN's IPv6 leaves by it), but"
                                + " interface \"" + b.label()
                                + "\" has no wan block. Give a LAN-side interface its IPv6"
                                + " with address or addresses; add wan { } to make this one an uplink, or remove the"
                                + " ipv6 block.",
                        v.headerSpan()));
    }

    private void exclusive(DecodedBlock b, String first, String second, String detail) {
        if (b.field(first).isPresent() && b.field(second).isPresent()) {
            problems.error(
                    Code.E0320,
                    "Conflicting arguments",
                    "\"" + first + "\" and \"" + second + "\" cannot be used together. " + detail,
                    b.field(second).get().where().span());
        }
    }

    // ------------------------------------------------------------------ groups

    private UplinkGroup group(DecodedBlock g, DecodedBlock root) {
        List<UplinkGroup.Member> members = new ArrayList<>();
        for (DecodedBlock m : g.blocks("member")) {
            Optional<DecodedBlock> iface = root.blocks("interface").stream()
                    .filter(i -> i.label().equals(m.label()))
                    .findFirst();
            Optional<DecodedBlock> wan = iface.flatMap(i -> i.block("wan"));
            if (g.<String>value("mode").equals("balance")) {
                m.field("priority")
                        .ifPresent(f -> problems.warning(
                                Code.W0512,
                                "Priority in a balance group",
                                "In balance mode every live member of \"" + g.label()
                                        + "\" carries traffic, shared by weight,"
                                        + " so this priority changes nothing. Remove it, or write mode = \"failover\" to use"
                                        + " priorities as tiers.",
                                f.where().span()));
            }
            int priority = m.field("priority")
                    .map(f -> (Integer) f.value())
                    .orElse(wan.map(w -> w.<Integer>value("priority")).orElse(1));
            boolean balance = g.<String>value("mode").equals("balance");
            int weight = m.field("weight")
                    .map(f -> (Integer) f.value())
                    .or(() -> wan.flatMap(w -> w.field("weight")).map(f -> (Integer) f.value()))
                    .or(() -> balance
                            ? wan.map(w -> w.<Bandwidth>value("bandwidth")).map(ModelBuilder::bandwidthWeight)
                            : Optional.empty())
                    .orElse(wan.map(w -> w.<Integer>value("weight")).orElse(1));
            List<DecodedBlock> layers = new ArrayList<>();
            m.block("health_check").ifPresent(layers::add);
            iface.flatMap(i -> i.block("health_check")).ifPresent(layers::add);
            members.add(new UplinkGroup.Member(
                    m.label(), priority, weight, healthChecks.build(layers, m.span()), m.span()));
        }
        Duration stickyTimeout = g.value("sticky_timeout");
        return new UplinkGroup(
                g.label(),
                UplinkGroup.Mode.valueOf(g.<String>value("mode").toUpperCase(Locale.ROOT)),
                g.<Boolean>value("sticky"),
                Optional.ofNullable(stickyTimeout),
                UplinkGroup.Failback.valueOf(g.<String>value("failback").toUpperCase(Locale.ROOT)),
                g.value("failback_delay"),
                members,
                g.span());
    }

    /**
     * A balance member's weight when neither it nor its wan block gives one but the wan block has
     * a bandwidth: the bandwidth in Mbit/s, rounded, between 1 and 1000 (the weight's range).
     */
    static int bandwidthWeight(Bandwidth b) {
        return (int) Math.max(1, Math.min(1000, Math.round(b.bitsPerSecond() / 1_000_000.0)));
    }

    // ------------------------------------------------------------------ policy routes and sets

    private PolicyRoute route(DecodedBlock r, int order) {
        DecodedBlock m = r.block("match").orElse(null);
        PolicyRoute.Match match = m == null
                ? new PolicyRoute.Match(List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), r.span())
                : new PolicyRoute.Match(
                        m.optionalList("protocol"),
                        m.optionalList("source"),
                        m.optionalList("destination"),
                        m.optionalList("source_port"),
                        m.optionalList("dest_port"),
                        m.optionalList("interface"),
                        m.span());
        String uplink = r.value("uplink");
        var uplinkSpan = r.field("uplink").map(f -> f.where().span()).orElse(r.span());
        return new PolicyRoute(
                r.label(),
                match,
                uplink == null ? "" : uplink,
                uplinkSpan,
                r.<Boolean>value("strict"),
                r.<Integer>value("priority"),
                order,
                r.span());
    }

    private IpSet ipset(DecodedBlock s) {
        Cidr.Family family = "ipv6_addr".equals(s.value("type")) ? Cidr.Family.IPV6 : Cidr.Family.IPV4;
        List<IpSet.Entry> entries = new ArrayList<>();
        List<Cidr> cidrs = s.optionalList("entries");
        for (int i = 0; i < cidrs.size(); i++) {
            Located at = s.field("entries").orElseThrow().where().element(i);
            Cidr c = cidrs.get(i);
            if (c.family() != family) {
                String declared = s.field("type").isPresent() ? "" : " (the default when type is not given)";
                problems.error(
                        Code.E0407,
                        "Address family mismatch",
                        "The set \"" + s.label() + "\" has type \""
                                + family.nftType() + "\"" + declared + ", but " + c + " is an "
                                + (c.isV6() ? "IPv6" : "IPv4")
                                + " " + (c.isHost() ? "address" : "prefix") + ". Put " + (c.isV6() ? "IPv6" : "IPv4")
                                + " entries in a set with type = \""
                                + c.family().nftType() + "\".",
                        at.span());
                continue;
            }
            entries.add(new IpSet.Entry(c.network(), at.span()));
        }
        // a file would be loaded when applying, which nothing does yet: refuse it rather than apply a set without it
        s.field("file")
                .ifPresent(f -> problems.error(
                        Code.E0321,
                        "Not supported yet: ipset file",
                        "flywall does"
                                + " not load ipset files yet, so the set would silently lack the file's prefixes. List them in"
                                + " entries = [...] instead.",
                        f.where().span()));
        if (s.field("entries").isEmpty() && s.field("file").isEmpty()) {
            problems.error(
                    Code.E0304,
                    "Missing required argument \"entries\"",
                    "An ipset needs its entries:" + " list its prefixes in entries = [...].",
                    s.headerSpan());
        }
        return new IpSet(s.label(), family, entries, Optional.ofNullable(s.<String>value("file")), s.span());
    }

    // ------------------------------------------------------------------ notifications

    private Notifications notifications(DecodedBlock n) {
        Optional<Notifications.Email> email = n.block("email").map(e -> {
            Optional<String> username = Optional.ofNullable(e.<String>value("username"));
            String from = Optional.ofNullable(e.<String>value("from")).orElse(username.orElse(""));
            return new Notifications.Email(
                    e.<Boolean>value("enabled"),
                    e.value("smtp"),
                    from,
                    e.optionalList("to"),
                    username,
                    secret(e, "password"),
                    e.<Boolean>value("starttls"),
                    e.value("events"),
                    e.span());
        });
        Optional<Notifications.Webhook> webhook = n.block("webhook")
                .map(w -> new Notifications.Webhook(
                        w.<Boolean>value("enabled"), w.value("url"),
                        Optional.ofNullable(w.<Map<String, Secret>>value("headers"))
                                        .orElse(Map.of()),
                                w.value("events"),
                        w.value("timeout"), w.span()));
        return new Notifications(email, webhook);
    }

    /** A contiguous run of at least 2 set bits within 32 bits, written in hex. */
    private long markMask(DecodedBlock r) {
        String text = r.value("mark_mask");
        long mask = -1;
        if (text.matches("0[xX][0-9a-fA-F]{1,8}")) {
            mask = Long.parseLong(text.substring(2), 16);
        }
        int bits = Long.bitCount(mask);
        boolean contiguous = mask > 0 && bits >= 2 && (mask >>> Long.numberOfTrailingZeros(mask)) == (1L << bits) - 1;
        if (!contiguous) {
            problems.error(
                    Code.E0308,
                    "Invalid mark mask",
                    "\"" + text + "\" is not a mark mask: write one run of"
                            + " set bits in hex, as \"0xff00\" (the default) or \"0xff0000\".",
                    r.field("mark_mask").map(f -> f.where().span()).orElse(r.span()));
            return RuntimeSettings.DEFAULT.markMask();
        }
        return mask;
    }

    private static Optional<Secret> secret(DecodedBlock b, String name) {
        return Optional.ofNullable(b.<Secret>value(name));
    }

    private static OptionalInt optionalInt(DecodedBlock b, String name) {
        Integer v = b.value(name);
        return v == null ? OptionalInt.empty() : OptionalInt.of(v);
    }
}
