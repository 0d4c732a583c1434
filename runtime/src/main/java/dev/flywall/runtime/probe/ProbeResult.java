package dev.flywall.runtime.probe;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of probing one target in one round.
 *
 * @param target the target as the health check names it (an address, or the URL of an http check)
 * @param ok whether the target answered as the check requires
 * @param rtt the time from sending to the answer; present exactly when the target answered
 * @param error why the probe failed, as a short human phrase ("timeout after 2s",
 *     "HTTP 503, expected 204"); present exactly when {@code ok} is false
 */
public record ProbeResult(String target, boolean ok, Optional<Duration> rtt, Optional<String> error) {

    public ProbeResult {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(rtt, "rtt");
        Objects.requireNonNull(error, "error");
    }

    static ProbeResult answered(String target, Duration rtt) {
        return new ProbeResult(target, true, Optional.of(rtt), Optional.empty());
    }

    static ProbeResult failed(String target, String error) {
        return new ProbeResult(target, false, Optional.empty(), Optional.of(error));
    }
}
