package dev.flywall.model;

import java.time.Duration;

/** {@code runtime { state_dir, history_retention }}. */
public record RuntimeSettings(String stateDir, Duration historyRetention) {
    public static final RuntimeSettings DEFAULT = new RuntimeSettings("/var/lib/flywall", Duration.ofDays(30));
}
