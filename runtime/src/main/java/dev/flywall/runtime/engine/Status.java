package dev.flywall.runtime.engine;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A snapshot of what the daemon knows, for {@code flywall wan status}, the API and the metrics.
 * Immutable; the engine publishes a new one after every change. {@code problems} lists what keeps
 * the gateway from doing what the status otherwise says (its table gone and not restorable, its
 * history not writable); empty when the gateway is healthy.
 */
public record Status(
        Instant at,
        String configHash,
        Instant startedAt,
        List<UplinkStatus> uplinks,
        List<GroupStatus> groups,
        long failoversTotal,
        List<Problem> problems,
        Optional<HaStatus> ha) {

    public Status {
        uplinks = List.copyOf(uplinks);
        groups = List.copyOf(groups);
        problems = List.copyOf(problems);
        java.util.Objects.requireNonNull(ha);
    }

    /** A status of a gateway that is no node of an HA pair. */
    public Status(
            Instant at,
            String configHash,
            Instant startedAt,
            List<UplinkStatus> uplinks,
            List<GroupStatus> groups,
            long failoversTotal,
            List<Problem> problems) {
        this(at, configHash, startedAt, uplinks, groups, failoversTotal, problems, Optional.empty());
    }

    /** A status without problems. */
    public Status(
            Instant at,
            String configHash,
            Instant startedAt,
            List<UplinkStatus> uplinks,
            List<GroupStatus> groups,
            long failoversTotal) {
        this(at, configHash, startedAt, uplinks, groups, failoversTotal, List.of());
    }

    /**
     * Something broken that the daemon could not repair by itself.
     *
     * @param subject what is broken: {@code ruleset} or {@code history}
     * @param detail what happened and what the daemon tried, in words
     */
    public record Problem(String subject, String detail) {}

    /**
     * This node of an HA pair: its {@code role} ({@code init}, {@code master}, {@code backup},
     * {@code fault}) since when, its VRRP priority, the peer's sync address, the virtual router id,
     * how its two processes are ({@code running}, {@code starting}, {@code restarting},
     * {@code waiting} for the node to be ready, {@code stopped}), and the role changes since the
     * daemon started.
     */
    public record HaStatus(
            String role,
            Instant since,
            int priority,
            String peer,
            int routerId,
            String keepalived,
            String conntrackd,
            long transitions) {
        public HaStatus {
            java.util.Objects.requireNonNull(role);
            java.util.Objects.requireNonNull(since);
            java.util.Objects.requireNonNull(peer);
            java.util.Objects.requireNonNull(keepalived);
            java.util.Objects.requireNonNull(conntrackd);
        }
    }

    /** This status with {@code problems} instead of its own. */
    public Status withProblems(List<Problem> list) {
        return new Status(at, configHash, startedAt, uplinks, groups, failoversTotal, list, ha);
    }

    /** This status with the HA node's state (empty: the gateway stands alone). */
    public Status withHa(Optional<HaStatus> node) {
        return new Status(at, configHash, startedAt, uplinks, groups, failoversTotal, problems, node);
    }

    /** Whether nothing keeps the gateway from doing what this status says. */
    public boolean healthy() {
        return problems.isEmpty();
    }

    /**
     * One WAN. {@code state} is "up", "down" or "unknown" (not probed enough yet); {@code address}
     * and {@code gateway} its IPv4 ones; for an uplink with dynamic IPv6 the IPv6 address it learned
     * (SLAAC or DHCPv6) and the prefix delegated to it, when it has them. {@code usable}: whether
     * the engine gives it new connections (not down, not drained, in no maintenance window);
     * {@code drainedSince} and {@code drainReason} (empty when none was given) describe an
     * operator's drain, {@code maintenance} and {@code maintenanceUntil} the window it is in.
     */
    public record UplinkStatus(
            String name,
            String device,
            String state,
            int priority,
            Instant since,
            String reason,
            Optional<Double> rttMs,
            Optional<Double> jitterMs,
            double lossPercent,
            long probesSent,
            long probesLost,
            boolean linkUp,
            Optional<String> address,
            Optional<String> gateway,
            Optional<String> ipv6Address,
            Optional<String> delegatedPrefix,
            boolean usable,
            Optional<Instant> drainedSince,
            Optional<String> drainReason,
            Optional<String> maintenance,
            Optional<Instant> maintenanceUntil) {

        /** An uplink neither drained nor in maintenance, usable unless it is down. */
        public UplinkStatus(
                String name,
                String device,
                String state,
                int priority,
                Instant since,
                String reason,
                Optional<Double> rttMs,
                Optional<Double> jitterMs,
                double lossPercent,
                long probesSent,
                long probesLost,
                boolean linkUp,
                Optional<String> address,
                Optional<String> gateway,
                Optional<String> ipv6Address,
                Optional<String> delegatedPrefix) {
            this(
                    name,
                    device,
                    state,
                    priority,
                    since,
                    reason,
                    rttMs,
                    jitterMs,
                    lossPercent,
                    probesSent,
                    probesLost,
                    linkUp,
                    address,
                    gateway,
                    ipv6Address,
                    delegatedPrefix,
                    !state.equals("down"),
                    Optional.empty(),
                    Optional.empty(),
                    Optional.empty(),
                    Optional.empty());
        }

        /** Whether the operator drained it. */
        public boolean drained() {
            return drainedSince.isPresent();
        }

        /** This uplink with the engine's usable flag, drain and maintenance window. */
        public UplinkStatus withAvailability(
                boolean usable,
                Optional<Instant> drainedSince,
                Optional<String> drainReason,
                Optional<String> maintenance,
                Optional<Instant> maintenanceUntil) {
            return new UplinkStatus(
                    name,
                    device,
                    state,
                    priority,
                    since,
                    reason,
                    rttMs,
                    jitterMs,
                    lossPercent,
                    probesSent,
                    probesLost,
                    linkUp,
                    address,
                    gateway,
                    ipv6Address,
                    delegatedPrefix,
                    usable,
                    drainedSince,
                    drainReason,
                    maintenance,
                    maintenanceUntil);
        }

        /** An uplink without learned IPv6. */
        public UplinkStatus(
                String name,
                String device,
                String state,
                int priority,
                Instant since,
                String reason,
                Optional<Double> rttMs,
                Optional<Double> jitterMs,
                double lossPercent,
                long probesSent,
                long probesLost,
                boolean linkUp,
                Optional<String> address,
                Optional<String> gateway) {
            this(
                    name,
                    device,
                    state,
                    priority,
                    since,
                    reason,
                    rttMs,
                    jitterMs,
                    lossPercent,
                    probesSent,
                    probesLost,
                    linkUp,
                    address,
                    gateway,
                    Optional.empty(),
                    Optional.empty());
        }

        UplinkStatus withIpv6(Optional<String> v6, Optional<String> delegated) {
            return new UplinkStatus(
                    name,
                    device,
                    state,
                    priority,
                    since,
                    reason,
                    rttMs,
                    jitterMs,
                    lossPercent,
                    probesSent,
                    probesLost,
                    linkUp,
                    address,
                    gateway,
                    v6,
                    delegated,
                    usable,
                    drainedSince,
                    drainReason,
                    maintenance,
                    maintenanceUntil);
        }
    }

    /** This status with each uplink's learned IPv6 address and delegated prefix (by uplink name). */
    public Status withIpv6(java.util.Map<String, String> v6, java.util.Map<String, String> delegated) {
        List<UplinkStatus> with = uplinks.stream()
                .map(u ->
                        u.withIpv6(Optional.ofNullable(v6.get(u.name())), Optional.ofNullable(delegated.get(u.name()))))
                .toList();
        return new Status(at, configHash, startedAt, with, groups, failoversTotal, problems, ha);
    }

    /**
     * One group: the members carrying new connections now, a pin if one is set, and whether no
     * member is up (then {@code active} is the last active set, kept because a dead route beats none);
     * {@code failovers} since the daemon started (kept across reloads) and the last one's time.
     */
    public record GroupStatus(
            String name,
            String mode,
            List<String> members,
            List<String> active,
            Optional<String> pinned,
            boolean allDown,
            boolean awaitingManualFailback,
            Optional<Instant> failbackAt,
            long failovers,
            Optional<Instant> lastFailoverAt) {
        public GroupStatus {
            members = List.copyOf(members);
            active = List.copyOf(active);
            java.util.Objects.requireNonNull(lastFailoverAt);
        }

        /** A group that never failed over. */
        public GroupStatus(
                String name,
                String mode,
                List<String> members,
                List<String> active,
                Optional<String> pinned,
                boolean allDown,
                boolean awaitingManualFailback,
                Optional<Instant> failbackAt) {
            this(name, mode, members, active, pinned, allDown, awaitingManualFailback, failbackAt, 0, Optional.empty());
        }
    }

    public Optional<UplinkStatus> uplink(String name) {
        return uplinks.stream().filter(u -> u.name().equals(name)).findFirst();
    }
}
