package dev.flywall.runtime.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flywall.runtime.history.History;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The status page's files and its graphs' endpoint over real HTTP, with a fake daemon. */
class StatusPageTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    private final FakeDaemon daemon = new FakeDaemon();
    private final List<SeriesSource.Round> rounds = new ArrayList<>();
    private Optional<History.Minute> pending = Optional.empty();
    private History history;
    private ApiServer server;

    @BeforeEach
    void start() throws Exception {
        history = History.open(dir.resolve("history.db"));
        SeriesSource source = new SeriesSource() {
            @Override
            public List<Round> rounds(String uplink, Instant since) {
                return rounds.stream().filter(r -> !r.at().isBefore(since)).toList();
            }

            @Override
            public Optional<History.Minute> pending(String uplink) {
                return pending;
            }
        };
        server = new ApiServer(
                new ApiAccess(new InetSocketAddress("127.0.0.1", 0), Optional.of("s3cret")),
                ApiLimits.DEFAULT,
                daemon,
                history,
                source);
        server.start();
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
        history.close();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void thePageItsScriptAndStyleWithTheirTypesAndAStrictPolicy() throws Exception {
        for (String[] file : List.of(
                new String[] {"/", "text/html; charset=utf-8", "<title>flywall status</title>"},
                new String[] {"/page.js", "text/javascript; charset=utf-8", "/api/wan/status"},
                new String[] {"/page.css", "text/css; charset=utf-8", ".badge"})) {
            HttpResponse<String> r = get(file[0]);
            assertThat(r.statusCode()).as(file[0]).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type")).as(file[0]).hasValue(file[1]);
            assertThat(r.body()).as(file[0]).contains(file[2]);
            assertThat(r.headers().firstValue("Content-Security-Policy"))
                    .as(file[0])
                    .hasValueSatisfying(csp -> assertThat(csp)
                            .contains("default-src 'none'", "script-src 'self'", "connect-src 'self'")
                            .doesNotContain("unsafe-inline", "unsafe-eval", "*"));
            assertThat(r.headers().firstValue("Cache-Control")).hasValue("no-cache");
            assertThat(r.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        }
        assertThat(get("/index.html").statusCode()).isEqualTo(404);
    }

    @Test
    void thePageFetchesNothingFromElsewhereAndHasNoInlineScriptOrStyle() throws Exception {
        Pattern url = Pattern.compile("(https?:)?//[a-z0-9.-]+\\.[a-z]{2,}", Pattern.CASE_INSENSITIVE);
        for (String name : List.of("index.html", "page.js", "page.css")) {
            String text;
            try (InputStream in = StatusPage.class.getResourceAsStream("page/" + name)) {
                text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            Matcher m = url.matcher(text);
            List<String> found = new ArrayList<>();
            while (m.find()) {
                found.add(m.group());
            }
            // the SVG namespace is a name, never fetched
            assertThat(found).as(name).allMatch(u -> u.equals("http://www.w3.org"));
            if (name.equals("index.html")) {
                assertThat(text).doesNotContain("<script>", "style=", "<style", "onclick");
            }
        }
    }

    @Test
    void shortRangesComeFromTheRoundsInMemoryInFiveSecondSteps() throws Exception {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Instant step = now.minusSeconds(Math.floorMod(now.getEpochSecond(), 5)).minusSeconds(60);
        rounds.add(new SeriesSource.Round(step, 2, 0, 20, 8, 12));
        rounds.add(new SeriesSource.Round(step.plusSeconds(1), 2, 1, 30, 30, 30));
        rounds.add(new SeriesSource.Round(step.plusSeconds(10), 2, 2, 0, Double.NaN, Double.NaN));
        rounds.add(new SeriesSource.Round(now.minusSeconds(3600), 2, 0, 20, 10, 10)); // out of range

        JsonNode o = JSON.readTree(get("/api/wan/series?uplink=eth0&range=15m").body());
        assertThat(o.get("uplink").asText()).isEqualTo("eth0");
        assertThat(o.get("step_s").asInt()).isEqualTo(5);
        JsonNode points = o.get("points");
        assertThat(points).hasSize(2);
        assertThat(points.get(0).get("at").asText()).isEqualTo(step.toString());
        assertThat(points.get(0).get("sent").asInt()).isEqualTo(4);
        assertThat(points.get(0).get("loss").asDouble()).isEqualTo(0.25);
        assertThat(points.get(0).get("rtt_ms").asDouble()).isEqualTo(16.67); // 50 ms over 3 answers
        assertThat(points.get(0).get("rtt_min_ms").asDouble()).isEqualTo(8.0);
        assertThat(points.get(0).get("rtt_max_ms").asDouble()).isEqualTo(30.0);
        assertThat(points.get(1).get("loss").asDouble()).isEqualTo(1.0);
        assertThat(points.get(1).get("rtt_ms").isNull()).isTrue();
    }

    @Test
    void longRangesComeFromTheHistorysMinutesAndThePendingOne() throws Exception {
        Instant minute = Instant.now().truncatedTo(ChronoUnit.MINUTES);
        history.recordMinutes(List.of(
                new History.Minute(minute.minusSeconds(120), "eth0", "1.1.1.1", 60, 0, 600, 9, 11),
                new History.Minute(minute.minusSeconds(120), "eth0", "8.8.8.8", 60, 60, 0, Double.NaN, Double.NaN),
                new History.Minute(minute.minusSeconds(7200), "eth0", "1.1.1.1", 60, 0, 600, 9, 11),
                new History.Minute(minute.minusSeconds(60), "eth1", "1.0.0.1", 60, 0, 600, 9, 11)));
        pending = Optional.of(new History.Minute(minute, "eth0", null, 10, 0, 50, 5, 5));

        JsonNode points = JSON.readTree(
                        get("/api/wan/series?uplink=eth0&range=1h").body())
                .get("points");
        assertThat(points).hasSize(2);
        assertThat(points.get(0).get("at").asText())
                .isEqualTo(minute.minusSeconds(120).toString());
        assertThat(points.get(0).get("loss").asDouble()).isEqualTo(0.5);
        assertThat(points.get(0).get("rtt_ms").asDouble()).isEqualTo(10.0);
        assertThat(points.get(1).get("at").asText()).isEqualTo(minute.toString());
        assertThat(points.get(1).get("rtt_ms").asDouble()).isEqualTo(5.0);

        JsonNode day =
                JSON.readTree(get("/api/wan/series?uplink=eth0&range=24h").body());
        assertThat(day.get("step_s").asInt()).isEqualTo(480);
        assertThat(day.get("points").size()).isBetween(2, 3);
    }

    @Test
    void badParametersAreRefusedWithAMessage() throws Exception {
        for (String[] c : List.of(
                new String[] {"", "uplink is missing"},
                new String[] {"?uplink=eth0&range=2h", "range=2h is not one of 15m, 1h, 6h, 24h"},
                new String[] {"?uplink=eth0&since=1h", "unknown parameter since"},
                new String[] {"?uplink=eth0&uplink=eth1", "given twice"},
                new String[] {"?uplink=wlan9", "no uplink named wlan9 (uplinks: eth0, eth1)"})) {
            HttpResponse<String> r = get("/api/wan/series" + c[0]);
            assertThat(r.statusCode()).as(c[0]).isEqualTo(400);
            assertThat(JSON.readTree(r.body()).get("error").asText()).as(c[0]).contains(c[1]);
        }
        HttpResponse<String> post = HTTP.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/"))
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).isEqualTo(405);
    }
}
