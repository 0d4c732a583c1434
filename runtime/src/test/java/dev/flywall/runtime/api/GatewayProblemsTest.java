package dev.flywall.runtime.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flywall.runtime.engine.Status;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A gateway the daemon could not repair (its table gone, its history unwritable) says so in the
 * status document and the metrics, rather than only listing healthy uplinks.
 */
class GatewayProblemsTest {

    private final Status healthy = new FakeDaemon().status();
    private final Status broken = healthy.withProblems(List.of(new Status.Problem(
            "ruleset", "table inet flywall was deleted and could not be restored: nft refused the applied ruleset")));

    @Test
    void theStatusDocumentListsTheProblemsAndReadsBack() throws Exception {
        var json = ApiJson.status(broken);
        assertThat(json.get("healthy").asBoolean()).isFalse();
        assertThat(json.get("problems").toString())
                .isEqualTo(
                        "[{\"subject\":\"ruleset\",\"detail\":"
                                + "\"table inet flywall was deleted and could not be restored: nft refused the applied ruleset\"}]");
        assertThat(ApiJson.status(json)).isEqualTo(broken);
        assertThat(ApiJson.status(healthy).get("healthy").asBoolean()).isTrue();
    }

    @Test
    void metricsSayTheGatewayIsNotHealthy() throws Exception {
        assertThat(metrics(healthy)).contains("flywall_gateway_healthy 1.0").doesNotContain("flywall_problem{");
        assertThat(metrics(broken)).contains("flywall_gateway_healthy 0.0", "flywall_problem{subject=\"ruleset\"} 1.0");
    }

    private static String metrics(Status status) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new PrometheusTextFormatWriter(false).write(out, StatusMetrics.of(status));
        return out.toString(StandardCharsets.UTF_8);
    }
}
