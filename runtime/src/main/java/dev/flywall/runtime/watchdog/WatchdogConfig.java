package dev.flywall.runtime.watchdog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
        Runtime runtime) {

    /** The schema version this reader understands. */
    public static final int SCHEMA_VERSION = 1;

    private static final ObjectMapper JSON = new ObjectMapper();

    public WatchdogConfig {
        uplinks = List.copyOf(uplinks);
        groups = List.copyOf(groups);
        routes = List.copyOf(routes);
    }

    /** The nft table and mark layout. */
    public record Nft(String family, String table, long markMask, long blackholeMark) {}

    /** One WAN: its device, fwmark, routing table and how it gets its address. */
    public record Uplink(String name, String device, long mark, int table, String addressing,
            List<String> gateways, List<String> addresses, String nftChain) {
        public Uplink {
            gateways = List.copyOf(gateways);
            addresses = List.copyOf(addresses);
        }

        /** DHCP and PPPoE uplinks learn address and gateway from the kernel at run time. */
        public boolean dynamic() {
            return !addressing.equals("static");
        }
    }

    /** How a member is probed. Fields that a type does not use are empty or zero. */
    public record HealthCheck(String type, List<String> targets, int port, String query, String url,
            int expectedStatus, Duration interval, Duration timeout, int thresholdDown, int thresholdUp,
            int reliability, Optional<Duration> maxLatency, Optional<Integer> maxLossPercent) {
        public HealthCheck {
            targets = List.copyOf(targets);
        }

        /** What one round probes: the targets, or the URL of an http check. */
        public List<String> probeTargets() {
            return type.equals("http") ? List.of(url) : targets;
        }
    }

    /** A member of a group; {@code sticky} names its sticky chain and source sets in sticky groups. */
    public record Member(String uplink, int priority, int weight, HealthCheck healthCheck,
            Optional<dev.flywall.plan.Distribution.Sticky> sticky) {
        public Member(String uplink, int priority, int weight, HealthCheck healthCheck) {
            this(uplink, priority, weight, healthCheck, Optional.empty());
        }
    }

    /** An uplink group. {@code tiers} lists member names by priority, preferred first. */
    public record Group(String name, String mode, boolean sticky, Optional<Duration> stickyTimeout,
            boolean manualFailback, Duration failbackDelay, Optional<Long> hashSeed, String nftChain,
            List<Member> members, List<List<String>> tiers) {
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
    public record Route(String name, String uplink, boolean viaGroup, boolean strict, String nftChain,
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

    public record Email(boolean enabled, String smtpHost, int smtpPort, String from, List<String> to,
            Optional<String> username, Optional<SecretRef> password, boolean starttls, List<String> events) {
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
    public record Webhook(boolean enabled, String url, Map<String, SecretRef> headers, List<String> events,
            Duration timeout, Optional<SecretRef> urlSecret) {
        public Webhook {
            headers = Map.copyOf(headers);
            events = List.copyOf(events);
        }

        /** A webhook whose URL is written out. */
        public Webhook(boolean enabled, String url, Map<String, SecretRef> headers, List<String> events,
                Duration timeout) {
            this(enabled, url, headers, events, timeout, Optional.empty());
        }
    }

    public record Notifications(Optional<Email> email, Optional<Webhook> webhook) {}

    /** The local API: {@code host:port} and an optional bearer token. */
    public record Api(String listen, Optional<SecretRef> token) {}

    public record Runtime(String stateDir, Duration historyRetention) {}

    /**
     * The priority of an uplink's "from its address" rule: the compiler's slot (the mark shifted
     * down to the mask's lowest bit) above {@link dev.flywall.plan.RulePriorities#FROM_ADDRESS}.
     */
    public int fromAddressPriority(Uplink u) {
        long mask = nft.markMask();
        return dev.flywall.plan.RulePriorities.FROM_ADDRESS + (int) ((u.mark() & mask) >>> Long.numberOfTrailingZeros(mask));
    }

    public Optional<Uplink> uplink(String name) {
        return uplinks.stream().filter(u -> u.name().equals(name)).findFirst();
    }

    /**
     * How an uplink is probed: the health check of its first membership, in file order (an uplink
     * in several groups is probed once); empty when no group has it.
     */
    public Optional<HealthCheck> healthCheck(String uplink) {
        return groups.stream().flatMap(g -> g.member(uplink).stream()).map(Member::healthCheck).findFirst();
    }

    public Optional<Group> group(String name) {
        return groups.stream().filter(g -> g.name().equals(name)).findFirst();
    }

    /** Parses watchdog.json; a wrong schema version or a missing field is an {@link IOException}. */
    public static WatchdogConfig parse(String json) throws IOException {
        JsonNode root = JSON.readTree(json);
        int version = need(root, "schema_version").asInt();
        if (version != SCHEMA_VERSION) {
            throw new IOException("watchdog.json has schema version " + version + "; this flywall reads version "
                    + SCHEMA_VERSION + " (re-apply the configuration with this flywall)");
        }
        JsonNode nft = need(root, "nft");
        Nft n = new Nft(text(nft, "family"), text(nft, "table"), hex(nft, "mark_mask"), hex(nft, "blackhole_mark"));
        List<Uplink> uplinks = new ArrayList<>();
        for (JsonNode u : need(root, "uplinks")) {
            uplinks.add(new Uplink(text(u, "name"), text(u, "device"), hex(u, "mark"), need(u, "table").asInt(),
                    text(u, "addressing"), strings(u, "gateways"), strings(u, "addresses"), text(u, "nft_chain")));
        }
        List<Group> groups = new ArrayList<>();
        for (JsonNode g : need(root, "groups")) {
            List<Member> members = new ArrayList<>();
            for (JsonNode m : need(g, "members")) {
                Optional<dev.flywall.plan.Distribution.Sticky> sticky = Optional.empty();
                if (m.has("sticky")) {
                    JsonNode s = m.get("sticky");
                    sticky = Optional.of(new dev.flywall.plan.Distribution.Sticky(text(s, "nft_chain"),
                            text(s, "nft_set_v4"), text(s, "nft_set_v6")));
                }
                members.add(new Member(text(m, "uplink"), need(m, "priority").asInt(), need(m, "weight").asInt(),
                        healthCheck(need(m, "health_check")), sticky));
            }
            List<List<String>> tiers = new ArrayList<>();
            for (JsonNode t : need(g, "tiers")) {
                List<String> tier = new ArrayList<>();
                t.forEach(x -> tier.add(x.asText()));
                tiers.add(tier);
            }
            groups.add(new Group(text(g, "name"), text(g, "mode"), need(g, "sticky").asBoolean(),
                    millis(g, "sticky_timeout_ms"), text(g, "failback").equals("manual"),
                    Duration.ofMillis(need(g, "failback_delay_ms").asLong()),
                    g.has("hash_seed") ? Optional.of(hex(g, "hash_seed")) : Optional.empty(), text(g, "nft_chain"),
                    members, tiers));
        }
        List<Route> routes = new ArrayList<>();
        for (JsonNode r : need(root, "policy_routes")) {
            routes.add(new Route(text(r, "name"), text(r, "uplink"), text(r, "uplink_kind").equals("group"),
                    need(r, "strict").asBoolean(), text(r, "nft_chain"),
                    r.has("fallback_group") ? Optional.of(text(r, "fallback_group")) : Optional.empty()));
        }
        JsonNode api = need(root, "api");
        JsonNode runtime = need(root, "runtime");
        return new WatchdogConfig(text(root, "config_hash"), n, uplinks, groups, routes,
                notifications(need(root, "notifications")),
                new Api(text(api, "listen"), api.has("token") ? Optional.of(secret(api.get("token"))) : Optional.empty()),
                new Runtime(text(runtime, "state_dir"), Duration.ofSeconds(need(runtime, "history_retention_s").asLong())));
    }

    private static HealthCheck healthCheck(JsonNode h) throws IOException {
        return new HealthCheck(text(h, "type"), h.has("targets") ? strings(h, "targets") : List.of(),
                h.path("port").asInt(0), h.path("query").asText(""), h.path("url").asText(""),
                h.path("expected_status").asInt(0), Duration.ofMillis(need(h, "interval_ms").asLong()),
                Duration.ofMillis(need(h, "timeout_ms").asLong()), need(h, "threshold_down").asInt(),
                need(h, "threshold_up").asInt(), need(h, "reliability").asInt(), millis(h, "max_latency_ms"),
                h.has("max_loss_percent") ? Optional.of(h.get("max_loss_percent").asInt()) : Optional.empty());
    }

    private static Notifications notifications(JsonNode n) throws IOException {
        Optional<Email> email = Optional.empty();
        if (n.has("email")) {
            JsonNode e = n.get("email");
            String smtp = text(e, "smtp");
            int colon = smtp.lastIndexOf(':');
            String host = colon < 0 ? smtp : smtp.substring(0, colon);
            int port = colon < 0 ? 587 : Integer.parseInt(smtp.substring(colon + 1));
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            }
            email = Optional.of(new Email(need(e, "enabled").asBoolean(), host, port, e.path("from").asText(""),
                    strings(e, "to"), e.has("username") ? Optional.of(e.get("username").asText()) : Optional.empty(),
                    e.has("password") ? Optional.of(secret(e.get("password"))) : Optional.empty(),
                    e.path("starttls").asBoolean(true), strings(e, "events")));
        }
        Optional<Webhook> webhook = Optional.empty();
        if (n.has("webhook")) {
            JsonNode w = n.get("webhook");
            Map<String, SecretRef> headers = new LinkedHashMap<>();
            var fields = w.path("headers").fields();
            while (fields.hasNext()) {
                var f = fields.next();
                headers.put(f.getKey(), secret(f.getValue()));
            }
            JsonNode url = need(w, "url");
            webhook = Optional.of(new Webhook(need(w, "enabled").asBoolean(), url.isObject() ? "" : url.asText(),
                    headers, strings(w, "events"), Duration.ofMillis(w.path("timeout_ms").asLong(5000)),
                    url.isObject() ? Optional.of(secret(url)) : Optional.empty()));
        }
        return new Notifications(email, webhook);
    }

    private static SecretRef secret(JsonNode s) {
        return new SecretRef(opt(s, "env"), opt(s, "file"), opt(s, "bundled"));
    }

    private static Optional<String> opt(JsonNode n, String field) {
        return n.has(field) ? Optional.of(n.get(field).asText()) : Optional.empty();
    }

    private static Optional<Duration> millis(JsonNode n, String field) {
        return n.has(field) ? Optional.of(Duration.ofMillis(n.get(field).asLong())) : Optional.empty();
    }

    private static JsonNode need(JsonNode n, String field) throws IOException {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            throw new IOException("watchdog.json: missing \"" + field + "\"");
        }
        return v;
    }

    private static String text(JsonNode n, String field) throws IOException {
        return need(n, field).asText();
    }

    private static long hex(JsonNode n, String field) throws IOException {
        String s = text(n, field);
        try {
            return Long.parseLong(s.startsWith("0x") ? s.substring(2) : s, 16);
        } catch (NumberFormatException e) {
            throw new IOException("watchdog.json: \"" + field + "\" is not a hex number: " + s);
        }
    }

    private static List<String> strings(JsonNode n, String field) throws IOException {
        List<String> out = new ArrayList<>();
        need(n, field).forEach(x -> out.add(x.asText()));
        return out;
    }
}
