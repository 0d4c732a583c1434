package dev.flywall.plan;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flywall.bundle.BundleJson;
import dev.flywall.bundle.EventKind;
import dev.flywall.bundle.SecretRef;
import dev.flywall.bundle.WatchdogFile;
import dev.flywall.model.Cidr;
import dev.flywall.model.Config;
import dev.flywall.model.HealthCheck;
import dev.flywall.model.Interface;
import dev.flywall.model.Notifications;
import dev.flywall.model.PolicyRoute;
import dev.flywall.model.Secret;
import dev.flywall.model.UplinkGroup;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * {@code watchdog.json}: the plan's {@link WatchdogFile} (the schema shared with the runtime),
 * built from the configuration and the allocated uplinks. Deterministic: file order, no timestamps.
 */
final class Watchdog {

    /** Bumped when the runtime must read the file differently. */
    static final int SCHEMA_VERSION = WatchdogFile.SCHEMA_VERSION;

    private Watchdog() {}

    /** The file as the compiler prints it. */
    static ObjectNode of(Config config, List<Uplink> uplinks, MarkLayout marks, NftRuleset ruleset, String configHash) {
        return (ObjectNode) BundleJson.tree(file(config, uplinks, marks, ruleset, configHash));
    }

    static WatchdogFile file(
            Config config, List<Uplink> uplinks, MarkLayout marks, NftRuleset ruleset, String configHash) {
        WatchdogFile.Nft nft = new WatchdogFile.Nft(
                "inet", NftRuleset.TABLE, MarkLayout.hex(marks.mask()), MarkLayout.hex(marks.blackhole()));
        List<WatchdogFile.Uplink> up = uplinks.stream()
                .map(u -> new WatchdogFile.Uplink(
                        u.name(),
                        u.device(),
                        u.markText(),
                        u.table(),
                        WatchdogFile.Addressing.of(u.addressing()),
                        u.gateways().stream().map(Cidr::addressText).toList(),
                        u.addresses().stream().map(Cidr::toString).toList(),
                        ruleset.uplinkChain(u.name()),
                        nat6(config, u, ruleset)))
                .toList();
        List<WatchdogFile.Group> groups =
                config.uplinkGroups().stream().map(g -> group(g, ruleset)).toList();
        List<WatchdogFile.PolicyRoute> routes = config.policyRoutes().stream()
                .map(r -> route(r, config, ruleset))
                .toList();
        WatchdogFile.Api api = new WatchdogFile.Api(
                config.api().listen().toString(),
                config.api().token().map(t -> secret(t, "api.token")).orElse(null));
        WatchdogFile.Runtime runtime = new WatchdogFile.Runtime(
                config.runtime().stateDir(), config.runtime().historyRetention().toSeconds());
        return new WatchdogFile(
                SCHEMA_VERSION,
                configHash,
                nft,
                up,
                groups,
                routes,
                notifications(config.notifications()),
                api,
                runtime,
                interfaces(config, uplinks),
                ha(config).orElse(null),
                config.maintenance().stream()
                        .map(m -> WatchdogFile.Maintenance.of(m.maintenance()))
                        .toList());
    }

    /**
     * This node of an HA pair: its VRRP settings, the sync link (the sync interface's IPv4 address
     * whose subnet holds the peer: validation saw to it) and the virtual addresses per interface
     * in file order, as CIDR text with their prefix length. Empty when the gateway stands alone.
     */
    static Optional<WatchdogFile.Ha> ha(Config config) {
        return config.ha().map(h -> {
            Interface sync = config.iface(h.syncInterface()).orElseThrow();
            Cidr syncAddress = sync.addresses().stream()
                    .filter(a -> !a.isV6() && a.network().contains(h.peer()))
                    .findFirst()
                    .orElseThrow(
                            () -> new IllegalStateException("validation let a sync link without the peer through"));
            List<WatchdogFile.VirtualAddresses> virtual = h.virtualAddresses().stream()
                    .map(v -> new WatchdogFile.VirtualAddresses(
                            config.iface(v.iface()).map(Interface::device).orElse(v.iface()),
                            v.addresses().stream()
                                    .map(a -> a.addressText() + "/" + a.prefix())
                                    .toList()))
                    .toList();
            return new WatchdogFile.Ha(
                    h.priority(),
                    h.routerId(),
                    h.advertInterval().toMillis(),
                    h.preempt(),
                    h.preemptDelay().toMillis(),
                    sync.device(),
                    syncAddress.addressText(),
                    h.peer().addressText(),
                    h.syncPort(),
                    virtual);
        });
    }

    /** The first DHCP route metric of the interfaces that are no uplink (uplinks have 100 + their slot). */
    static final int NON_UPLINK_DHCP_METRIC = 1000;

    /**
     * Every declared interface in file order, as apply provisions it and the daemon supervises it.
     * A DHCP client's default route goes to the main table with a metric of 100 + the uplink's
     * mark slot (101–199: distinct per uplink and stable when others are added), or 1000 + the
     * interface's position in the file for an interface that is no uplink.
     */
    static List<WatchdogFile.Interface> interfaces(Config config, List<Uplink> uplinks) {
        Map<String, Uplink> byName = new TreeMap<>();
        uplinks.forEach(u -> byName.put(u.name(), u));
        List<WatchdogFile.Interface> out = new java.util.ArrayList<>();
        List<Interface> declared = config.interfaces();
        for (int index = 0; index < declared.size(); index++) {
            Interface i = declared.get(index);
            Uplink u = byName.get(i.name());
            WatchdogFile.Dhcp dhcp = !i.dhcp()
                    ? null
                    : new WatchdogFile.Dhcp(u != null ? 100 + u.slot() : NON_UPLINK_DHCP_METRIC + index);
            WatchdogFile.Pppoe pppoe = i.pppoe()
                    .map(p -> new WatchdogFile.Pppoe(
                            p.device(), peersFile(i.name()), secret(p.password(), pppoePasswordKey(i.name()))))
                    .orElse(null);
            WatchdogFile.Shaping shaping = i.wan()
                    .flatMap(Interface.Wan::bandwidth)
                    .map(b -> new WatchdogFile.Shaping(b.bitsPerSecond()))
                    .orElse(null);
            out.add(new WatchdogFile.Interface(
                    i.name(),
                    config.runtime().manageInterfaces(),
                    i.mtu().isPresent() ? i.mtu().getAsInt() : null,
                    i.addresses().stream()
                            .map(a -> a.addressText() + "/" + a.prefix())
                            .toList(),
                    dhcp,
                    pppoe,
                    shaping,
                    ipv6(i, u)));
        }
        return out;
    }

    /**
     * An uplink's IPv6 translation: NPT with its inside prefix, its outside prefix (null for the
     * delegated one) and its two chains; masquerade alone; null for none.
     */
    static WatchdogFile.Nat6 nat6(Config config, Uplink u, NftRuleset ruleset) {
        Interface.Ipv6 v6 = u.source().ipv6().orElse(null);
        if (v6 == null) {
            return null;
        }
        return switch (v6.nat()) {
            case NONE -> null;
            case MASQUERADE -> new WatchdogFile.Nat6(WatchdogFile.Nat6Mode.MASQUERADE, null, null, null, null);
            case NPT -> {
                NftRuleset.NptChains chains = ruleset.nptChains(u.name()).orElseThrow();
                yield new WatchdogFile.Nat6(
                        WatchdogFile.Nat6Mode.NPT,
                        config.nptInside(v6).orElseThrow().toString(),
                        v6.prefix().map(Cidr::toString).orElse(null),
                        chains.out(),
                        chains.in());
            }
        };
    }

    /** A WAN's dynamic IPv6, with the same route metric as its DHCP client (100 + its slot); null without. */
    static WatchdogFile.Ipv6 ipv6(Interface i, Uplink u) {
        return i.ipv6()
                .filter(Interface.Ipv6::dynamic)
                .filter(v -> u != null)
                .map(v -> new WatchdogFile.Ipv6(v.autoconf(), v.dhcp(), v.prefixDelegation(), 100 + u.slot()))
                .orElse(null);
    }

    /** The bundle file with a PPPoE interface's pppd options. */
    public static String peersFile(String iface) {
        return "pppoe-" + iface + ".peers";
    }

    /** The secrets-file key of a PPPoE password written in the configuration. */
    static String pppoePasswordKey(String iface) {
        return "interfaces." + iface + ".pppoe.password";
    }

    private static WatchdogFile.Group group(UplinkGroup g, NftRuleset ruleset) {
        List<WatchdogFile.Member> members = g.members().stream()
                .map(m -> new WatchdogFile.Member(
                        m.iface(),
                        m.priority(),
                        m.weight(),
                        ruleset.sticky(g.name(), m.iface())
                                .map(s -> new WatchdogFile.StickySets(s.chain(), s.set4(), s.set6()))
                                .orElse(null),
                        healthCheck(m.healthCheck())))
                .toList();
        Map<Integer, List<UplinkGroup.Member>> byPriority = new TreeMap<>(g.members().stream()
                .collect(java.util.stream.Collectors.groupingBy(
                        m -> g.mode() == UplinkGroup.Mode.BALANCE ? 0 : m.priority())));
        List<List<String>> tiers = byPriority.values().stream()
                .map(tier -> tier.stream().map(UplinkGroup.Member::iface).toList())
                .toList();
        return new WatchdogFile.Group(
                g.name(),
                WatchdogFile.Mode.of(g.mode().word()),
                g.sticky(),
                g.sticky() ? g.effectiveStickyTimeout().toMillis() : null,
                WatchdogFile.Failback.of(g.failback().word()),
                g.failbackDelay().toMillis(),
                ruleset.groupChain(g.name()),
                g.sticky() ? MarkLayout.hex(Distribution.seed(g.name())) : null,
                members,
                tiers);
    }

    private static WatchdogFile.HealthCheck healthCheck(HealthCheck hc) {
        List<String> targets = null;
        Integer port = null;
        Integer expectedStatus = null;
        String query = null;
        String url = null;
        switch (hc.probe()) {
            case HealthCheck.Icmp i -> targets = addresses(i.targets());
            case HealthCheck.Tcp t -> {
                targets = addresses(t.targets());
                port = t.port();
            }
            case HealthCheck.Dns d -> {
                targets = addresses(d.targets());
                query = d.query();
            }
            case HealthCheck.Http h -> {
                url = h.url();
                expectedStatus = h.expectedStatus();
            }
        }
        return new WatchdogFile.HealthCheck(
                WatchdogFile.CheckType.of(hc.probe().type()),
                targets,
                port,
                query,
                url,
                expectedStatus,
                hc.interval().toMillis(),
                hc.timeout().toMillis(),
                hc.thresholdDown(),
                hc.thresholdUp(),
                hc.reliability(),
                hc.maxLatency().map(java.time.Duration::toMillis).orElse(null),
                hc.maxLoss().orElse(null));
    }

    private static List<String> addresses(List<Cidr> targets) {
        return targets.stream().map(Cidr::addressText).toList();
    }

    private static WatchdogFile.PolicyRoute route(PolicyRoute r, Config config, NftRuleset ruleset) {
        return new WatchdogFile.PolicyRoute(
                r.name(),
                r.uplink(),
                config.group(r.uplink()).isPresent()
                        ? WatchdogFile.UplinkKind.GROUP
                        : WatchdogFile.UplinkKind.INTERFACE,
                r.strict(),
                ruleset.routeChain(r.name()),
                // where a non-strict route's traffic goes while its uplink is down: the default group
                defaultGroup(config).map(UplinkGroup::name).orElse(null));
    }

    /** The group that carries traffic no policy route takes: "default" if there is one, else the first. */
    static Optional<UplinkGroup> defaultGroup(Config config) {
        return config.group("default").or(() -> config.uplinkGroups().stream().findFirst());
    }

    private static WatchdogFile.Notifications notifications(Notifications n) {
        WatchdogFile.Email email = n.email()
                .map(e -> new WatchdogFile.Email(
                        e.enabled(),
                        e.smtp().toString(),
                        e.from(),
                        e.to(),
                        e.username().orElse(null),
                        e.password()
                                .map(p -> secret(p, "notifications.email.password"))
                                .orElse(null),
                        e.starttls(),
                        events(e.events())))
                .orElse(null);
        // a webhook URL often carries a token in its path or query (Slack, Discord, Teams): the
        // URL goes to the secrets file (0600) like a plaintext secret, never into watchdog.json
        WatchdogFile.Webhook webhook = n.webhook()
                .map(w -> {
                    Map<String, SecretRef> headers = new TreeMap<>();
                    w.headers().forEach((k, v) -> headers.put(k, secret(v, "notifications.webhook.headers." + k)));
                    return new WatchdogFile.Webhook(
                            w.enabled(),
                            secret(new Secret.Plain(w.url()), WEBHOOK_URL),
                            headers,
                            events(w.events()),
                            w.timeout().toMillis());
                })
                .orElse(null);
        return new WatchdogFile.Notifications(email, webhook);
    }

    private static List<EventKind> events(List<String> events) {
        return events.stream()
                .map(word -> EventKind.of(word)
                        .orElseThrow(
                                () -> new IllegalStateException("validation let an unknown event through: " + word)))
                .toList();
    }

    /**
     * A secret as a reference: {@code {"env": NAME}}, {@code {"file": PATH}}, or for a value
     * written in the configuration {@code {"bundled": KEY}} — the value itself goes to the
     * bundle's secrets file (mode 0600), never into watchdog.json.
     */
    static SecretRef secret(Secret s, String key) {
        return switch (s) {
            case Secret.Env e -> SecretRef.env(e.name());
            case Secret.File f -> SecretRef.file(f.path());
            case Secret.Plain p -> SecretRef.bundled(key);
        };
    }

    /** The secrets-file key of the webhook URL. */
    static final String WEBHOOK_URL = "notifications.webhook.url";

    /** The plaintext secrets of a configuration by bundle key, for the secrets file. */
    static Map<String, String> bundledSecrets(Config config) {
        Map<String, String> out = new TreeMap<>();
        config.notifications()
                .email()
                .flatMap(Notifications.Email::password)
                .flatMap(Watchdog::plain)
                .ifPresent(v -> out.put("notifications.email.password", v));
        config.notifications()
                .webhook()
                .ifPresent(w -> w.headers()
                        .forEach((k, v) -> plain(v).ifPresent(p -> out.put("notifications.webhook.headers." + k, p))));
        config.api().token().flatMap(Watchdog::plain).ifPresent(v -> out.put("api.token", v));
        for (Interface i : config.interfaces()) {
            i.pppoe().flatMap(p -> plain(p.password())).ifPresent(v -> out.put(pppoePasswordKey(i.name()), v));
        }
        config.notifications().webhook().ifPresent(w -> out.put(WEBHOOK_URL, w.url()));
        return out;
    }

    private static Optional<String> plain(Secret s) {
        return s instanceof Secret.Plain p ? Optional.of(p.value()) : Optional.empty();
    }
}
