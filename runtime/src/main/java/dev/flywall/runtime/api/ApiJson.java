package dev.flywall.runtime.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flywall.runtime.engine.Health;
import dev.flywall.runtime.engine.Status;
import dev.flywall.runtime.history.History;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The JSON documents of the local API, written field by field rather than by reflection: they
 * are a contract with scripts and with {@code flywall wan}, so renaming a record component must
 * not rename a key. Keys are snake_case, an empty {@link Optional} is {@code null}, instants are
 * ISO-8601 ({@code 2026-11-22T10:00:00Z}). Each document can be read back into the record it was
 * written from, which is how the CLI renders what the daemon sent.
 */
public final class ApiJson {

    /**
     * Nodes without an ObjectMapper: {@code flywall wan status} reads the status through this
     * class, and an ObjectMapper's initialisation was a third of that command's Java work.
     */
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** For the events' details only (history), made on first use. */
    private static final class Mapper {
        static final ObjectMapper MAPPER = new ObjectMapper();
    }

    private ApiJson() {}

    /** {@code GET /api/wan/status}. */
    public static ObjectNode status(Status s) {
        ObjectNode o = NODES.objectNode();
        o.put("at", s.at().toString());
        o.put("config_hash", s.configHash());
        o.put("started_at", s.startedAt().toString());
        ArrayNode uplinks = o.putArray("uplinks");
        for (Status.UplinkStatus u : s.uplinks()) {
            ObjectNode n = uplinks.addObject();
            n.put("name", u.name());
            n.put("device", u.device());
            n.put("state", u.state());
            n.put("priority", u.priority());
            n.put("since", u.since().toString());
            n.put("reason", u.reason());
            putNumber(n, "rtt_ms", u.rttMs());
            putNumber(n, "jitter_ms", u.jitterMs());
            n.put("loss_percent", u.lossPercent());
            n.put("probes_sent", u.probesSent());
            n.put("probes_lost", u.probesLost());
            n.put("link_up", u.linkUp());
            n.put("address", u.address().orElse(null));
            n.put("gateway", u.gateway().orElse(null));
            // only for an uplink with dynamic IPv6 that learned them
            u.ipv6Address().ifPresent(a -> n.put("ipv6_address", a));
            u.delegatedPrefix().ifPresent(d -> n.put("delegated_prefix", d));
            n.put("usable", u.usable());
            n.put("drained", u.drained());
            n.put("drained_since", u.drainedSince().map(Instant::toString).orElse(null));
            n.put("drain_reason", u.drainReason().orElse(null));
            n.put("maintenance", u.maintenance().orElse(null));
            n.put(
                    "maintenance_until",
                    u.maintenanceUntil().map(Instant::toString).orElse(null));
        }
        ArrayNode groups = o.putArray("groups");
        for (Status.GroupStatus g : s.groups()) {
            ObjectNode n = groups.addObject();
            n.put("name", g.name());
            n.put("mode", g.mode());
            g.members().forEach(n.putArray("members")::add);
            g.active().forEach(n.putArray("active")::add);
            n.put("pinned", g.pinned().orElse(null));
            n.put("all_down", g.allDown());
            n.put("awaiting_manual_failback", g.awaitingManualFailback());
            n.put("failback_at", g.failbackAt().map(Instant::toString).orElse(null));
            n.put("failovers", g.failovers());
            n.put("last_failover_at", g.lastFailoverAt().map(Instant::toString).orElse(null));
        }
        o.put("failovers_total", s.failoversTotal());
        o.put("healthy", s.healthy());
        ArrayNode problems = o.putArray("problems");
        for (Status.Problem p : s.problems()) {
            problems.addObject().put("subject", p.subject()).put("detail", p.detail());
        }
        if (s.ha().isPresent()) {
            Status.HaStatus h = s.ha().get();
            ObjectNode n = o.putObject("ha");
            n.put("role", h.role());
            n.put("since", h.since().toString());
            n.put("priority", h.priority());
            n.put("peer", h.peer());
            n.put("router_id", h.routerId());
            n.put("keepalived", h.keepalived());
            n.put("conntrackd", h.conntrackd());
            n.put("transitions", h.transitions());
        } else {
            o.putNull("ha");
        }
        return o;
    }

    /** Reads a {@link #status(Status)} document back. */
    public static Status status(JsonNode o) throws IOException {
        List<Status.UplinkStatus> uplinks = new ArrayList<>();
        for (JsonNode n : array(o, "uplinks")) {
            Status.UplinkStatus read = new Status.UplinkStatus(
                    text(n, "name"),
                    text(n, "device"),
                    text(n, "state"),
                    need(n, "priority").asInt(),
                    instant(n, "since"),
                    n.path("reason").asText(""),
                    number(n, "rtt_ms"),
                    number(n, "jitter_ms"),
                    need(n, "loss_percent").asDouble(),
                    need(n, "probes_sent").asLong(),
                    need(n, "probes_lost").asLong(),
                    need(n, "link_up").asBoolean(),
                    optionalText(n, "address"),
                    optionalText(n, "gateway"),
                    optionalText(n, "ipv6_address"),
                    optionalText(n, "delegated_prefix"));
            // absent from daemons older than drains and maintenance windows
            uplinks.add(read.withAvailability(
                    n.path("usable").asBoolean(read.usable()),
                    optionalInstant(n, "drained_since"),
                    optionalText(n, "drain_reason"),
                    optionalText(n, "maintenance"),
                    optionalInstant(n, "maintenance_until")));
        }
        List<Status.GroupStatus> groups = new ArrayList<>();
        for (JsonNode n : array(o, "groups")) {
            groups.add(new Status.GroupStatus(
                    text(n, "name"),
                    text(n, "mode"),
                    strings(n, "members"),
                    strings(n, "active"),
                    optionalText(n, "pinned"),
                    need(n, "all_down").asBoolean(),
                    need(n, "awaiting_manual_failback").asBoolean(),
                    optionalInstant(n, "failback_at"),
                    n.path("failovers").asLong(0),
                    optionalInstant(n, "last_failover_at")));
        }
        List<Status.Problem> problems = new ArrayList<>();
        for (JsonNode n : o.path("problems")) { // absent from daemons older than the field
            problems.add(new Status.Problem(text(n, "subject"), text(n, "detail")));
        }
        return new Status(
                instant(o, "at"),
                text(o, "config_hash"),
                instant(o, "started_at"),
                uplinks,
                groups,
                need(o, "failovers_total").asLong(),
                problems,
                ha(o.path("ha")));
    }

    /** The {@code ha} object, absent or null for a gateway that stands alone (and from older daemons). */
    private static Optional<Status.HaStatus> ha(JsonNode n) throws IOException {
        if (!n.isObject()) {
            return Optional.empty();
        }
        return Optional.of(new Status.HaStatus(
                text(n, "role"),
                instant(n, "since"),
                need(n, "priority").asInt(),
                text(n, "peer"),
                need(n, "router_id").asInt(),
                text(n, "keepalived"),
                text(n, "conntrackd"),
                need(n, "transitions").asLong()));
    }

    /** {@code GET /api/wan/health}; {@code recent_rtt_ms} has {@code null} for each lost probe. */
    public static ObjectNode health(Health h) {
        ObjectNode o = NODES.objectNode();
        o.put("at", h.at().toString());
        ArrayNode targets = o.putArray("targets");
        for (Health.Target t : h.targets()) {
            ObjectNode n = targets.addObject();
            n.put("uplink", t.uplink());
            n.put("type", t.type());
            n.put("target", t.target());
            n.put("last_ok", t.lastOk());
            n.put("last_error", t.lastError().orElse(null));
            ArrayNode rtts = n.putArray("recent_rtt_ms");
            t.recentRttMs().forEach(r -> {
                if (r.isPresent()) {
                    rtts.add(r.get());
                } else {
                    rtts.addNull();
                }
            });
            n.put("loss_percent", t.lossPercent());
            n.put("sent", t.sent());
            n.put("lost", t.lost());
        }
        return o;
    }

    /** Reads a {@link #health(Health)} document back. */
    public static Health health(JsonNode o) throws IOException {
        List<Health.Target> targets = new ArrayList<>();
        for (JsonNode n : array(o, "targets")) {
            List<Optional<Double>> rtts = new ArrayList<>();
            for (JsonNode r : array(n, "recent_rtt_ms")) {
                rtts.add(r.isNumber() ? Optional.of(r.asDouble()) : Optional.empty());
            }
            targets.add(new Health.Target(
                    text(n, "uplink"),
                    text(n, "type"),
                    text(n, "target"),
                    need(n, "last_ok").asBoolean(),
                    optionalText(n, "last_error"),
                    rtts,
                    need(n, "loss_percent").asDouble(),
                    need(n, "sent").asLong(),
                    need(n, "lost").asLong()));
        }
        return new Health(instant(o, "at"), targets);
    }

    /**
     * {@code GET /api/wan/history}: {@code {"events": [...]}}, newest first. {@code details} is
     * embedded as the JSON object it holds (as a string if it is not JSON).
     */
    public static ObjectNode events(List<History.Event> events) {
        ObjectNode o = NODES.objectNode();
        ArrayNode list = o.putArray("events");
        for (History.Event e : events) {
            ObjectNode n = list.addObject();
            n.put("at", e.at().toString());
            n.put("kind", e.kind());
            n.put("group", e.group());
            n.put("from", e.from());
            n.put("to", e.to());
            n.put("reason", e.reason());
            if (e.details() == null) {
                n.putNull("details");
            } else {
                try {
                    n.set("details", Mapper.MAPPER.readTree(e.details()));
                } catch (JsonProcessingException notJson) {
                    n.put("details", e.details());
                }
            }
        }
        return o;
    }

    /** Reads an {@link #events(List)} document back. */
    public static List<History.Event> events(JsonNode o) throws IOException {
        List<History.Event> out = new ArrayList<>();
        for (JsonNode n : array(o, "events")) {
            JsonNode details = n.path("details");
            out.add(new History.Event(
                    instant(n, "at"),
                    text(n, "kind"),
                    optionalText(n, "group").orElse(null),
                    optionalText(n, "from").orElse(null),
                    optionalText(n, "to").orElse(null),
                    optionalText(n, "reason").orElse(null),
                    details.isNull() || details.isMissingNode()
                            ? null
                            : details.isTextual() ? details.asText() : details.toString()));
        }
        return out;
    }

    /** The error document every failed request answers with. */
    public static ObjectNode error(String message) {
        return NODES.objectNode().put("error", message);
    }

    private static void putNumber(ObjectNode n, String field, Optional<Double> value) {
        if (value.isPresent()) {
            n.put(field, value.get());
        } else {
            n.putNull(field);
        }
    }

    private static JsonNode need(JsonNode n, String field) throws IOException {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            throw new IOException("the API's answer has no \"" + field + "\"");
        }
        return v;
    }

    private static String text(JsonNode n, String field) throws IOException {
        return need(n, field).asText();
    }

    private static Optional<String> optionalText(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? Optional.empty() : Optional.of(v.asText());
    }

    private static Optional<Double> number(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v != null && v.isNumber() ? Optional.of(v.asDouble()) : Optional.empty();
    }

    private static Instant instant(JsonNode n, String field) throws IOException {
        try {
            return Instant.parse(text(n, field));
        } catch (DateTimeParseException e) {
            throw new IOException("the API's \"" + field + "\" is not an ISO-8601 instant: "
                    + n.get(field).asText());
        }
    }

    private static Optional<Instant> optionalInstant(JsonNode n, String field) throws IOException {
        return n.hasNonNull(field) ? Optional.of(instant(n, field)) : Optional.empty();
    }

    private static JsonNode array(JsonNode n, String field) throws IOException {
        JsonNode v = need(n, field);
        if (!v.isArray()) {
            throw new IOException("the API's \"" + field + "\" is not a list");
        }
        return v;
    }

    private static List<String> strings(JsonNode n, String field) throws IOException {
        List<String> out = new ArrayList<>();
        array(n, field).forEach(x -> out.add(x.asText()));
        return out;
    }
}
