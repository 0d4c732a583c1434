package dev.flywall.plan;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flywall.model.Cidr;
import dev.flywall.model.Config;
import dev.flywall.model.HealthCheck;
import dev.flywall.model.Notifications;
import dev.flywall.model.PolicyRoute;
import dev.flywall.model.Secret;
import dev.flywall.model.UplinkGroup;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * {@code watchdog.json}: everything the runtime needs and nothing it must re-derive — uplinks
 * with device, mark, table and addressing; groups with tiers, weights and probe specs; the nft
 * objects the runtime rewrites to switch; notification targets with secrets as references.
 * Deterministic: fixed key order, no timestamps.
 */
final class Watchdog {

    /** Bumped when the runtime must read the file differently. */
    static final int SCHEMA_VERSION = 1;

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private Watchdog() {}

    static ObjectNode of(Config config, List<Uplink> uplinks, MarkLayout marks, NftRuleset ruleset, String configHash) {
        ObjectNode root = JSON.objectNode();
        root.put("schema_version", SCHEMA_VERSION);
        root.put("config_hash", configHash);
        ObjectNode nft = root.putObject("nft");
        nft.put("family", "inet");
        nft.put("table", NftRuleset.TABLE);
        nft.put("mark_mask", MarkLayout.hex(marks.mask()));
        nft.put("blackhole_mark", MarkLayout.hex(marks.blackhole()));
        ArrayNode up = root.putArray("uplinks");
        for (Uplink u : uplinks) {
            ObjectNode o = up.addObject();
            o.put("name", u.device());
            o.put("device", u.device());
            o.put("mark", u.markText());
            o.put("table", u.table());
            o.put("addressing", u.addressing());
            ArrayNode gateways = o.putArray("gateways");
            u.gateways().forEach(g -> gateways.add(g.addressText()));
            ArrayNode addresses = o.putArray("addresses");
            u.addresses().forEach(a -> addresses.add(a.toString()));
            o.put("nft_chain", ruleset.uplinkChain(u.device()));
        }
        ArrayNode groups = root.putArray("groups");
        config.uplinkGroups().forEach(g -> groups.add(group(g, ruleset)));
        ArrayNode routes = root.putArray("policy_routes");
        config.policyRoutes().forEach(r -> routes.add(route(r, config, ruleset)));
        root.set("notifications", notifications(config.notifications()));
        ObjectNode api = root.putObject("api");
        api.put("listen", config.api().listen().toString());
        config.api().token().ifPresent(t -> api.set("token", secret(t, "api.token")));
        ObjectNode runtime = root.putObject("runtime");
        runtime.put("state_dir", config.runtime().stateDir());
        runtime.put("history_retention_s", config.runtime().historyRetention().toSeconds());
        return root;
    }

    private static ObjectNode group(UplinkGroup g, NftRuleset ruleset) {
        ObjectNode o = JSON.objectNode();
        o.put("name", g.name());
        o.put("mode", g.mode().word());
        o.put("sticky", g.sticky());
        if (g.sticky()) {
            o.put("sticky_timeout_ms", g.effectiveStickyTimeout().toMillis());
        }
        o.put("failback", g.failback().word());
        o.put("failback_delay_ms", g.failbackDelay().toMillis());
        o.put("nft_chain", ruleset.groupChain(g.name()));
        if (g.sticky()) {
            o.put("hash_seed", MarkLayout.hex(Distribution.seed(g.name())));
        }
        ArrayNode members = o.putArray("members");
        for (UplinkGroup.Member m : g.members()) {
            ObjectNode mo = members.addObject();
            mo.put("uplink", m.iface());
            mo.put("priority", m.priority());
            mo.put("weight", m.weight());
            ruleset.sticky(g.name(), m.iface()).ifPresent(s -> {
                ObjectNode so = mo.putObject("sticky");
                so.put("nft_chain", s.chain());
                so.put("nft_set_v4", s.set4());
                so.put("nft_set_v6", s.set6());
            });
            mo.set("health_check", healthCheck(m.healthCheck()));
        }
        ArrayNode tiers = o.putArray("tiers");
        Map<Integer, List<UplinkGroup.Member>> byPriority = new TreeMap<>(g.members().stream().collect(
                java.util.stream.Collectors.groupingBy(m -> g.mode() == UplinkGroup.Mode.BALANCE ? 0 : m.priority())));
        for (List<UplinkGroup.Member> tier : byPriority.values()) {
            ArrayNode t = tiers.addArray();
            tier.forEach(m -> t.add(m.iface()));
        }
        return o;
    }

    private static ObjectNode healthCheck(HealthCheck hc) {
        ObjectNode o = JSON.objectNode();
        o.put("type", hc.probe().type());
        switch (hc.probe()) {
            case HealthCheck.Icmp i -> targets(o, i.targets());
            case HealthCheck.Tcp t -> {
                targets(o, t.targets());
                o.put("port", t.port());
            }
            case HealthCheck.Dns d -> {
                targets(o, d.targets());
                o.put("query", d.query());
            }
            case HealthCheck.Http h -> {
                o.put("url", h.url());
                o.put("expected_status", h.expectedStatus());
            }
        }
        o.put("interval_ms", hc.interval().toMillis());
        o.put("timeout_ms", hc.timeout().toMillis());
        o.put("threshold_down", hc.thresholdDown());
        o.put("threshold_up", hc.thresholdUp());
        o.put("reliability", hc.reliability());
        hc.maxLatency().ifPresent(l -> o.put("max_latency_ms", l.toMillis()));
        hc.maxLoss().ifPresent(l -> o.put("max_loss_percent", l));
        return o;
    }

    private static void targets(ObjectNode o, List<Cidr> targets) {
        ArrayNode a = o.putArray("targets");
        targets.forEach(t -> a.add(t.addressText()));
    }

    private static ObjectNode route(PolicyRoute r, Config config, NftRuleset ruleset) {
        ObjectNode o = JSON.objectNode();
        o.put("name", r.name());
        o.put("uplink", r.uplink());
        o.put("uplink_kind", config.group(r.uplink()).isPresent() ? "group" : "interface");
        o.put("strict", r.strict());
        o.put("nft_chain", ruleset.routeChain(r.name()));
        // where a non-strict route's traffic goes while its uplink is down: the default group
        defaultGroup(config).ifPresent(d -> o.put("fallback_group", d.name()));
        return o;
    }

    /** The group that carries traffic no policy route takes: "default" if there is one, else the first. */
    static Optional<UplinkGroup> defaultGroup(Config config) {
        return config.group("default").or(() -> config.uplinkGroups().stream().findFirst());
    }

    private static ObjectNode notifications(Notifications n) {
        ObjectNode o = JSON.objectNode();
        n.email().ifPresent(e -> {
            ObjectNode m = o.putObject("email");
            m.put("enabled", e.enabled());
            m.put("smtp", e.smtp().toString());
            m.put("from", e.from());
            ArrayNode to = m.putArray("to");
            e.to().forEach(to::add);
            e.username().ifPresent(u -> m.put("username", u));
            e.password().ifPresent(p -> m.set("password", secret(p, "notifications.email.password")));
            m.put("starttls", e.starttls());
            events(m, e.events());
        });
        n.webhook().ifPresent(w -> {
            ObjectNode h = o.putObject("webhook");
            h.put("enabled", w.enabled());
            // a webhook URL often carries a token in its path or query (Slack, Discord, Teams): the
            // URL goes to the secrets file (0600) like a plaintext secret, never into watchdog.json
            h.set("url", secret(new Secret.Plain(w.url()), WEBHOOK_URL));
            ObjectNode headers = h.putObject("headers");
            new TreeMap<>(w.headers()).forEach((k, v) -> headers.set(k, secret(v, "notifications.webhook.headers." + k)));
            events(h, w.events());
            h.put("timeout_ms", w.timeout().toMillis());
        });
        return o;
    }

    private static void events(ObjectNode o, List<String> events) {
        ArrayNode a = o.putArray("events");
        events.forEach(a::add);
    }

    /**
     * A secret as a reference: {@code {"env": NAME}}, {@code {"file": PATH}}, or for a value
     * written in the configuration {@code {"bundled": KEY}} — the value itself goes to the
     * bundle's secrets file (mode 0600), never into watchdog.json.
     */
    static ObjectNode secret(Secret s, String key) {
        ObjectNode o = JSON.objectNode();
        switch (s) {
            case Secret.Env e -> o.put("env", e.name());
            case Secret.File f -> o.put("file", f.path());
            case Secret.Plain p -> o.put("bundled", key);
        }
        return o;
    }

    /** The secrets-file key of the webhook URL. */
    static final String WEBHOOK_URL = "notifications.webhook.url";

    /** The plaintext secrets of a configuration by bundle key, for the secrets file. */
    static Map<String, String> bundledSecrets(Config config) {
        Map<String, String> out = new TreeMap<>();
        config.notifications().email().flatMap(Notifications.Email::password).flatMap(Watchdog::plain)
                .ifPresent(v -> out.put("notifications.email.password", v));
        config.notifications().webhook().ifPresent(w -> w.headers().forEach((k, v) -> plain(v)
                .ifPresent(p -> out.put("notifications.webhook.headers." + k, p))));
        config.api().token().flatMap(Watchdog::plain).ifPresent(v -> out.put("api.token", v));
        config.notifications().webhook().ifPresent(w -> out.put(WEBHOOK_URL, w.url()));
        return out;
    }

    private static Optional<String> plain(Secret s) {
        return s instanceof Secret.Plain p ? Optional.of(p.value()) : Optional.empty();
    }
}
