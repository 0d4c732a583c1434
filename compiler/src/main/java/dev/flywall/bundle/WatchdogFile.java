package dev.flywall.bundle;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * {@code watchdog.json}, the one contract between compile and run: everything the daemon needs
 * and nothing it must re-derive — uplinks with device, mark, table and addressing; groups with
 * tiers, weights and probe specs; the nft objects the runtime rewrites to switch; notification
 * targets with secrets as references. Written by the compiler, read by the runtime and the lab,
 * both through {@link BundleJson}. Components in file order; a null component is absent from the
 * file (its accessor of the same meaning returns an {@link Optional}).
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record WatchdogFile(
        int schemaVersion,
        String configHash,
        Nft nft,
        List<Uplink> uplinks,
        List<Group> groups,
        List<PolicyRoute> policyRoutes,
        Notifications notifications,
        Api api,
        Runtime runtime,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<Interface> interfaces,
        @JsonInclude(JsonInclude.Include.NON_NULL) Ha ha,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<Maintenance> maintenance) {

    /** Bumped when the runtime must read the file differently. */
    public static final int SCHEMA_VERSION = 1;

    @JsonCreator
    public WatchdogFile {
        Objects.requireNonNull(configHash, "config_hash");
        Objects.requireNonNull(nft, "nft");
        uplinks = List.copyOf(Objects.requireNonNull(uplinks, "uplinks"));
        groups = List.copyOf(Objects.requireNonNull(groups, "groups"));
        policyRoutes = List.copyOf(Objects.requireNonNull(policyRoutes, "policy_routes"));
        Objects.requireNonNull(notifications, "notifications");
        Objects.requireNonNull(api, "api");
        Objects.requireNonNull(runtime, "runtime");
        // absent in bundles from before interfaces were provisioned: nothing to provision
        interfaces = interfaces == null ? List.of() : List.copyOf(interfaces);
        // absent when no maintenance window is declared (and in bundles from before them)
        maintenance = maintenance == null ? List.of() : List.copyOf(maintenance);
    }

    /** A file without maintenance windows. */
    public WatchdogFile(
            int schemaVersion,
            String configHash,
            Nft nft,
            List<Uplink> uplinks,
            List<Group> groups,
            List<PolicyRoute> policyRoutes,
            Notifications notifications,
            Api api,
            Runtime runtime,
            List<Interface> interfaces,
            Ha ha) {
        this(
                schemaVersion,
                configHash,
                nft,
                uplinks,
                groups,
                policyRoutes,
                notifications,
                api,
                runtime,
                interfaces,
                ha,
                List.of());
    }

    // Copies with one part replaced, for the lab, which points targets at its own hosts.

    public WatchdogFile withGroups(List<Group> groups) {
        return new WatchdogFile(
                schemaVersion,
                configHash,
                nft,
                uplinks,
                groups,
                policyRoutes,
                notifications,
                api,
                runtime,
                interfaces,
                ha,
                maintenance);
    }

    public WatchdogFile withNotifications(Notifications notifications) {
        return new WatchdogFile(
                schemaVersion,
                configHash,
                nft,
                uplinks,
                groups,
                policyRoutes,
                notifications,
                api,
                runtime,
                interfaces,
                ha,
                maintenance);
    }

    /** The nft table and the mark layout; marks as hex text ({@code 0xff00}). */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Nft(String family, String table, String markMask, String blackholeMark) {
        public Nft {
            Objects.requireNonNull(family, "family");
            Objects.requireNonNull(table, "table");
            Objects.requireNonNull(markMask, "mark_mask");
            Objects.requireNonNull(blackholeMark, "blackhole_mark");
        }
    }

    /** How an uplink gets its address. */
    public enum Addressing {
        STATIC("static"),
        DHCP("dhcp"),
        PPPOE("pppoe");

        private final String word;

        Addressing(String word) {
            this.word = word;
        }

        @JsonValue
        public String word() {
            return word;
        }

        @JsonCreator
        public static Addressing of(String word) {
            return Words.of(Addressing.class, word, Addressing::word, "addressing");
        }
    }

    /** One WAN: its device, fwmark (hex), routing table and addressing. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Uplink(
            String name,
            String device,
            String mark,
            int table,
            Addressing addressing,
            List<String> gateways,
            List<String> addresses,
            String nftChain,
            @JsonInclude(JsonInclude.Include.NON_NULL) Nat6 nat6) {
        public Uplink {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(device, "device");
            Objects.requireNonNull(mark, "mark");
            Objects.requireNonNull(addressing, "addressing");
            gateways = List.copyOf(Objects.requireNonNull(gateways, "gateways"));
            addresses = List.copyOf(Objects.requireNonNull(addresses, "addresses"));
            Objects.requireNonNull(nftChain, "nft_chain");
        }
    }

    /**
     * How IPv6 traffic from the LAN leaves by an uplink ({@code interface { ipv6 { nat } }}); absent
     * for {@code nat = "none"}. {@code MASQUERADE}: the compiler's ruleset rewrites the source to the
     * uplink's own address (nothing for the runtime to do; the other fields are null).
     * {@code NPT}: stateless 1:1 prefix translation (RFC 6296 style, checksums recomputed by the
     * kernel rather than adjusted in the address): the source prefix {@code inside} (the LAN
     * prefix, e.g. {@code "fd00:10::/64"}) becomes {@code outside} on the way out, and the
     * destination back on the way in; host bits are kept. {@code outside} null means the uplink's
     * delegated prefix (DHCPv6-PD), known only at run time: the compiler writes the two chains
     * empty and the runtime fills them ({@link dev.flywall.plan.NptRules}) whenever the delegated
     * prefix changes. {@code nftChainOut} (postrouting, by source) and {@code nftChainIn}
     * (prerouting before conntrack, by destination) are the chains holding the translation.
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Nat6(Nat6Mode mode, String inside, String outside, String nftChainOut, String nftChainIn) {
        public Nat6 {
            Objects.requireNonNull(mode, "mode");
            if (mode == Nat6Mode.NPT) {
                Objects.requireNonNull(inside, "inside");
                Objects.requireNonNull(nftChainOut, "nft_chain_out");
                Objects.requireNonNull(nftChainIn, "nft_chain_in");
            }
        }
    }

    /** The IPv6 translation of an uplink. */
    public enum Nat6Mode {
        NPT("npt"),
        MASQUERADE("masquerade");

        private final String word;

        Nat6Mode(String word) {
            this.word = word;
        }

        @JsonValue
        public String word() {
            return word;
        }

        @JsonCreator
        public static Nat6Mode of(String word) {
            return Words.of(Nat6Mode.class, word, Nat6Mode::word, "nat6 mode");
        }
    }

    /** How a group spreads its traffic. */
    public enum Mode {
        FAILOVER("failover"),
        BALANCE("balance");

        private final String word;

        Mode(String word) {
            this.word = word;
        }

        @JsonValue
        public String word() {
            return word;
        }

        @JsonCreator
        public static Mode of(String word) {
            return Words.of(Mode.class, word, Mode::word, "group mode");
        }
    }

    /** Whether a group returns to a recovered member by itself. */
    public enum Failback {
        AUTO("auto"),
        MANUAL("manual");

        private final String word;

        Failback(String word) {
            this.word = word;
        }

        @JsonValue
        public String word() {
            return word;
        }

        @JsonCreator
        public static Failback of(String word) {
            return Words.of(Failback.class, word, Failback::word, "failback");
        }
    }

    /**
     * An uplink group; {@code tiers} lists member names by priority, preferred first. In sticky
     * groups {@code stickyTimeoutMs} and {@code hashSeed} (hex) are set, otherwise null.
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Group(
            String name,
            Mode mode,
            boolean sticky,
            Long stickyTimeoutMs,
            Failback failback,
            long failbackDelayMs,
            String nftChain,
            String hashSeed,
            List<Member> members,
            List<List<String>> tiers) {
        public Group {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(mode, "mode");
            Objects.requireNonNull(failback, "failback");
            Objects.requireNonNull(nftChain, "nft_chain");
            members = List.copyOf(Objects.requireNonNull(members, "members"));
            tiers = Objects.requireNonNull(tiers, "tiers").stream()
                    .map(List::copyOf)
                    .toList();
        }

        public Group withMembers(List<Member> members) {
            return new Group(
                    name, mode, sticky, stickyTimeoutMs, failback, failbackDelayMs, nftChain, hashSeed, members, tiers);
        }
    }

    /** A member of a group; {@code sticky} (its sticky chain and source sets) in sticky groups, otherwise null. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Member(String uplink, int priority, int weight, StickySets sticky, HealthCheck healthCheck) {
        public Member {
            Objects.requireNonNull(uplink, "uplink");
            Objects.requireNonNull(healthCheck, "health_check");
        }

        public Member withHealthCheck(HealthCheck healthCheck) {
            return new Member(uplink, priority, weight, sticky, healthCheck);
        }
    }

    /** The nft chain and the v4/v6 source sets of a sticky member. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record StickySets(String nftChain, String nftSetV4, String nftSetV6) {
        public StickySets {
            Objects.requireNonNull(nftChain, "nft_chain");
            Objects.requireNonNull(nftSetV4, "nft_set_v4");
            Objects.requireNonNull(nftSetV6, "nft_set_v6");
        }
    }

    /** What a health check sends. */
    public enum CheckType {
        ICMP("icmp"),
        TCP("tcp"),
        DNS("dns"),
        HTTP("http");

        private final String word;

        CheckType(String word) {
            this.word = word;
        }

        @JsonValue
        public String word() {
            return word;
        }

        @JsonCreator
        public static CheckType of(String word) {
            return Words.of(CheckType.class, word, CheckType::word, "health check type");
        }
    }

    /**
     * How a member is probed. By type: icmp sets {@code targets}; tcp {@code targets} and
     * {@code port}; dns {@code targets} and {@code query}; http {@code url} and
     * {@code expectedStatus}. What a type does not use is null, as are the optional limits.
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record HealthCheck(
            CheckType type,
            List<String> targets,
            Integer port,
            String query,
            String url,
            Integer expectedStatus,
            long intervalMs,
            long timeoutMs,
            int thresholdDown,
            int thresholdUp,
            int reliability,
            Long maxLatencyMs,
            Integer maxLossPercent) {
        public HealthCheck {
            Objects.requireNonNull(type, "type");
            targets = targets == null ? null : List.copyOf(targets);
        }

        /** The same check of other targets (an icmp, tcp or dns check) or another URL (http). */
        public HealthCheck withTargets(List<String> targets, String url) {
            return new HealthCheck(
                    type,
                    targets,
                    port,
                    query,
                    url,
                    expectedStatus,
                    intervalMs,
                    timeoutMs,
                    thresholdDown,
                    thresholdUp,
                    reliability,
                    maxLatencyMs,
                    maxLossPercent);
        }
    }

    /** What a policy route's uplink names. */
    public enum UplinkKind {
        GROUP("group"),
        INTERFACE("interface");

        private final String word;

        UplinkKind(String word) {
            this.word = word;
        }

        @JsonValue
        public String word() {
            return word;
        }

        @JsonCreator
        public static UplinkKind of(String word) {
            return Words.of(UplinkKind.class, word, UplinkKind::word, "uplink kind");
        }
    }

    /**
     * A policy route; {@code fallbackGroup} (or null) is where a non-strict route's traffic goes
     * while its uplink is down.
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record PolicyRoute(
            String name, String uplink, UplinkKind uplinkKind, boolean strict, String nftChain, String fallbackGroup) {
        public PolicyRoute {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(uplink, "uplink");
            Objects.requireNonNull(uplinkKind, "uplink_kind");
            Objects.requireNonNull(nftChain, "nft_chain");
        }
    }

    /** The notification targets; each is null when not configured. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Notifications(Email email, Webhook webhook) {}

    /** An email target: {@code smtp} is {@code host:port}; {@code username} and {@code password} may be null. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Email(
            boolean enabled,
            String smtp,
            String from,
            List<String> to,
            String username,
            SecretRef password,
            Boolean starttls,
            List<EventKind> events) {
        public Email {
            Objects.requireNonNull(smtp, "smtp");
            to = List.copyOf(Objects.requireNonNull(to, "to"));
            events = List.copyOf(Objects.requireNonNull(events, "events"));
        }

        public Email withServer(String smtp, Boolean starttls) {
            return new Email(enabled, smtp, from, to, username, password, starttls, events);
        }
    }

    /**
     * A webhook target. Its URL is a secret (it often carries a token): a reference to the
     * bundle's secrets file, or a {@link SecretRef#literal} in rewritten bundles. {@code timeoutMs}
     * may be null (5 s). Headers in name order.
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Webhook(
            boolean enabled, SecretRef url, Map<String, SecretRef> headers, List<EventKind> events, Long timeoutMs) {
        public Webhook {
            Objects.requireNonNull(url, "url");
            headers = headers == null
                    ? Map.of()
                    : java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(headers));
            events = List.copyOf(Objects.requireNonNull(events, "events"));
        }

        public Webhook withUrl(SecretRef url) {
            return new Webhook(enabled, url, headers, events, timeoutMs);
        }
    }

    /** The local API: {@code host:port} and an optional (null) bearer token. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Api(String listen, SecretRef token) {
        public Api {
            Objects.requireNonNull(listen, "listen");
        }
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Runtime(String stateDir, long historyRetentionS) {
        public Runtime {
            Objects.requireNonNull(stateDir, "state_dir");
        }
    }

    /**
     * A declared interface as {@code apply} provisions it and the daemon supervises it. Not
     * {@code managed} ({@code runtime { interfaces = "host" }}): the host brings it up; apply leaves
     * its link, MTU and addresses alone and the daemon starts no DHCP client or pppd for it (shaping
     * still applies). {@code mtu} null: left as the kernel has it. {@code addresses}: the static
     * addresses with their prefix ({@code "192.0.2.2/24"}, {@code "2001:db8::2/64"}), in file order.
     * {@code dhcp}, {@code pppoe}, {@code shaping}: null when not declared.
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Interface(
            String name,
            boolean managed,
            Integer mtu,
            List<String> addresses,
            Dhcp dhcp,
            Pppoe pppoe,
            Shaping shaping,
            Ipv6 ipv6) {
        public Interface {
            Objects.requireNonNull(name, "name");
            addresses = List.copyOf(Objects.requireNonNull(addresses, "addresses"));
        }
    }

    /**
     * A DHCP uplink's client: the metric of the default route its hook installs in the main table
     * (the daemon's route sync copies the gateway from there into the uplink's table). The compiler
     * gives an uplink 100 + its mark slot (101–199, distinct per uplink and unchanged when uplinks
     * are added), an interface that is no uplink 1000 + its position in the file; {@code flywall
     * compile --networkd} writes the same metric as networkd's {@code RouteMetric=}.
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Dhcp(int routeMetric) {}

    /**
     * A PPPoE uplink's session: {@code device} is the PPP device pppd creates (the uplink's
     * device for routes, NAT, marks and probes; {@code pppoe { device }}, default
     * {@code "ppp-" + name}); {@code peersFile} the bundle file with pppd's options
     * ({@code pppoe-NAME.peers}: plugin, {@code nic-NAME}, {@code ifname DEVICE}, the username
     * among them, never the password; the daemon runs {@code pppd file PEERS} and adds the
     * password file); {@code password} the secret the daemon writes to a file of mode 0600 that
     * pppd reads (a plaintext one is in secrets.json under {@code interfaces.NAME.pppoe.password}).
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Pppoe(String device, String peersFile, SecretRef password) {
        public Pppoe {
            Objects.requireNonNull(device, "device");
            Objects.requireNonNull(peersFile, "peers_file");
            Objects.requireNonNull(password, "password");
        }
    }

    /**
     * Egress shaping of a WAN's own device ({@code wan { bandwidth }}): an HTB root at
     * {@code rateBps} bits per second with a fair-queueing leaf (see {@code ShapingBatch}).
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Shaping(long rateBps) {}

    /**
     * How a WAN learns IPv6 at run time ({@code interface { ipv6 { autoconf dhcp prefix_delegation } }});
     * null when it has no dynamic IPv6 (static addresses are in {@code addresses}).
     * {@code autoconf}: SLAAC addresses from router advertisements. Whenever this record is present
     * the interface accepts router advertisements (its default router becomes the uplink's IPv6
     * gateway) with {@code routeMetric} as the metric of the RA default route in the main table
     * (same numbering as {@link Dhcp#routeMetric()}). {@code dhcp}: a DHCPv6 address (IA_NA) from
     * {@code dhclient -6}. {@code prefixDelegation}: ask for a delegated prefix (IA_PD,
     * {@code dhclient -6 -P}); it is the outside prefix of the uplink's NPT when that has none.
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Ipv6(boolean autoconf, boolean dhcp, boolean prefixDelegation, int routeMetric) {}

    /**
     * This node of a highly available pair ({@code ha { }}); absent when the gateway stands alone.
     * The spec of both generated files: {@link dev.flywall.render.HaFiles} renders
     * {@code keepalived.conf} and {@code conntrackd.conf} from this record alone (the compiler with
     * the configured state directory, the daemon with its own), so nothing else is needed.
     *
     * <p>VRRP (keepalived, VRRPv3): one instance per interface in {@code virtualAddresses}, all
     * with {@code routerId}, this node's {@code priority} (1–254, higher is preferred), adverts
     * every {@code advertIntervalMs} (a multiple of 10, VRRPv3's centiseconds); both nodes start
     * as backup; {@code preempt} false is keepalived's {@code nopreempt}, true waits
     * {@code preemptDelayMs} before a returning preferred node takes the addresses back. With two
     * instances or more they form one sync group, so every address moves together.
     *
     * <p>Connection sync (conntrackd, FTFW over UDP): from {@code syncAddress} (this node's IPv4
     * address on {@code syncDevice}) to {@code peer} on {@code syncPort}.
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Ha(
            int priority,
            int routerId,
            long advertIntervalMs,
            boolean preempt,
            long preemptDelayMs,
            String syncDevice,
            String syncAddress,
            String peer,
            int syncPort,
            List<VirtualAddresses> virtualAddresses) {
        public Ha {
            Objects.requireNonNull(syncDevice, "sync_device");
            Objects.requireNonNull(syncAddress, "sync_address");
            Objects.requireNonNull(peer, "peer");
            virtualAddresses = List.copyOf(Objects.requireNonNull(virtualAddresses, "virtual_addresses"));
        }
    }

    /**
     * The virtual addresses one interface carries while this node is master, as CIDR text
     * ({@code "192.168.1.1/24"}); at least one IPv4 (VRRP's own family), IPv6 ones besides.
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record VirtualAddresses(String device, List<String> addresses) {
        public VirtualAddresses {
            Objects.requireNonNull(device, "device");
            addresses = List.copyOf(Objects.requireNonNull(addresses, "addresses"));
        }
    }

    /**
     * A maintenance window ({@code maintenance "NAME" { }}): the uplinks (by name) it takes out of
     * use, its IANA time zone, and either a weekly schedule ({@code days} as {@code mon} …
     * {@code sun}, {@code start} as {@code HH:MM} local time, {@code durationMs}) or a one-off one
     * ({@code from} and {@code until} as ISO local date-times, {@code 2026-12-10T22:00}). What the
     * other form uses is null. {@link #toModel()} gives the model the daemon evaluates.
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Maintenance(
            String name,
            List<String> uplinks,
            String timeZone,
            List<String> days,
            String start,
            Long durationMs,
            String from,
            String until) {
        public Maintenance {
            Objects.requireNonNull(name, "name");
            uplinks = List.copyOf(Objects.requireNonNull(uplinks, "uplinks"));
            Objects.requireNonNull(timeZone, "time_zone");
            days = days == null ? null : List.copyOf(days);
        }

        /** The file's form of a window: days in week order. */
        public static Maintenance of(dev.flywall.model.Maintenance m) {
            String zone = m.zone().getId();
            return switch (m.schedule()) {
                case dev.flywall.model.Maintenance.Weekly w ->
                    new Maintenance(
                            m.name(),
                            m.uplinks(),
                            zone,
                            w.days().stream()
                                    .sorted()
                                    .map(dev.flywall.model.Maintenance::word)
                                    .toList(),
                            w.start().format(DateTimeFormatter.ofPattern("HH:mm")),
                            w.duration().toMillis(),
                            null,
                            null);
                case dev.flywall.model.Maintenance.Once o ->
                    new Maintenance(
                            m.name(),
                            m.uplinks(),
                            zone,
                            null,
                            null,
                            null,
                            o.from().toString(),
                            o.until().toString());
            };
        }

        /**
         * The model of this window; an {@link IllegalArgumentException} names what is wrong (an
         * unknown zone or day, a malformed time, both forms or neither).
         */
        public dev.flywall.model.Maintenance toModel() {
            ZoneId zone;
            try {
                zone = ZoneId.of(timeZone);
            } catch (DateTimeException e) {
                throw new IllegalArgumentException(
                        "maintenance \"" + name + "\": unknown time zone \"" + timeZone + "\"");
            }
            boolean weekly = days != null || start != null || durationMs != null;
            boolean once = from != null || until != null;
            if (weekly == once) {
                throw new IllegalArgumentException(
                        "maintenance \"" + name + "\": needs either days, start and duration_ms or from and until");
            }
            try {
                dev.flywall.model.Maintenance.Schedule schedule;
                if (weekly) {
                    Objects.requireNonNull(days, "days");
                    Set<DayOfWeek> set = new HashSet<>();
                    for (String d : days) {
                        set.add(dev.flywall.model.Maintenance.day(d)
                                .orElseThrow(() -> new IllegalArgumentException("unknown day \"" + d + "\"")));
                    }
                    schedule = new dev.flywall.model.Maintenance.Weekly(
                            set,
                            LocalTime.parse(Objects.requireNonNull(start, "start")),
                            Duration.ofMillis(Objects.requireNonNull(durationMs, "duration_ms")));
                } else {
                    schedule = new dev.flywall.model.Maintenance.Once(
                            LocalDateTime.parse(Objects.requireNonNull(from, "from")),
                            LocalDateTime.parse(Objects.requireNonNull(until, "until")));
                }
                return new dev.flywall.model.Maintenance(name, uplinks, zone, schedule);
            } catch (NullPointerException | DateTimeException e) {
                throw new IllegalArgumentException("maintenance \"" + name + "\": " + e.getMessage(), e);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("maintenance \"" + name + "\": " + e.getMessage(), e);
            }
        }
    }
}
