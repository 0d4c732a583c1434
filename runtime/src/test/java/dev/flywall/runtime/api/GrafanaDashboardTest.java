package dev.flywall.runtime.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flywall.runtime.engine.Health;
import dev.flywall.runtime.engine.Status;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code packaging/grafana/flywall.json} asks only for series the daemon's {@code /metrics}
 * serves, so a renamed metric breaks this test rather than an operator's dashboard.
 */
class GrafanaDashboardTest {

    private static final Path DASHBOARD = Path.of("..", "packaging", "grafana", "flywall.json");
    private static final Pattern SERIES = Pattern.compile("\\bflywall_[a-z0-9_]+");

    @Test
    void everyQueryNamesASeriesTheDaemonServes() throws Exception {
        JsonNode dashboard = new ObjectMapper().readTree(Files.readString(DASHBOARD));
        Set<String> asked = new TreeSet<>();
        List<String> exprs = new ArrayList<>();
        dashboard
                .get("panels")
                .forEach(p ->
                        p.get("targets").forEach(t -> exprs.add(t.get("expr").asText())));
        dashboard
                .get("annotations")
                .get("list")
                .forEach(a -> exprs.add(a.get("expr").asText()));
        dashboard.get("templating").get("list").forEach(v -> {
            if (v.has("definition")) {
                exprs.add(v.get("definition").asText());
            }
        });
        for (String expr : exprs) {
            Matcher m = SERIES.matcher(expr);
            while (m.find()) {
                asked.add(m.group());
            }
        }
        assertThat(asked).hasSizeGreaterThan(10).isSubsetOf(served());
    }

    @Test
    void panelsDoNotOverlap() throws Exception {
        JsonNode dashboard = new ObjectMapper().readTree(Files.readString(DASHBOARD));
        List<int[]> boxes = new ArrayList<>();
        dashboard.get("panels").forEach(p -> {
            JsonNode g = p.get("gridPos");
            boxes.add(new int[] {
                g.get("x").asInt(),
                g.get("y").asInt(),
                g.get("w").asInt(),
                g.get("h").asInt()
            });
        });
        for (int i = 0; i < boxes.size(); i++) {
            int[] a = boxes.get(i);
            assertThat(a[0] + a[2]).as("panel %d fits the 24-column grid", i).isLessThanOrEqualTo(24);
            for (int j = i + 1; j < boxes.size(); j++) {
                int[] b = boxes.get(j);
                boolean apart =
                        a[0] + a[2] <= b[0] || b[0] + b[2] <= a[0] || a[1] + a[3] <= b[1] || b[1] + b[3] <= a[1];
                assertThat(apart).as("panels %d and %d overlap", i, j).isTrue();
            }
        }
    }

    /** The names of the series a daemon with every kind of state (HA, targets, a failover) serves. */
    private static Set<String> served() throws Exception {
        Status status = new FakeDaemon()
                .status()
                .withHa(Optional.of(new Status.HaStatus(
                        "master",
                        Instant.parse("2026-12-01T12:00:01Z"),
                        200,
                        "10.99.0.2",
                        51,
                        "running",
                        "running",
                        3)));
        Health health = new Health(
                status.at(),
                List.of(new Health.Target(
                        "eth0", "icmp", "1.1.1.1", true, Optional.empty(), List.of(Optional.of(11.0)), 0.0, 1, 0)));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new PrometheusTextFormatWriter(false).write(out, StatusMetrics.of(status, health));
        Set<String> names = new TreeSet<>();
        for (String line : out.toString(StandardCharsets.UTF_8).split("\n")) {
            if (!line.startsWith("#") && !line.isBlank()) {
                names.add(line.replaceAll("[{ ].*", ""));
            }
        }
        return names;
    }
}
