package dev.flywall.runtime.watchdog;

import dev.flywall.bundle.BundleJson;
import dev.flywall.bundle.EventKind;
import dev.flywall.bundle.WatchdogFile;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code watchdog.json} as the daemon reads it: the compiled bundle's description of the uplinks,
 * groups, policy routes, notification targets and API. The daemon never reads HCL; everything it
 * needs (marks, tables, chain names, probe specs) is here. Secrets stay references
 * ({@link SecretRef}) until {@link Secrets} resolves them.
 */
public record WatchdogConfig(
        String configHash,
        Nft nft,
        List<Uplink> uplinks,
        List<Group> groups,
        List<Route> routes,
        Notifications notifications,
        Api api,
        Runtime runtime,
        List<Interface> interfaces,
        Optional<WatchdogFile.Ha> ha,
        List<dev.flywall.model.Maintenance> maintenance) {

    /** The schema version this reader understands. */
    public static final int SCHEMA_VERSION = WatchdogFile.SCHEMA_VERSION;

    public WatchdogConfig {
        uplinks = List.copyOf(uplinks);
        groups = List.copyOf(groups);
        routes = List.copyOf(routes);
        interfaces = List.copyOf(interfaces);
        maintenance = List.copyOf(maintenance);
    }

    /** A configuration without maintenance windows. */
    public WatchdogConfig(
            String configHash,
            Nft nft,
            List<Uplink> uplinks,
            List<Group> groups,
            List<Route> routes,
            Notifications notifications,
            Api api,
            Runtime runtime,
            List<Interface> interfaces,
            Optional<WatchdogFile.Ha> ha) {
        this(configHash, nft, uplinks, groups, routes, notifications, api, runtime, interfaces, ha, List.of());
    }

    /** The nft table and mark layout. */
    public record Nft(String family, String table, long markMask, long blackholeMark) {}

    /** One WAN: its device, fwmark, routing table and how it gets its address. */
    public record Uplink(
            String name,
            String device,
            long mark,
            int table,
            String addressing,
            List<String> gateways,
            List<String> addresses,
            String nftChain,
            String nat6,
            Optional<Npt> npt) {
        public Uplink {
            gateways = List.copyOf(gateways);
            addresses = List.copyOf(addresses);
        }

        /** DHCP and PPPoE uplinks learn address and gateway from the kernel at run time. */
        public boolean dynamic() {
            return !addressing.equals("static");
        }
    }

    /**
     * An uplink's IPv6 prefix translation (see {@link WatchdogFile.Nat6}): {@code inside} the LAN
     * prefix, {@code outside} the uplink's prefix, empty when it is the delegated one (the runtime
     * fills {@code chainOut} and {@code chainIn} when the prefix is learned or changes).
     */
    public record Npt(String inside, Optional<String> outside, String chainOut, String chainIn) {}

    /** How a member is probed. Fields that a type does not use are empty or zero. */
    public record HealthCheck(
            String type,
            List<String> targets,
            int port,
            String query,
            String url,
            int expectedStatus,
            Duration interval,
            Duration timeout,
            int thresholdDown,
            int thresholdUp,
            int reliability,
            Optional<Duration> maxLatency,
            Optional<Integer> maxLossPercent) {
        public HealthCheck {
            targets = List.copyOf(targets);
        }

        /** What one round probes: the targets, or the URL of an http check. */
        public List<String> probeTargets() {
            return type.equals("http") ? List.of(url) : targets;
        }
    }

    /** A member of a group; {@code sticky} names its sticky chain and source sets in sticky groups. */
    public record Member(
            String uplink,
            int priority,
            int weight,
            HealthCheck healthCheck,
            Optional<dev.flywall.plan.Distribution.Sticky> sticky) {
        public Member(String uplink, int priority, int weight, HealthCheck healthCheck) {
            this(uplink, priority, weight, healthCheck, Optional.empty());
        }
    }

    /** An uplink group. {@code tiers} lists member names by priority, preferred first. */
    public record Group(
            String name,
            String mode,
            boolean sticky,
            Optional<Duration> stickyTimeout,
            boolean manualFailback,
            Duration failbackDelay,
            Optional<Long> hashSeed,
            String nftChain,
            List<Member> members,
            List<List<String>> tiers) {
        public Group {
            members = List.copyOf(members);
            tiers = tiers.stream().map(List::copyOf).toList();
        }

        public boolean balance() {
            return mode.equals("balance");
        }

        public Optional<Member> member(String uplink) {
            return members.stream().filter(m -> m.uplink().equals(uplink)).findFirst();
        }
    }

    /**
     * A policy route; {@code viaGroup} when its uplink names a group rather than an interface;
     * {@code fallbackGroup} is where a non-strict route's traffic goes while its uplink is down.
     */
    public record Route(
            String name,
            String uplink,
            boolean viaGroup,
            boolean strict,
            String nftChain,
            Optional<String> fallbackGroup) {
        public Route(String name, String uplink, boolean viaGroup, boolean strict, String nftChain) {
            this(name, uplink, viaGroup, strict, nftChain, Optional.empty());
        }
    }

    /**
     * A secret as the bundle keeps it: exactly one of an environment variable, a file, or a key
     * of the bundle's {@code secrets.json}.
     */
    public record SecretRef(Optional<String> env, Optional<String> file, Optional<String> bundled) {}

    public record Email(
            boolean enabled,
            String smtpHost,
            int smtpPort,
            String from,
            List<String> to,
            Optional<String> username,
            Optional<SecretRef> password,
            boolean starttls,
            List<String> events) {
        public Email {
            to = List.copyOf(to);
            events = List.copyOf(events);
        }
    }

    /**
     * A webhook target. Its URL is a secret (it often carries a token): {@code urlSecret} refers to
     * it in the bundle's secrets file; {@code url} is a URL written out in watchdog.json (the lab's
     * rewritten bundles and bundles from before the URL was a secret), empty when there is a ref.
     */
    public record Webhook(
            boolean enabled,
            String url,
            Map<String, SecretRef> headers,
            List<String> events,
            Duration timeout,
            Optional<SecretRef> urlSecret) {
        public Webhook {
            headers = Map.copyOf(headers);
            events = List.copyOf(events);
        }

        /** A webhook whose URL is written out. */
        public Webhook(
                boolean enabled, String url, Map<String, SecretRef> headers, List<String> events, Duration timeout) {
            this(enabled, url, headers, events, timeout, Optional.empty());
        }
    }

    public record Notifications(Optional<Email> email, Optional<Webhook> webhook) {}

    /** The local API: {@code host:port} and an optional bearer token. */
    public record Api(String listen, Optional<SecretRef> token) {}

    public record Runtime(String stateDir, Duration historyRetention) {}

    /**
     * A declared interface as apply provisions it and the daemon supervises it: not {@code managed}
     * when the host brings it up; {@code dhcpRouteMetric} present for a DHCP interface (the metric
     * of the default route its client's hook installs); {@code pppoe} for a PPPoE one;
     * {@code shapingRateBps} when its wan block has a bandwidth.
     */
    public record Interface(
            String name,
            boolean managed,
            Optional<Integer> mtu,
            List<String> addresses,
            Optional<Integer> dhcpRouteMetric,
            Optional<Pppoe> pppoe,
            Optional<Long> shapingRateBps,
            Optional<Ipv6> ipv6) {
        public Interface {
            addresses = List.copyOf(addresses);
        }
    }

    /** How a WAN learns IPv6 at run time (see {@link WatchdogFile.Ipv6}). */
    public record Ipv6(boolean autoconf, boolean dhcp, boolean prefixDelegation, int routeMetric) {}

    /** A PPPoE session: the PPP device pppd creates, the bundle file of its options, its password. */
    public record Pppoe(String device, String peersFile, SecretRef password) {}

    /** The declared interface named {@code name}. */
    public Optional<Interface> iface(String name) {
        return interfaces.stream().filter(i -> i.name().equals(name)).findFirst();
    }

    /**
     * The priority of an uplink's "from its address" rule: the compiler's slot (the mark shifted
     * down to the mask's lowest bit) above {@link dev.flywall.plan.RulePriorities#FROM_ADDRESS}.
     */
    public int fromAddressPriority(Uplink u) {
        long mask = nft.markMask();
        return dev.flywall.plan.RulePriorities.FROM_ADDRESS
                + (int) ((u.mark() & mask) >>> Long.numberOfTrailingZeros(mask));
    }

    public Optional<Uplink> uplink(String name) {
        return uplinks.stream().filter(u -> u.name().equals(name)).findFirst();
    }

    /**
     * How an uplink is probed: the health check of its first membership, in file order (an uplink
     * in several groups is probed once); empty when no group has it.
     */
    public Optional<HealthCheck> healthCheck(String uplink) {
        return groups.stream()
                .flatMap(g -> g.member(uplink).stream())
                .map(Member::healthCheck)
                .findFirst();
    }

    public Optional<Group> group(String name) {
        return groups.stream().filter(g -> g.name().equals(name)).findFirst();
    }

    /**
     * Parses watchdog.json (bound to {@link WatchdogFile}, the schema the compiler writes); a wrong
     * schema version, a missing field or an unknown word is an {@link IOException}.
     */
    public static WatchdogConfig parse(String json) throws IOException {
        return of(BundleJson.watchdog(json));
    }

    /** The daemon's view of a bound watchdog.json: marks as numbers, durations, resolved defaults. */
    public static WatchdogConfig of(WatchdogFile f) throws IOException {
        Nft n = new Nft(
                f.nft().family(),
                f.nft().table(),
                hex(f.nft().markMask(), "mark_mask"),
                hex(f.nft().blackholeMark(), "blackhole_mark"));
        List<Uplink> uplinks = new ArrayList<>();
        for (WatchdogFile.Uplink u : f.uplinks()) {
            uplinks.add(new Uplink(
                    u.name(),
                    u.device(),
                    hex(u.mark(), "mark"),
                    u.table(),
                    u.addressing().word(),
                    u.gateways(),
                    u.addresses(),
                    u.nftChain(),
                    u.nat6() == null ? "none" : u.nat6().mode().word(),
                    Optional.ofNullable(u.nat6())
                            .filter(t -> t.mode() == WatchdogFile.Nat6Mode.NPT)
                            .map(t -> new Npt(
                                    t.inside(), Optional.ofNullable(t.outside()), t.nftChainOut(), t.nftChainIn()))));
        }
        List<Group> groups = new ArrayList<>();
        for (WatchdogFile.Group g : f.groups()) {
            List<Member> members = new ArrayList<>();
            for (WatchdogFile.Member m : g.members()) {
                Optional<dev.flywall.plan.Distribution.Sticky> sticky = Optional.ofNullable(m.sticky())
                        .map(s -> new dev.flywall.plan.Distribution.Sticky(s.nftChain(), s.nftSetV4(), s.nftSetV6()));
                members.add(new Member(m.uplink(), m.priority(), m.weight(), healthCheck(m.healthCheck()), sticky));
            }
            groups.add(new Group(
                    g.name(),
                    g.mode().word(),
                    g.sticky(),
                    Optional.ofNullable(g.stickyTimeoutMs()).map(Duration::ofMillis),
                    g.failback() == WatchdogFile.Failback.MANUAL,
                    Duration.ofMillis(g.failbackDelayMs()),
                    g.hashSeed() == null ? Optional.empty() : Optional.of(hex(g.hashSeed(), "hash_seed")),
                    g.nftChain(),
                    members,
                    g.tiers()));
        }
        List<Route> routes = f.policyRoutes().stream()
                .map(r -> new Route(
                        r.name(),
                        r.uplink(),
                        r.uplinkKind() == WatchdogFile.UplinkKind.GROUP,
                        r.strict(),
                        r.nftChain(),
                        Optional.ofNullable(r.fallbackGroup())))
                .toList();
        return new WatchdogConfig(
                f.configHash(),
                n,
                uplinks,
                groups,
                routes,
                notifications(f.notifications()),
                new Api(f.api().listen(), Optional.ofNullable(f.api().token()).map(WatchdogConfig::secret)),
                new Runtime(
                        f.runtime().stateDir(), Duration.ofSeconds(f.runtime().historyRetentionS())),
                f.interfaces().stream().map(WatchdogConfig::iface).toList(),
                Optional.ofNullable(f.ha()),
                maintenance(f, uplinks));
    }

    /**
     * The maintenance windows as models; a window that is malformed or names an uplink the file
     * does not have is an {@link IOException} (the compiler never writes one).
     */
    private static List<dev.flywall.model.Maintenance> maintenance(WatchdogFile f, List<Uplink> uplinks)
            throws IOException {
        List<dev.flywall.model.Maintenance> out = new ArrayList<>();
        for (WatchdogFile.Maintenance m : f.maintenance()) {
            dev.flywall.model.Maintenance model;
            try {
                model = m.toModel();
            } catch (IllegalArgumentException e) {
                throw new IOException("watchdog.json: " + e.getMessage());
            }
            for (String u : model.uplinks()) {
                if (uplinks.stream().noneMatch(x -> x.name().equals(u))) {
                    throw new IOException(
                            "watchdog.json: maintenance \"" + m.name() + "\" names an unknown uplink \"" + u + "\"");
                }
            }
            out.add(model);
        }
        return out;
    }

    private static Interface iface(WatchdogFile.Interface i) {
        return new Interface(
                i.name(),
                i.managed(),
                Optional.ofNullable(i.mtu()),
                i.addresses(),
                Optional.ofNullable(i.dhcp()).map(WatchdogFile.Dhcp::routeMetric),
                Optional.ofNullable(i.pppoe()).map(p -> new Pppoe(p.device(), p.peersFile(), secret(p.password()))),
                Optional.ofNullable(i.shaping()).map(WatchdogFile.Shaping::rateBps),
                Optional.ofNullable(i.ipv6())
                        .map(v -> new Ipv6(v.autoconf(), v.dhcp(), v.prefixDelegation(), v.routeMetric())));
    }

    private static HealthCheck healthCheck(WatchdogFile.HealthCheck h) {
        return new HealthCheck(
                h.type().word(),
                h.targets() == null ? List.of() : h.targets(),
                h.port() == null ? 0 : h.port(),
                h.query() == null ? "" : h.query(),
                h.url() == null ? "" : h.url(),
                h.expectedStatus() == null ? 0 : h.expectedStatus(),
                Duration.ofMillis(h.intervalMs()),
                Duration.ofMillis(h.timeoutMs()),
                h.thresholdDown(),
                h.thresholdUp(),
                h.reliability(),
                Optional.ofNullable(h.maxLatencyMs()).map(Duration::ofMillis),
                Optional.ofNullable(h.maxLossPercent()));
    }

    private static Notifications notifications(WatchdogFile.Notifications n) {
        Optional<Email> email = Optional.ofNullable(n.email()).map(e -> {
            String smtp = e.smtp();
            int colon = smtp.lastIndexOf(':');
            String host = colon < 0 ? smtp : smtp.substring(0, colon);
            int port = colon < 0 ? 587 : Integer.parseInt(smtp.substring(colon + 1));
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            }
            return new Email(
                    e.enabled(),
                    host,
                    port,
                    e.from() == null ? "" : e.from(),
                    e.to(),
                    Optional.ofNullable(e.username()),
                    Optional.ofNullable(e.password()).map(WatchdogConfig::secret),
                    e.starttls() == null || e.starttls(),
                    words(e.events()));
        });
        Optional<Webhook> webhook = Optional.ofNullable(n.webhook()).map(w -> {
            Map<String, SecretRef> headers = new LinkedHashMap<>();
            w.headers().forEach((k, v) -> headers.put(k, secret(v)));
            return new Webhook(
                    w.enabled(),
                    w.url().literal().orElse(""),
                    headers,
                    words(w.events()),
                    Duration.ofMillis(w.timeoutMs() == null ? 5000 : w.timeoutMs()),
                    w.url().literal().isPresent() ? Optional.empty() : Optional.of(secret(w.url())));
        });
        return new Notifications(email, webhook);
    }

    private static List<String> words(List<EventKind> events) {
        return events.stream().map(EventKind::word).toList();
    }

    private static SecretRef secret(dev.flywall.bundle.SecretRef s) {
        return new SecretRef(s.env(), s.file(), s.bundled());
    }

    private static long hex(String s, String field) throws IOException {
        try {
            return Long.parseLong(s.startsWith("0x") ? s.substring(2) : s, 16);
        } catch (NumberFormatException e) {
            throw new IOException("watchdog.json: \"" + field + "\" is not a hex number: " + s);
        }
    }
}
