package dev.flywall.bundle;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * {@code daemon-state.json} in the state directory: what the daemon knows that must survive a
 * restart or a crash — each uplink's health, each group's active set and pin, the failover count.
 * Written by the daemon, read by the daemon on start and by the lab.
 */
public record DaemonStateFile(int version, Map<String, Uplink> uplinks, Map<String, Group> groups, long failovers) {

    public static final String FILE = "daemon-state.json";
    public static final int VERSION = 1;

    public DaemonStateFile {
        uplinks = Collections.unmodifiableMap(new LinkedHashMap<>(uplinks == null ? Map.of() : uplinks));
        groups = Collections.unmodifiableMap(new LinkedHashMap<>(groups == null ? Map.of() : groups));
    }

    /** An uplink's health as the state machine names it. */
    public enum Health {
        UNKNOWN,
        UP,
        DOWN
    }

    /** {@code since}: an ISO-8601 instant. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Uplink(Health health, String since, String reason, boolean linkUp) {
        public Uplink {
            health = health == null ? Health.UNKNOWN : health;
            Objects.requireNonNull(since, "since");
            reason = reason == null ? "" : reason;
        }
    }

    /** A group's active members, its pin (or null) and whether it waits for a manual failback. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Group(List<String> active, String pin, boolean awaitingManual) {
        public Group {
            active = List.copyOf(active == null ? List.of() : active);
        }
    }
}
