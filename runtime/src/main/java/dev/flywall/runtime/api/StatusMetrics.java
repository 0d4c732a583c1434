package dev.flywall.runtime.api;

import dev.flywall.runtime.engine.Health;
import dev.flywall.runtime.engine.Status;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.function.ToDoubleFunction;

/**
 * {@code GET /metrics}: the daemon's {@link Status} as Prometheus metrics, built from the snapshot
 * at scrape time. Nothing is registered or updated as the engine runs, so the numbers a scrape
 * shows are exactly those {@code /api/wan/status} shows at the same moment. The counters count
 * since the daemon started; Prometheus handles their reset on a restart.
 */
final class StatusMetrics {

    private static final java.util.List<String> HA_ROLES = java.util.List.of("master", "backup", "fault", "init");

    private StatusMetrics() {}

    static MetricSnapshots of(Status status) {
        return of(status, new Health(status.at(), java.util.List.of()));
    }

    /** The status's series plus each probe target's ({@code flywall_target_*}). */
    static MetricSnapshots of(Status status, Health health) {
        var rtt = GaugeSnapshot.builder()
                .name("flywall_uplink_rtt_seconds")
                .help("Recent round-trip time of the uplink's probes (absent until one is answered)");
        for (Status.UplinkStatus u : status.uplinks()) {
            u.rttMs().ifPresent(ms -> rtt.dataPoint(gauge(u.name(), ms / 1000.0)));
        }
        var groupActive = GaugeSnapshot.builder()
                .name("flywall_group_active")
                .help("1 when the uplink carries new connections of the group, else 0");
        for (Status.GroupStatus g : status.groups()) {
            for (String member : g.members()) {
                groupActive.dataPoint(GaugeDataPointSnapshot.builder()
                        .labels(Labels.of("group", g.name(), "uplink", member))
                        .value(g.active().contains(member) ? 1 : 0)
                        .build());
            }
        }
        return MetricSnapshots.of(
                perUplink(
                        status,
                        "flywall_uplink_up",
                        "1 when the uplink is up, 0 when down or not probed enough yet",
                        u -> u.state().equals("up") ? 1 : 0),
                rtt.build(),
                perUplink(
                        status,
                        "flywall_uplink_loss_ratio",
                        "Share of the uplink's recent probes that were lost",
                        u -> u.lossPercent() / 100.0),
                groupActive.build(),
                groupFailovers(status),
                lastFailover(status),
                sinceLastFailover(status),
                perUplink(
                        status,
                        "flywall_uplink_usable",
                        "1 when the uplink takes new connections (not down, not drained, in no maintenance window)",
                        u -> u.usable() ? 1 : 0),
                perUplink(
                        status,
                        "flywall_uplink_drained",
                        "1 while the operator has drained the uplink (flywall wan drain), else 0",
                        u -> u.drained() ? 1 : 0),
                perUplink(
                        status,
                        "flywall_uplink_maintenance",
                        "1 while the uplink is in a maintenance window, else 0",
                        u -> u.maintenance().isPresent() ? 1 : 0),
                CounterSnapshot.builder()
                        .name("flywall_failovers")
                        .help("Failovers since the daemon started")
                        .dataPoint(CounterDataPointSnapshot.builder()
                                .value(status.failoversTotal())
                                .build())
                        .build(),
                perUplinkCounter(status, "flywall_probes", "Probes sent over the uplink", u -> u.probesSent()),
                perUplinkCounter(
                        status,
                        "flywall_probes_failed",
                        "Probes over the uplink that got no good answer",
                        u -> u.probesLost()),
                GaugeSnapshot.builder()
                        .name("flywall_gateway_healthy")
                        .help("1 when nothing keeps the gateway from doing what the other metrics say; "
                                + "0 when its table is gone or its history is not writable (see flywall_problem)")
                        .dataPoint(GaugeDataPointSnapshot.builder()
                                .value(status.healthy() ? 1 : 0)
                                .build())
                        .build(),
                problems(status),
                haMaster(status),
                haRole(status),
                haTransitions(status),
                targetRtt(health),
                targetLoss(health));
    }

    /**
     * {@code flywall_target_rtt_seconds{uplink,type,target}}: the target's latest answered probe
     * among the recent ones; no series until one is answered. {@code type} keeps two checks of one
     * address apart (an icmp and a tcp check of 1.1.1.1).
     */
    private static GaugeSnapshot targetRtt(Health health) {
        var b = GaugeSnapshot.builder()
                .name("flywall_target_rtt_seconds")
                .help("Round-trip time of the target's latest answered probe among the recent ones");
        for (Health.Target t : health.targets()) {
            java.util.List<java.util.Optional<Double>> recent = t.recentRttMs();
            for (int i = recent.size() - 1; i >= 0; i--) {
                if (recent.get(i).isPresent()) {
                    b.dataPoint(GaugeDataPointSnapshot.builder()
                            .labels(targetLabels(t))
                            .value(recent.get(i).get() / 1000.0)
                            .build());
                    break;
                }
            }
        }
        return b.build();
    }

    /** {@code flywall_target_loss_ratio{uplink,type,target}}: the share of its recent probes lost. */
    private static GaugeSnapshot targetLoss(Health health) {
        var b = GaugeSnapshot.builder()
                .name("flywall_target_loss_ratio")
                .help("Share of the target's recent probes that were lost, 0 to 1");
        for (Health.Target t : health.targets()) {
            b.dataPoint(GaugeDataPointSnapshot.builder()
                    .labels(targetLabels(t))
                    .value(t.lossPercent() / 100.0)
                    .build());
        }
        return b.build();
    }

    private static Labels targetLabels(Health.Target t) {
        return Labels.of("uplink", t.uplink(), "type", t.type(), "target", t.target());
    }

    /** {@code flywall_group_failovers_total{group}}: the group's failovers since the daemon started. */
    private static CounterSnapshot groupFailovers(Status status) {
        var b = CounterSnapshot.builder()
                .name("flywall_group_failovers")
                .help("Failovers of the group since the daemon started (kept across reloads)");
        for (Status.GroupStatus g : status.groups()) {
            b.dataPoint(CounterDataPointSnapshot.builder()
                    .labels(Labels.of("group", g.name()))
                    .value(g.failovers())
                    .build());
        }
        return b.build();
    }

    /** The time of the group's last failover, Unix seconds; no series before its first. */
    private static GaugeSnapshot lastFailover(Status status) {
        var b = GaugeSnapshot.builder()
                .name("flywall_group_last_failover_timestamp_seconds")
                .help("When the group last failed over, in Unix seconds (absent until it first does)");
        for (Status.GroupStatus g : status.groups()) {
            g.lastFailoverAt()
                    .ifPresent(at -> b.dataPoint(GaugeDataPointSnapshot.builder()
                            .labels(Labels.of("group", g.name()))
                            .value(at.toEpochMilli() / 1000.0)
                            .build()));
        }
        return b.build();
    }

    /** Seconds from the group's last failover to the scrape; no series before its first. */
    private static GaugeSnapshot sinceLastFailover(Status status) {
        var b = GaugeSnapshot.builder()
                .name("flywall_group_seconds_since_last_failover")
                .help("Seconds since the group last failed over (absent until it first does)");
        for (Status.GroupStatus g : status.groups()) {
            g.lastFailoverAt()
                    .ifPresent(at -> b.dataPoint(GaugeDataPointSnapshot.builder()
                            .labels(Labels.of("group", g.name()))
                            .value(Math.max(
                                            0,
                                            java.time.Duration.between(at, status.at())
                                                    .toMillis())
                                    / 1000.0)
                            .build()));
        }
        return b.build();
    }

    /** {@code flywall_ha_master}: 1 while this node of an HA pair is master; no series when it stands alone. */
    private static GaugeSnapshot haMaster(Status status) {
        var b = GaugeSnapshot.builder()
                .name("flywall_ha_master")
                .help("1 while this node of the HA pair is master (holds the virtual addresses), else 0");
        status.ha()
                .ifPresent(h -> b.dataPoint(GaugeDataPointSnapshot.builder()
                        .value(h.role().equals("master") ? 1 : 0)
                        .build()));
        return b.build();
    }

    /** {@code flywall_ha_role{role}}: 1 for the current role, 0 for the others. */
    private static GaugeSnapshot haRole(Status status) {
        var b = GaugeSnapshot.builder()
                .name("flywall_ha_role")
                .help("1 for this HA node's current role (init until keepalived has reported), 0 for the others");
        status.ha().ifPresent(h -> {
            for (String role : HA_ROLES) {
                b.dataPoint(GaugeDataPointSnapshot.builder()
                        .labels(Labels.of("role", role))
                        .value(h.role().equals(role) ? 1 : 0)
                        .build());
            }
        });
        return b.build();
    }

    private static CounterSnapshot haTransitions(Status status) {
        var b = CounterSnapshot.builder()
                .name("flywall_ha_transitions")
                .help("Changes of this HA node's role (to master, backup or fault) since the daemon started");
        status.ha()
                .ifPresent(h -> b.dataPoint(CounterDataPointSnapshot.builder()
                        .value(h.transitions())
                        .build()));
        return b.build();
    }

    /** One series per broken subject ({@code ruleset}, {@code history}), value 1. */
    private static GaugeSnapshot problems(Status status) {
        var problem = GaugeSnapshot.builder()
                .name("flywall_problem")
                .help("1 for each broken part of the gateway the daemon could not repair");
        for (Status.Problem p : status.problems()) {
            problem.dataPoint(GaugeDataPointSnapshot.builder()
                    .labels(Labels.of("subject", p.subject()))
                    .value(1)
                    .build());
        }
        return problem.build();
    }

    private static GaugeSnapshot perUplink(
            Status status, String name, String help, ToDoubleFunction<Status.UplinkStatus> value) {
        var b = GaugeSnapshot.builder().name(name).help(help);
        status.uplinks().forEach(u -> b.dataPoint(gauge(u.name(), value.applyAsDouble(u))));
        return b.build();
    }

    /** A counter; the text format appends {@code _total} to {@code name}. */
    private static CounterSnapshot perUplinkCounter(
            Status status, String name, String help, ToDoubleFunction<Status.UplinkStatus> value) {
        var b = CounterSnapshot.builder().name(name).help(help);
        status.uplinks()
                .forEach(u -> b.dataPoint(CounterDataPointSnapshot.builder()
                        .labels(Labels.of("uplink", u.name()))
                        .value(value.applyAsDouble(u))
                        .build()));
        return b.build();
    }

    private static GaugeDataPointSnapshot gauge(String uplink, double value) {
        return GaugeDataPointSnapshot.builder()
                .labels(Labels.of("uplink", uplink))
                .value(value)
                .build();
    }
}
