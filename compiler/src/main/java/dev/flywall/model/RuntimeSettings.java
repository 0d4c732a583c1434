package dev.flywall.model;

import java.time.Duration;

/** {@code runtime { state_dir, history_retention, mark_mask }}. */
public record RuntimeSettings(String stateDir, Duration historyRetention, long markMask) {
    public static final RuntimeSettings DEFAULT = new RuntimeSettings("/var/lib/flywall", Duration.ofDays(30), 0xff00L);
}
