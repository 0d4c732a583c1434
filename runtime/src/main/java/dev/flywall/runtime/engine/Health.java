package dev.flywall.runtime.engine;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Per-target probe results for {@code flywall wan health}: the recent round-trip times, oldest first. */
public record Health(Instant at, List<Target> targets) {

    public Health {
        targets = List.copyOf(targets);
    }

    /**
     * One probe target of one uplink. {@code recentRttMs} holds one entry per recent probe, empty
     * where the probe got no answer.
     */
    public record Target(
            String uplink,
            String type,
            String target,
            boolean lastOk,
            Optional<String> lastError,
            List<Optional<Double>> recentRttMs,
            double lossPercent,
            long sent,
            long lost) {
        public Target {
            recentRttMs = List.copyOf(recentRttMs);
        }
    }
}
