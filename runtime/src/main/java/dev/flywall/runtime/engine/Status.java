package dev.flywall.runtime.engine;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A snapshot of what the daemon knows, for {@code flywall wan status}, the API and the metrics.
 * Immutable; the engine publishes a new one after every change.
 */
public record Status(Instant at, String configHash, Instant startedAt, List<UplinkStatus> uplinks,
        List<GroupStatus> groups, long failoversTotal) {

    public Status {
        uplinks = List.copyOf(uplinks);
        groups = List.copyOf(groups);
    }

    /** One WAN. {@code state} is "up", "down" or "unknown" (not probed enough yet). */
    public record UplinkStatus(String name, String device, String state, int priority, Instant since,
            String reason, Optional<Double> rttMs, Optional<Double> jitterMs, double lossPercent,
            long probesSent, long probesLost, boolean linkUp, Optional<String> address,
            Optional<String> gateway) {}

    /**
     * One group: the members carrying new connections now, a pin if one is set, and whether no
     * member is up (then {@code active} is the last active set, kept because a dead route beats none).
     */
    public record GroupStatus(String name, String mode, List<String> members, List<String> active,
            Optional<String> pinned, boolean allDown, boolean awaitingManualFailback, Optional<Instant> failbackAt) {
        public GroupStatus {
            members = List.copyOf(members);
            active = List.copyOf(active);
        }
    }

    public Optional<UplinkStatus> uplink(String name) {
        return uplinks.stream().filter(u -> u.name().equals(name)).findFirst();
    }
}
