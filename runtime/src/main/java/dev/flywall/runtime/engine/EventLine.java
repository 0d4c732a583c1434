package dev.flywall.runtime.engine;

import dev.flywall.runtime.history.History;

/**
 * How the daemon logs an event (one line in the journal). A health change reads
 * {@code health: eth0 down (3 failed rounds: …)}, so {@code journalctl -u flywall | grep -i health}
 * — as the Flywall guide suggests — finds every uplink going down or up; switches read
 * {@code failover default: eth0 → eth1 (reason)}; an HA node's role changes read
 * {@code ha: master (keepalived: GROUP "flywall" MASTER (was backup))}.
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
        return "health: " + e.from() + " " + state + " (" + e.reason() + ")";
    }
}
