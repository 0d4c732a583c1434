package dev.flywall.runtime.notify;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ThreadFactory;
import javax.net.ssl.SSLSocketFactory;

/**
 * The notifier's timing and resource knobs. Production uses {@link #defaults()}; tests shrink the
 * delays so retries and cooldowns run in milliseconds, and hand in a thread factory (to check
 * that {@code close} stops every worker) or a TLS socket factory trusting a test certificate.
 *
 * @param backoffBase the first retry delay; later retries double it (with jitter)
 * @param retryAfterCap the longest {@code Retry-After} a server may impose
 * @param cooldown how long an automatic event holds back repeats of itself, see {@link Notifier}
 * @param tick the longest a worker sleeps before it re-reads the clock for due cooldowns
 * @param queueCapacity events a target may have waiting before new ones are dropped
 * @param threads creates the delivery workers, one per target
 * @param smtpTls when present, the TLS socket factory for STARTTLS instead of the JDK's default
 */
record Tuning(
        Duration backoffBase,
        Duration retryAfterCap,
        Duration cooldown,
        Duration tick,
        int queueCapacity,
        ThreadFactory threads,
        Optional<SSLSocketFactory> smtpTls) {

    static Tuning defaults() {
        return new Tuning(
                Duration.ofSeconds(1),
                Duration.ofSeconds(60),
                Duration.ofSeconds(60),
                Duration.ofSeconds(1),
                1000,
                Thread.ofVirtual().name("flywall-notify-", 0).factory(),
                Optional.empty());
    }

    Tuning withBackoff(Duration base, Duration retryAfterCap) {
        return new Tuning(base, retryAfterCap, cooldown, tick, queueCapacity, threads, smtpTls);
    }

    Tuning withCooldown(Duration cooldown, Duration tick) {
        return new Tuning(backoffBase, retryAfterCap, cooldown, tick, queueCapacity, threads, smtpTls);
    }

    Tuning withQueueCapacity(int capacity) {
        return new Tuning(backoffBase, retryAfterCap, cooldown, tick, capacity, threads, smtpTls);
    }

    Tuning withThreads(ThreadFactory factory) {
        return new Tuning(backoffBase, retryAfterCap, cooldown, tick, queueCapacity, factory, smtpTls);
    }

    Tuning withSmtpTls(SSLSocketFactory factory) {
        return new Tuning(backoffBase, retryAfterCap, cooldown, tick, queueCapacity, threads, Optional.of(factory));
    }
}
