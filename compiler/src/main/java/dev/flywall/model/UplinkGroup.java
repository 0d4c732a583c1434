package dev.flywall.model;

import dev.flywall.source.SourceSpan;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * {@code uplink_group "NAME"}: uplinks that back each other up (failover: the lowest priority
 * tier with a live member carries the traffic, balanced by weight inside the tier) or share the
 * load (balance: every live member, by weight).
 */
public record UplinkGroup(
        String name,
        Mode mode,
        boolean sticky,
        Optional<Duration> stickyTimeout,
        Failback failback,
        Duration failbackDelay,
        List<Member> members,
        SourceSpan span) {

    /** How long a sticky source keeps its uplink when {@code sticky_timeout} is not set (mwan3's default). */
    public static final Duration DEFAULT_STICKY_TIMEOUT = Duration.ofMinutes(10);

    public UplinkGroup {
        members = List.copyOf(members);
    }

    /** The sticky timeout in force: the configured one, else {@link #DEFAULT_STICKY_TIMEOUT}. */
    public Duration effectiveStickyTimeout() {
        return stickyTimeout.orElse(DEFAULT_STICKY_TIMEOUT);
    }

    /** How members share traffic. */
    public enum Mode {
        FAILOVER,
        BALANCE;

        public String word() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** Whether traffic returns to a recovered preferred uplink by itself. */
    public enum Failback {
        AUTO,
        MANUAL;

        public String word() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * {@code member "IFACE" { priority, weight, health_check }}: the effective values, with the
     * interface's wan settings and health check filled in where the member sets none.
     */
    public record Member(String iface, int priority, int weight, HealthCheck healthCheck, SourceSpan span) {}
}
