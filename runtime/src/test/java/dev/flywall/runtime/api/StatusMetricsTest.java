package dev.flywall.runtime.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flywall.runtime.engine.Health;
import dev.flywall.runtime.engine.Status;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The per-target series of {@code /metrics}, from the same health snapshot {@code /api/wan/health} shows. */
class StatusMetricsTest {

    private final Status status = new FakeDaemon().status();

    @Test
    void eachTargetHasItsLatestAnsweredRttAndItsLoss() throws Exception {
        Health health = new Health(
                Instant.parse("2026-12-01T12:00:00Z"),
                List.of(
                        target(
                                "eth0",
                                "icmp",
                                "1.1.1.1",
                                List.of(Optional.of(11.0), Optional.of(13.5), Optional.empty()),
                                25.0),
                        target("eth0", "tcp", "1.1.1.1:53", List.of(Optional.of(20.0)), 0.0),
                        target("eth1", "icmp", "8.8.8.8", List.of(Optional.empty(), Optional.empty()), 100.0)));
        String text = metrics(health);
        assertThat(text)
                .contains(
                        // the latest answered probe, not the lost one after it
                        "flywall_target_rtt_seconds{target=\"1.1.1.1\",type=\"icmp\",uplink=\"eth0\"} 0.0135",
                        "flywall_target_rtt_seconds{target=\"1.1.1.1:53\",type=\"tcp\",uplink=\"eth0\"} 0.02",
                        "flywall_target_loss_ratio{target=\"1.1.1.1\",type=\"icmp\",uplink=\"eth0\"} 0.25",
                        "flywall_target_loss_ratio{target=\"8.8.8.8\",type=\"icmp\",uplink=\"eth1\"} 1.0")
                // a target that never answered has a loss but no round-trip time
                .doesNotContain("flywall_target_rtt_seconds{target=\"8.8.8.8\"");
    }

    @Test
    void groupsCountTheirFailoversAndSayWhenTheLastWas() throws Exception {
        String text = metrics(new Health(status.at(), List.of()));
        assertThat(text)
                .contains(
                        "flywall_group_failovers_total{group=\"default\"} 2.0",
                        "flywall_group_failovers_total{group=\"backup\"} 0.0",
                        "flywall_group_last_failover_timestamp_seconds{group=\"default\"} "
                                + (double) status.at().minusSeconds(60).getEpochSecond(),
                        "flywall_group_seconds_since_last_failover{group=\"default\"} 60.0")
                // a group that never failed over has no time of its last failover
                .doesNotContain(
                        "flywall_group_last_failover_timestamp_seconds{group=\"backup\"}",
                        "flywall_group_seconds_since_last_failover{group=\"backup\"}");
    }

    @Test
    void drainAndMaintenanceArePerUplinkStates() throws Exception {
        FakeDaemon daemon = new FakeDaemon();
        assertThat(metrics(daemon.status()))
                .contains(
                        "flywall_uplink_drained{uplink=\"eth0\"} 0.0",
                        "flywall_uplink_usable{uplink=\"eth0\"} 1.0",
                        "flywall_uplink_maintenance{uplink=\"eth0\"} 0.0",
                        // eth1 is in its window isp2-weekly (and down)
                        "flywall_uplink_maintenance{uplink=\"eth1\"} 1.0",
                        "flywall_uplink_usable{uplink=\"eth1\"} 0.0");
        daemon.drain("eth0", "ISP works");
        assertThat(metrics(daemon.status()))
                .contains(
                        "flywall_uplink_drained{uplink=\"eth0\"} 1.0",
                        "flywall_uplink_usable{uplink=\"eth0\"} 0.0",
                        // drained, still up: the health series does not change
                        "flywall_uplink_up{uplink=\"eth0\"} 1.0");
    }

    @Test
    void noTargetsNoTargetSeries() throws Exception {
        assertThat(metrics(new Health(Instant.EPOCH, List.of())))
                .doesNotContain("flywall_target_rtt_seconds{", "flywall_target_loss_ratio{");
    }

    private static Health.Target target(
            String uplink, String type, String target, List<Optional<Double>> recent, double loss) {
        long lost = recent.stream().filter(Optional::isEmpty).count();
        return new Health.Target(
                uplink,
                type,
                target,
                recent.getLast().isPresent(),
                Optional.empty(),
                recent,
                loss,
                recent.size(),
                lost);
    }

    private String metrics(Health health) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new PrometheusTextFormatWriter(false).write(out, StatusMetrics.of(status, health));
        return out.toString(StandardCharsets.UTF_8);
    }

    private static String metrics(Status status) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new PrometheusTextFormatWriter(false).write(out, StatusMetrics.of(status));
        return out.toString(StandardCharsets.UTF_8);
    }
}
