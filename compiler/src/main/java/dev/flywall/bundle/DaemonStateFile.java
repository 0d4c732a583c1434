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
 * restart or a crash — each uplink's health and operator's drain, each group's active set, pin
 * and failovers, the failover count. Written by the daemon, read by the daemon on start and by the
 * lab. Files written before drains and per-group failovers read as having none.
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

    /** {@code since}: an ISO-8601 instant; {@code drain}: the operator's drain, or null. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Uplink(Health health, String since, String reason, boolean linkUp, Drain drain) {
        public Uplink {
            health = health == null ? Health.UNKNOWN : health;
            Objects.requireNonNull(since, "since");
            reason = reason == null ? "" : reason;
        }

        /** An uplink that is not drained. */
        public Uplink(Health health, String since, String reason, boolean linkUp) {
            this(health, since, reason, linkUp, null);
        }
    }

    /** An operator's drain: the reason ("" when none was given) and since when (ISO-8601 instant). */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Drain(String reason, String since) {
        public Drain {
            reason = reason == null ? "" : reason;
            Objects.requireNonNull(since, "since");
        }
    }

    /**
     * A group's active members, its pin (or null), whether it waits for a manual failback, its
     * failovers and the last one's time (ISO-8601 instant, or null).
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Group(
            List<String> active, String pin, boolean awaitingManual, Long failovers, String lastFailoverAt) {
        public Group {
            active = List.copyOf(active == null ? List.of() : active);
            failovers = failovers == null ? 0L : failovers;
        }

        /** A group that never failed over. */
        public Group(List<String> active, String pin, boolean awaitingManual) {
            this(active, pin, awaitingManual, 0L, null);
        }
    }
}
