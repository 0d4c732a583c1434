package dev.flywall.runtime.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flywall.runtime.history.History;

/**
 * How an event reads in a notification: the webhook's JSON document, the one human line that
 * chat tools show, and the email's subject and body. One place, so every channel says the same.
 *
 * <p>The JSON document always has the same keys, in this order, so receivers can rely on them:
 * <pre>{@code
 * {"event": "failover", "at": "2026-11-22T10:00:00Z", "group": "default", "from": "eth0", "to": "eth1",
 *  "reason": "eth0 down: 3 failed rounds", "host": "gw1", "details": {...}, "suppressed": 0,
 *  "text": "flywall on gw1: failover in group default from eth0 to eth1 (eth0 down: 3 failed rounds)"}
 * }</pre>
 * {@code group}, {@code from}, {@code to} and {@code reason} are {@code null} when the event has
 * none (an {@code apply} has no group); {@code details} is always an object (the event's details,
 * {@code {}} when it has none, {@code {"raw": "..."}} should they not be a JSON object);
 * {@code suppressed} counts the events of this kind that the cooldown held back and this one
 * stands for; {@code text} is what Slack-style incoming webhooks display.
 */
final class EventText {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final History.Event event;
    private final String host;
    private final int held;

    EventText(History.Event event, String host, int held) {
        this.event = event;
        this.host = host;
        this.held = held;
    }

    /** The one line: "flywall on gw1: failover in group default from eth0 to eth1 (reason)". */
    String line() {
        StringBuilder s =
                new StringBuilder("flywall on ").append(host).append(": ").append(event.kind());
        String single = single();
        if (single != null) {
            s.append(' ').append(single);
        }
        if (event.group() != null) {
            s.append(" in group ").append(event.group());
        }
        if (event.from() != null && event.to() != null) {
            s.append(" from ").append(event.from()).append(" to ").append(event.to());
        }
        if (event.reason() != null && !event.reason().isEmpty()) {
            s.append(" (").append(event.reason()).append(')');
        }
        if (held > 0) {
            s.append(" [")
                    .append(held)
                    .append(held == 1 ? " similar event" : " similar events")
                    .append(" held back by the cooldown]");
        }
        return s.toString();
    }

    /** The email subject: "[flywall gw1] failover: default eth0 → eth1". */
    String subject() {
        StringBuilder s =
                new StringBuilder("[flywall ").append(host).append("] ").append(event.kind());
        StringBuilder what = new StringBuilder();
        if (event.group() != null) {
            what.append(event.group());
        }
        if (event.from() != null && event.to() != null) {
            what.append(what.isEmpty() ? "" : " ")
                    .append(event.from())
                    .append(" → ")
                    .append(event.to());
        } else if (single() != null) {
            what.append(what.isEmpty() ? "" : " ").append(single());
        }
        if (!what.isEmpty()) {
            s.append(": ").append(what);
        }
        return s.toString();
    }

    /** The plain-text email body: the line, then every field on its own line. */
    String mailBody() {
        StringBuilder s = new StringBuilder(line()).append("\n\n");
        field(s, "event", event.kind());
        field(s, "at", event.at().toString());
        field(s, "host", host);
        field(s, "group", event.group());
        field(s, "from", event.from());
        field(s, "to", event.to());
        field(s, "reason", event.reason());
        if (held > 0) {
            field(s, "suppressed", Integer.toString(held));
        }
        JsonNode details = details();
        if (!details.isEmpty()) {
            s.append("details:\n");
            details.properties()
                    .forEach(e -> s.append("  ")
                            .append(e.getKey())
                            .append(": ")
                            .append(
                                    e.getValue().isTextual()
                                            ? e.getValue().asText()
                                            : e.getValue().toString())
                            .append('\n'));
        }
        return s.toString();
    }

    /** The webhook body, see the class comment. */
    String json() {
        ObjectNode o = JSON.createObjectNode();
        o.put("event", event.kind());
        o.put("at", event.at().toString());
        o.put("group", event.group());
        o.put("from", event.from());
        o.put("to", event.to());
        o.put("reason", event.reason());
        o.put("host", host);
        o.set("details", details());
        o.put("suppressed", held);
        o.put("text", line());
        try {
            return JSON.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of strings and numbers always serialises", e);
        }
    }

    /** The one uplink of an event that names only one (wan_down, wan_up, pin, unpin). */
    private String single() {
        if (event.from() != null && event.to() != null) {
            return null;
        }
        return event.from() != null ? event.from() : event.to();
    }

    private ObjectNode details() {
        String d = event.details();
        if (d == null || d.isBlank()) {
            return JSON.createObjectNode();
        }
        try {
            if (JSON.readTree(d) instanceof ObjectNode o) {
                return o;
            }
        } catch (JsonProcessingException e) {
            // not JSON: carried as text below
        }
        return JSON.createObjectNode().put("raw", d);
    }

    private static void field(StringBuilder s, String name, String value) {
        if (value != null) {
            s.append(name).append(": ").append(value).append('\n');
        }
    }
}
