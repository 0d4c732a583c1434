package dev.flywall.runtime.engine;

import dev.flywall.runtime.history.History;

/**
 * How the daemon logs an event (one line in the journal). A health change reads
 * {@code health: eth0 down (3 failed rounds: …)}, so {@code journalctl -u flywall | grep -i health}
 * — as the Flywall guide suggests — finds every uplink going down or up; switches read
 * {@code failover default: eth0 → eth1 (reason)}; an HA node's role changes read
 * {@code ha: master (keepalived: GROUP "flywall" MASTER (was backup))}; the health change of an
 * uplink in a maintenance window ends in {@code [muted: maintenance NAME]}, so the journal says why
 * no notification followed.
 */
public final class EventLine {

    private EventLine() {}

    public static String of(History.Event e) {
        return switch (e.kind()) {
            case "wan_down" -> health(e, "down");
            case "wan_up" -> health(e, "up");
            case "ha_master", "ha_backup", "ha_fault" -> "ha: " + e.kind().substring(3) + " (" + e.reason() + ")";
            default ->
                e.kind() + (e.group() == null ? "" : " " + e.group()) + ": "
                        + (e.from() == null ? "" : e.from()) + (e.to() == null ? "" : " → " + e.to())
                        + " (" + e.reason() + ")";
        };
    }

    private static String health(History.Event e, String state) {
        return "health: " + e.from() + " " + state + " (" + e.reason() + ")"
                + muted(e).map(m -> " [muted: " + m + "]").orElse("");
    }

    private static java.util.Optional<String> muted(History.Event e) {
        if (e.details() == null || !e.details().contains("muted")) {
            return java.util.Optional.empty();
        }
        try {
            com.fasterxml.jackson.databind.JsonNode muted =
                    Json.MAPPER.readTree(e.details()).path("muted");
            return muted.isTextual() ? java.util.Optional.of(muted.asText()) : java.util.Optional.empty();
        } catch (com.fasterxml.jackson.core.JsonProcessingException notJson) {
            return java.util.Optional.empty();
        }
    }

    /** Made on first use: only a muted event needs it. */
    private static final class Json {
        static final com.fasterxml.jackson.databind.ObjectMapper MAPPER =
                new com.fasterxml.jackson.databind.ObjectMapper();
    }
}
