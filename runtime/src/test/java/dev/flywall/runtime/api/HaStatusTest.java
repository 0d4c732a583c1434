package dev.flywall.runtime.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flywall.runtime.engine.Status;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A node of an HA pair: its role in the status document (read back by the CLI) and the metrics. */
class HaStatusTest {

    private final Status alone = new FakeDaemon().status();
    private final Status master = alone.withHa(Optional.of(new Status.HaStatus(
            "master", Instant.parse("2026-12-01T12:00:01Z"), 200, "10.99.0.2", 51, "running", "running", 3)));

    @Test
    void theStatusDocumentHasTheRoleAndReadsBack() throws Exception {
        var json = ApiJson.status(master);
        assertThat(json.get("ha").toString())
                .isEqualTo("{\"role\":\"master\",\"since\":\"2026-12-01T12:00:01Z\",\"priority\":200,"
                        + "\"peer\":\"10.99.0.2\",\"router_id\":51,\"keepalived\":\"running\",\"conntrackd\":\"running\","
                        + "\"transitions\":3}");
        assertThat(ApiJson.status(json)).isEqualTo(master);
        // a gateway that stands alone: null, and nothing when a daemon older than the field wrote none
        var standalone = ApiJson.status(alone);
        assertThat(standalone.get("ha").isNull()).isTrue();
        assertThat(ApiJson.status(standalone)).isEqualTo(alone);
        standalone.remove("ha");
        assertThat(ApiJson.status(standalone).ha()).isEmpty();
    }

    @Test
    void metricsSayTheRoleOnlyForANode() throws Exception {
        assertThat(metrics(master))
                .contains(
                        "flywall_ha_master 1.0",
                        "flywall_ha_role{role=\"master\"} 1.0",
                        "flywall_ha_role{role=\"backup\"} 0.0",
                        "flywall_ha_role{role=\"fault\"} 0.0",
                        "flywall_ha_role{role=\"init\"} 0.0",
                        "flywall_ha_transitions_total 3.0");
        Status backup = master.withHa(master.ha()
                .map(h -> new Status.HaStatus(
                        "backup", h.since(), 100, h.peer(), h.routerId(), h.keepalived(), h.conntrackd(), 4)));
        assertThat(metrics(backup)).contains("flywall_ha_master 0.0", "flywall_ha_role{role=\"backup\"} 1.0");
        assertThat(metrics(alone))
                .doesNotContain("flywall_ha_master ", "flywall_ha_role{", "flywall_ha_transitions_total ");
    }

    private static String metrics(Status status) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new PrometheusTextFormatWriter(false).write(out, StatusMetrics.of(status));
        return out.toString(StandardCharsets.UTF_8);
    }
}
