package dev.flywall.runtime.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flywall.runtime.history.History;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every endpoint of the API over real HTTP on 127.0.0.1, with a fake daemon and a real history. */
class ApiServerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    private final FakeDaemon daemon = new FakeDaemon();
    private History history;
    private ApiServer server;

    private record Answer(int status, JsonNode json, HttpResponse<String> raw) {}

    @BeforeEach
    void start() throws Exception {
        history = History.open(dir.resolve("history.db"));
        server = start(Optional.of("s3cret"));
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
        history.close();
    }

    private ApiServer start(Optional<String> token) throws Exception {
        ApiServer s = new ApiServer(new InetSocketAddress("127.0.0.1", 0), token, daemon, history);
        s.start();
        return s;
    }

    private Answer send(ApiServer s, String method, String path, String body, String authorization) throws Exception {
        var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + s.port() + path))
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        boolean json = response.headers().firstValue("Content-Type").orElse("").startsWith("application/json");
        return new Answer(response.statusCode(), json ? JSON.readTree(response.body()) : null, response);
    }

    private Answer get(String path) throws Exception {
        return send(server, "GET", path, null, null);
    }

    private Answer post(String path, String body) throws Exception {
        return send(server, "POST", path, body, "Bearer s3cret");
    }

    @Test
    void statusIsTheSnapshotInSnakeCase() throws Exception {
        Answer a = get("/api/wan/status");

        assertThat(a.status()).isEqualTo(200);
        assertThat(a.json().get("config_hash").asText()).isEqualTo("sha256:abc");
        assertThat(a.json().get("started_at").asText()).isEqualTo("2026-11-22T09:00:00Z");
        JsonNode eth0 = a.json().get("uplinks").get(0);
        assertThat(eth0.get("rtt_ms").asDouble()).isEqualTo(12.3);
        assertThat(eth0.get("loss_percent").asDouble()).isEqualTo(0.0);
        assertThat(eth0.get("link_up").asBoolean()).isTrue();
        assertThat(a.json().get("uplinks").get(1).get("rtt_ms").isNull()).isTrue();
        JsonNode group = a.json().get("groups").get(0);
        assertThat(group.get("active").get(0).asText()).isEqualTo("eth0");
        assertThat(group.get("pinned").isNull()).isTrue();
        assertThat(group.get("awaiting_manual_failback").asBoolean()).isFalse();
        assertThat(group.get("failovers").asLong()).isEqualTo(2);
        assertThat(group.get("last_failover_at").asText()).isEqualTo("2026-11-22T09:59:00Z");
        assertThat(a.json().get("groups").get(1).get("last_failover_at").isNull())
                .isTrue();
        assertThat(eth0.get("usable").asBoolean()).isTrue();
        assertThat(eth0.get("drained").asBoolean()).isFalse();
        assertThat(eth0.get("drained_since").isNull()).isTrue();
        assertThat(eth0.get("drain_reason").isNull()).isTrue();
        assertThat(eth0.get("maintenance").isNull()).isTrue();
        JsonNode eth1 = a.json().get("uplinks").get(1);
        assertThat(eth1.get("maintenance").asText()).isEqualTo("isp2-weekly");
        assertThat(eth1.get("maintenance_until").asText()).isEqualTo("2026-11-22T11:00:00Z");
        assertThat(a.json().get("failovers_total").asLong()).isEqualTo(3);
        assertThat(ApiJson.status(a.json())).isEqualTo(daemon.status());
    }

    @Test
    void healthHasNullForLostProbes() throws Exception {
        Answer a = get("/api/wan/health");

        assertThat(a.status()).isEqualTo(200);
        JsonNode target = a.json().get("targets").get(0);
        assertThat(target.get("recent_rtt_ms").toString()).isEqualTo("[11.0,null,13.5]");
        assertThat(target.get("last_error").isNull()).isTrue();
        assertThat(a.json().get("targets").get(1).get("last_error").asText()).isEqualTo("timeout after 2s");
        assertThat(ApiJson.health(a.json())).isEqualTo(daemon.health());
    }

    @Test
    void historyFiltersBySinceUplinkAndLimitNewestFirst() throws Exception {
        Instant now = Instant.now();
        history.record(
                new History.Event(now.minus(Duration.ofHours(48)), "failover", "default", "eth0", "eth1", "old", "{}"));
        history.record(new History.Event(
                now.minus(Duration.ofHours(2)), "apply", null, null, null, "flywall apply", "{\"who\":\"root\"}"));
        history.record(new History.Event(
                now.minus(Duration.ofHours(1)), "failover", "default", "eth0", "eth1", "3 probes lost", null));
        history.record(new History.Event(
                now.minus(Duration.ofMinutes(10)), "wan_down", null, "eth0", null, "link down", "not json"));

        Answer day = get("/api/wan/history?since=24h");
        assertThat(day.status()).isEqualTo(200);
        assertThat(day.json().get("events"))
                .extracting(e -> e.get("kind").asText())
                .containsExactly("wan_down", "failover", "apply");
        assertThat(day.json().get("events").get(2).get("details").get("who").asText())
                .isEqualTo("root");
        assertThat(day.json().get("events").get(0).get("details").asText()).isEqualTo("not json");

        assertThat(get("/api/wan/history?uplink=eth1").json().get("events")).hasSize(2);
        assertThat(get("/api/wan/history?since=24h&uplink=eth1&limit=1")
                        .json()
                        .get("events")
                        .get(0)
                        .get("reason")
                        .asText())
                .isEqualTo("3 probes lost");
        String since = now.minus(Duration.ofMinutes(30)).toString();
        assertThat(get("/api/wan/history?since=" + since).json().get("events")).hasSize(1);
        assertThat(get("/api/wan/history").json().get("events")).hasSize(4);
        assertThat(ApiJson.events(day.json()))
                .isEqualTo(history.query(now.minus(Duration.ofHours(24)), Optional.empty(), 100));
    }

    @Test
    void historyRefusesBadParameters() throws Exception {
        assertError(
                get("/api/wan/history?since=yesterday"),
                400,
                "since=yesterday is neither a duration such as 24h nor an instant such as 2026-11-22T10:00:00Z");
        assertError(get("/api/wan/history?limit=0"), 400, "limit=0 is not a number from 1 to 10000");
        assertError(get("/api/wan/history?uplnik=eth0"), 400, "unknown parameter uplnik (known: since, uplink, limit)");
        assertError(get("/api/wan/history?limit=1&limit=2"), 400, "the parameter limit is given twice");
    }

    @Test
    void pinNeedsTheToken() throws Exception {
        Answer none = send(server, "POST", "/api/wan/pin", "{\"uplink\":\"eth1\"}", null);
        assertError(
                none,
                401,
                "pin, unpin, failback, drain and undrain need the API token: send Authorization: Bearer <token>");
        assertThat(none.raw().headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"flywall\"");
        assertError(
                send(server, "POST", "/api/wan/pin", "{\"uplink\":\"eth1\"}", "Bearer wrong"),
                401,
                "the token is not the API's token");
        assertError(
                send(server, "POST", "/api/wan/unpin", "", "Basic czNjcmV0"),
                401,
                "pin, unpin, failback, drain and undrain need the API token: send Authorization: Bearer <token>");
        assertThat(daemon.pins().values()).allMatch(Optional::isEmpty);
        assertThat(get("/api/wan/status").status()).as("reads need no token").isEqualTo(200);
    }

    @Test
    void pinOneGroupOrEveryGroupWithTheUplink() throws Exception {
        Answer one = post("/api/wan/pin", "{\"uplink\":\"eth1\",\"group\":\"default\"}");
        assertThat(one.status()).isEqualTo(200);
        assertThat(one.json().toString()).isEqualTo("{\"uplink\":\"eth1\",\"pinned\":[\"default\"]}");
        assertThat(daemon.pins())
                .containsEntry("default", Optional.of("eth1"))
                .containsEntry("backup", Optional.empty());

        Answer all = post("/api/wan/pin", "{\"uplink\":\"eth1\"}");
        assertThat(all.json().get("pinned").toString()).isEqualTo("[\"default\",\"backup\"]");
        assertThat(post("/api/wan/pin", "{\"uplink\":\"eth0\"}")
                        .json()
                        .get("pinned")
                        .toString())
                .isEqualTo("[\"default\"]");
        assertThat(daemon.status().groups().get(0).pinned()).hasValue("eth0");
        assertError(post("/api/wan/pin", "{\"uplink\":\"eth9\"}"), 400, "no group has eth9 as a member");
    }

    @Test
    void pinPassesTheDaemonsRefusalOn() throws Exception {
        assertError(post("/api/wan/pin", "{\"uplink\":\"eth1\",\"group\":\"nope\"}"), 400, "no group named nope");
        assertError(
                post("/api/wan/pin", "{\"uplink\":\"eth0\",\"group\":\"backup\"}"),
                400,
                "eth0 is not a member of group backup");
    }

    @Test
    void badBodiesAreRefused() throws Exception {
        assertThat(post("/api/wan/pin", "{\"uplink\":").json().get("error").asText())
                .startsWith("the body is not JSON: ");
        assertError(
                post("/api/wan/pin", "[\"eth1\"]"),
                400,
                "the body must be a JSON object such as {\"uplink\": \"eth1\"}");
        assertError(post("/api/wan/pin", "{}"), 400, "\"uplink\" is missing");
        assertError(post("/api/wan/pin", "{\"uplink\":1}"), 400, "\"uplink\" must be a non-empty string");
        assertError(
                post("/api/wan/pin", "{\"uplink\":\"eth1\",\"grp\":\"default\"}"),
                400,
                "unknown field \"grp\" (expected: uplink, group)");
        assertError(
                post("/api/wan/pin", "{\"uplink\":\"" + "x".repeat(20_000) + "\"}"),
                413,
                "the request body is larger than 16 KiB");
    }

    @Test
    void failbackOneGroup() throws Exception {
        assertThat(post("/api/wan/failback", "{\"group\":\"backup\"}").json().toString())
                .isEqualTo("{\"failback\":\"backup\"}");
        assertThat(daemon.failbacks).containsExactly("backup");
        assertError(post("/api/wan/failback", "{\"group\":\"nosuch\"}"), 400, "no group named nosuch");
        assertError(post("/api/wan/failback", "{}"), 400, "\"group\" is missing");
    }

    @Test
    void unpinOneGroupOrAll() throws Exception {
        daemon.pin("default", "eth1");
        daemon.pin("backup", "eth1");

        assertThat(post("/api/wan/unpin", "{\"group\":\"backup\"}").json().toString())
                .isEqualTo("{\"unpinned\":[\"backup\"]}");
        assertThat(daemon.pins())
                .containsEntry("backup", Optional.empty())
                .containsEntry("default", Optional.of("eth1"));
        assertThat(post("/api/wan/unpin", "").json().toString()).isEqualTo("{\"unpinned\":[\"default\"]}");
        assertThat(daemon.pins().values()).allMatch(Optional::isEmpty);
        assertThat(post("/api/wan/unpin", "{}").json().toString()).isEqualTo("{\"unpinned\":[]}");
        assertError(
                post("/api/wan/unpin", "{\"group\":\"nope\"}"), 400, "no group named nope (groups: default, backup)");
    }

    @Test
    void drainAndUndrainAnUplink() throws Exception {
        Answer drained = post("/api/wan/drain", "{\"uplink\":\"eth0\",\"reason\":\"ISP works\"}");
        assertThat(drained.status()).isEqualTo(200);
        assertThat(drained.json().toString()).isEqualTo("{\"drained\":\"eth0\",\"warnings\":[]}");
        assertThat(daemon.drains()).containsExactly(Map.entry("eth0", "ISP works"));
        JsonNode eth0 = get("/api/wan/status").json().get("uplinks").get(0);
        assertThat(eth0.get("drained").asBoolean()).isTrue();
        assertThat(eth0.get("usable").asBoolean()).isFalse();
        assertThat(eth0.get("drained_since").asText()).isEqualTo("2026-11-22T10:00:00Z");
        assertThat(eth0.get("drain_reason").asText()).isEqualTo("ISP works");

        Answer undrained = post("/api/wan/undrain", "{\"uplink\":\"eth0\"}");
        assertThat(undrained.json().toString()).isEqualTo("{\"undrained\":\"eth0\"}");
        assertThat(daemon.drains()).isEmpty();
        assertThat(post("/api/wan/drain", "{\"uplink\":\"eth0\"}").status())
                .as("the reason is optional")
                .isEqualTo(200);
        assertThat(daemon.drains()).containsExactly(Map.entry("eth0", ""));
    }

    @Test
    void aDrainThatLeavesAGroupWithoutAUsableMemberWarns() throws Exception {
        daemon.pin("default", "eth1");

        Answer a = post("/api/wan/drain", "{\"uplink\":\"eth1\"}");

        assertThat(a.status()).isEqualTo(200);
        assertThat(a.json().get("warnings").toString())
                .isEqualTo("[\"uplink_group default is pinned to eth1: its new connections stay there until it is"
                        + " unpinned\",\"uplink_group backup has no other usable member: it keeps eth1 (a dead route"
                        + " beats none)\"]");
    }

    @Test
    void drainRefusesUnknownUplinksBadReasonsAndRequestsWithoutTheToken() throws Exception {
        assertError(
                post("/api/wan/drain", "{\"uplink\":\"eth9\"}"),
                400,
                "there is no uplink \"eth9\"; uplinks: eth0, eth1");
        assertError(
                post("/api/wan/undrain", "{\"uplink\":\"eth9\"}"),
                400,
                "there is no uplink \"eth9\"; uplinks: eth0, eth1");
        assertError(post("/api/wan/drain", "{}"), 400, "\"uplink\" is missing");
        assertError(post("/api/wan/undrain", ""), 400, "\"uplink\" is missing");
        assertError(
                post("/api/wan/drain", "{\"uplink\":\"eth0\",\"reason\":\"" + "x".repeat(201) + "\"}"),
                400,
                "the drain reason has 201 characters; at most 200 are allowed");
        assertError(
                post("/api/wan/drain", "{\"uplink\":\"eth0\",\"reason\":\"line one\\nrm -rf /\"}"),
                400,
                "the drain reason must be one line of printable text (no control characters)");
        assertError(
                post("/api/wan/drain", "{\"uplink\":\"eth0\",\"why\":\"x\"}"),
                400,
                "unknown field \"why\" (expected: uplink, reason)");
        assertError(
                send(server, "POST", "/api/wan/drain", "{\"uplink\":\"eth0\"}", null),
                401,
                "pin, unpin, failback, drain and undrain need the API token: send Authorization: Bearer <token>");
        assertError(
                send(server, "POST", "/api/wan/undrain", "{\"uplink\":\"eth0\"}", "Bearer wrong"),
                401,
                "the token is not the API's token");
        assertThat(daemon.drains()).isEmpty();
    }

    @Test
    void withoutTokenLoopbackClientsMayPin() throws Exception {
        try (ApiServer open = start(Optional.empty())) {
            Answer a = send(open, "POST", "/api/wan/pin", "{\"uplink\":\"eth1\",\"group\":\"backup\"}", null);
            assertThat(a.status()).isEqualTo(200);
            assertThat(daemon.pins()).containsEntry("backup", Optional.of("eth1"));
        }
    }

    @Test
    void refusesToListenBeyondLoopbackWithoutToken() throws Exception {
        assertThatThrownBy(
                        () -> new ApiServer(new InetSocketAddress("0.0.0.0", 8080), Optional.empty(), daemon, history))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the API would listen on 0.0.0.0:8080 without a token, so anyone who reaches that address"
                        + " could pin uplinks: set api { token = env(\"...\") }, or listen on 127.0.0.1");
        assertThatThrownBy(
                        () -> new ApiServer(new InetSocketAddress("127.0.0.1", 0), Optional.of(" "), daemon, history))
                .hasMessageContaining("the API token is empty");
        try (ApiServer withToken =
                new ApiServer(new InetSocketAddress("0.0.0.0", 0), Optional.of("t"), daemon, history)) {
            withToken.start();
            assertThat(withToken.port()).isPositive();
        }
    }

    @Test
    void aNewTokenHoldsFromTheNextRequestOnTheSamePort() throws Exception {
        int port = server.port();

        server.reconfigure(new ApiAccess(new InetSocketAddress("127.0.0.1", 0), Optional.of("rotated")));

        assertThat(server.port()).isEqualTo(port);
        assertError(post("/api/wan/unpin", ""), 401, "the token is not the API's token");
        assertThat(send(server, "POST", "/api/wan/unpin", "", "Bearer rotated").status())
                .isEqualTo(200);
    }

    @Test
    void aNewAddressIsBoundAndTheOldOneClosed() throws Exception {
        int before = server.port();
        int free = freePort();

        server.reconfigure(new ApiAccess(new InetSocketAddress("127.0.0.1", free), Optional.of("s3cret")));

        assertThat(server.port()).isEqualTo(free);
        assertThat(get("/api/wan/status").status()).isEqualTo(200);
        assertThat(DaemonApiTest.refusedWithinASecond(before))
                .as("the old address refuses connections")
                .isTrue();
    }

    @Test
    void anAddressInUseKeepsTheOldOneButTakesTheNewToken() throws Exception {
        int before = server.port();
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            assertThatThrownBy(() -> server.reconfigure(new ApiAccess(
                            new InetSocketAddress("127.0.0.1", taken.getLocalPort()), Optional.of("rotated"))))
                    .isInstanceOf(IOException.class)
                    .hasMessageStartingWith("the API cannot listen on 127.0.0.1:" + taken.getLocalPort() + ": ")
                    .hasMessageEndingWith("; the API stays on 127.0.0.1:" + before);
        }
        assertThat(server.port()).isEqualTo(before);
        assertError(post("/api/wan/unpin", ""), 401, "the token is not the API's token");
        assertThat(send(server, "POST", "/api/wan/unpin", "", "Bearer rotated").status())
                .isEqualTo(200);
    }

    private static int freePort() throws Exception {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        }
    }

    @Test
    void unknownPathsAndWrongMethods() throws Exception {
        assertError(get("/api/wan/nope"), 404, "no such endpoint: /api/wan/nope");
        Answer wrong = get("/api/wan/pin");
        assertError(wrong, 405, "/api/wan/pin accepts POST only");
        assertThat(wrong.raw().headers().firstValue("Allow")).hasValue("POST");
        assertError(post("/api/wan/status", "{}"), 405, "/api/wan/status accepts GET only");
    }

    @Test
    void failuresInsideTheDaemonAreAnInternalErrorWithoutDetails() throws Exception {
        daemon.failure = new IllegalStateException("engine exploded at line 42");

        Answer a = get("/api/wan/status");

        assertError(a, 500, "internal error; the daemon's log has the details");
        assertThat(a.raw().body()).doesNotContain("exploded", "at dev.");
    }

    @Test
    void metricsInThePrometheusTextFormat() throws Exception {
        daemon.pin("default", "eth1");
        Answer a = get("/metrics");

        assertThat(a.status()).isEqualTo(200);
        assertThat(a.raw().headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("text/plain; version=0.0.4"));
        Map<String, Double> series = series(a.raw().body());
        assertThat(series)
                .containsEntry("flywall_uplink_up{uplink=\"eth0\"}", 1.0)
                .containsEntry("flywall_uplink_up{uplink=\"eth1\"}", 0.0)
                .containsEntry("flywall_uplink_rtt_seconds{uplink=\"eth0\"}", 0.0123)
                .doesNotContainKey("flywall_uplink_rtt_seconds{uplink=\"eth1\"}")
                .containsEntry("flywall_uplink_loss_ratio{uplink=\"eth1\"}", 1.0)
                .containsEntry("flywall_group_active{group=\"default\",uplink=\"eth1\"}", 1.0)
                .containsEntry("flywall_group_active{group=\"default\",uplink=\"eth0\"}", 0.0)
                .containsEntry("flywall_group_active{group=\"backup\",uplink=\"eth1\"}", 1.0)
                .containsEntry("flywall_failovers_total", 3.0)
                .containsEntry("flywall_probes_total{uplink=\"eth0\"}", 720.0)
                .containsEntry("flywall_probes_failed_total{uplink=\"eth1\"}", 25.0);
        assertThat(a.raw().body()).contains("# TYPE flywall_failovers_total counter", "# TYPE flywall_uplink_up gauge");
    }

    @Test
    void listenAddresses() {
        assertThat(Listen.parse("127.0.0.1:8080")).isEqualTo(new InetSocketAddress("127.0.0.1", 8080));
        assertThat(Listen.format(Listen.parse("[::1]:9000"))).isEqualTo("[0:0:0:0:0:0:0:1]:9000");
        assertThatThrownBy(() -> Listen.parse("::1:8080"))
                .hasMessage("the API address ::1:8080 needs brackets around an IPv6 address: [::1]:8080");
        assertThatThrownBy(() -> Listen.parse("8080"))
                .hasMessage("the API address 8080 is not host:port (or [v6]:port)");
        assertThatThrownBy(() -> Listen.parse("127.0.0.1:99999"))
                .hasMessage("the API address 127.0.0.1:99999 has no valid port (0-65535)");
    }

    /** {@code name{labels} value} lines as a map; comments skipped. */
    private static Map<String, Double> series(String text) {
        Map<String, Double> out = new LinkedHashMap<>();
        text.lines().filter(l -> !l.startsWith("#") && !l.isBlank()).forEach(l -> {
            int space = l.lastIndexOf(' ');
            out.put(l.substring(0, space), Double.parseDouble(l.substring(space + 1)));
        });
        return out;
    }

    private static void assertError(Answer a, int status, String message) {
        assertThat(a.status()).as(a.raw().body()).isEqualTo(status);
        assertThat(a.raw().headers().firstValue("Content-Type")).hasValue("application/json; charset=utf-8");
        assertThat(a.json().get("error").asText()).isEqualTo(message);
    }
}
