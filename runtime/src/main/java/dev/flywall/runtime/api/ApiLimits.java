package dev.flywall.runtime.api;

import java.time.Duration;
import java.util.Objects;

/**
 * What one client may cost the daemon's API. Reads need no token, so anyone who can connect can
 * also try to exhaust it: every connection holds a slot, a request must arrive whole within
 * {@code requestTime}, and its head and body are capped. The bounds keep the daemon's heap and
 * file descriptors small whatever clients do, so a flood slows the API but never the watchdog.
 *
 * @param connections connections held at once; when all are taken, the one that has waited longest
 *     for its request is dropped to make room (a client that sent nothing useful yet loses to a new one)
 * @param headBytes request line and headers together
 * @param headers header lines
 * @param bodyBytes request body ({@code Content-Length})
 * @param requestTime from accepting a connection to having its whole request
 * @param lifetime from accepting a connection to closing it, the answer included (a client that
 *     does not read its answer cannot hold a slot longer)
 */
public record ApiLimits(
        int connections, int headBytes, int headers, int bodyBytes, Duration requestTime, Duration lifetime) {

    /** Enough for {@code flywall wan}, scripts and a Prometheus scraper many times over. */
    public static final ApiLimits DEFAULT =
            new ApiLimits(64, 8 * 1024, 64, 16 * 1024, Duration.ofSeconds(5), Duration.ofSeconds(30));

    public ApiLimits {
        Objects.requireNonNull(requestTime, "requestTime");
        Objects.requireNonNull(lifetime, "lifetime");
        if (connections < 1 || headBytes < 64 || headers < 1 || bodyBytes < 0) {
            throw new IllegalArgumentException("API limits must be positive: " + connections + " connections, "
                    + headBytes + " head bytes, " + headers + " headers, " + bodyBytes + " body bytes");
        }
        if (requestTime.isNegative() || requestTime.isZero() || lifetime.compareTo(requestTime) < 0) {
            throw new IllegalArgumentException("the request time must be positive and at most the lifetime");
        }
    }
}
