package dev.flywall.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The bundle's records read what the compiler wrote and write it back unchanged. */
class BundleJsonTest {

    private static final Path GOLDEN = Path.of("..", "golden");

    static Stream<Path> watchdogFiles() throws IOException {
        try (Stream<Path> dirs = Files.list(GOLDEN)) {
            return dirs.map(d -> d.resolve("watchdog.json")).filter(Files::exists).sorted().toList().stream();
        }
    }

    @ParameterizedTest
    @MethodSource("watchdogFiles")
    void everyGoldenWatchdogFileReadsAndWritesBackTheSameTree(Path file) throws IOException {
        String json = Files.readString(file);

        WatchdogFile read = BundleJson.watchdog(json);

        // as text: a long written by the compiler reads back as an int node, equal in the file
        ObjectMapper mapper = new ObjectMapper();
        assertThat(mapper.writeValueAsString(BundleJson.tree(read)))
                .isEqualTo(mapper.writeValueAsString(mapper.readTree(json)));
    }

    @Test
    void aWebhookUrlWrittenOutReadsAsALiteralAndIsWrittenBackAsAString() throws IOException {
        String json = Files.readString(GOLDEN.resolve("notifications/watchdog.json"))
                .replace(
                        "\"url\": {\n        \"bundled\": \"notifications.webhook.url\"\n      }",
                        "\"url\": \"http://192.0.2.9/hook\"");

        WatchdogFile read = BundleJson.watchdog(json);

        assertThat(read.notifications().webhook().url().literal()).contains("http://192.0.2.9/hook");
        assertThat(BundleJson.tree(read).at("/notifications/webhook/url").asText())
                .isEqualTo("http://192.0.2.9/hook");
    }

    @Test
    void anUnknownWordNamesTheAllowedOnes() throws IOException {
        String json =
                Files.readString(GOLDEN.resolve("dual-wan/watchdog.json")).replace("\"failover\"", "\"failsafe\"");

        assertThatThrownBy(() -> BundleJson.watchdog(json))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("unknown group mode \"failsafe\" (one of failover, balance)");
    }

    @Test
    void aMissingFieldIsNamed() throws IOException {
        String json = Files.readString(GOLDEN.resolve("dual-wan/watchdog.json"))
                .replace("\"nft_chain\": \"up_eth0\",", "")
                .replace("\"nft_chain\": \"up_eth0\"", "\"x\": 1");

        assertThatThrownBy(() -> BundleJson.watchdog(json))
                .isInstanceOf(IOException.class)
                .hasMessageStartingWith("watchdog.json: missing \"nft_chain\"");
    }

    @Test
    void anotherSchemaVersionIsRefused() throws IOException {
        String json = Files.readString(GOLDEN.resolve("dual-wan/watchdog.json"))
                .replace("\"schema_version\": 1", "\"schema_version\": 2");

        assertThatThrownBy(() -> BundleJson.watchdog(json))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("schema version 2; this flywall reads version 1");
    }

    @Test
    void daemonStateRoundTrips() throws IOException {
        DaemonStateFile state = new DaemonStateFile(
                1,
                Map.of(
                        "eth0",
                        new DaemonStateFile.Uplink(
                                DaemonStateFile.Health.DOWN, "2026-12-02T09:00:00Z", "3 failed rounds", true)),
                Map.of("default", new DaemonStateFile.Group(List.of("eth1"), null, false)),
                4);

        String json = BundleJson.write(state);

        assertThat(json)
                .contains("\"health\" : \"DOWN\"", "\"link_up\" : true", "\"awaiting_manual\" : false")
                .doesNotContain("pin")
                .endsWith("}\n");
        assertThat(BundleJson.daemonState(json)).isEqualTo(state);
    }

    @Test
    void aDrainAndAGroupsFailoversRoundTrip() throws IOException {
        DaemonStateFile state = new DaemonStateFile(
                1,
                Map.of(
                        "eth0",
                        new DaemonStateFile.Uplink(
                                DaemonStateFile.Health.UP,
                                "2026-12-02T09:00:00Z",
                                "3 good rounds",
                                true,
                                new DaemonStateFile.Drain("ISP works", "2026-12-02T10:00:00Z"))),
                Map.of("default", new DaemonStateFile.Group(List.of("eth1"), null, false, 3L, "2026-12-02T10:00:00Z")),
                3);

        String json = BundleJson.write(state);

        assertThat(json)
                .contains(
                        "\"drain\" : {",
                        "\"reason\" : \"ISP works\"",
                        "\"failovers\" : 3",
                        "\"last_failover_at\" : \"2026-12-02T10:00:00Z\"");
        assertThat(BundleJson.daemonState(json)).isEqualTo(state);
    }

    @Test
    void aStateWrittenBeforeDrainsReadsAsNoDrainAndNoFailovers() throws IOException {
        String json = """
                {"version": 1, "failovers": 2,
                 "uplinks": {"eth0": {"health": "UP", "since": "2026-12-02T09:00:00Z", "reason": "", "link_up": true}},
                 "groups": {"default": {"active": ["eth0"], "awaiting_manual": false}}}
                """;

        DaemonStateFile state = BundleJson.daemonState(json);

        assertThat(state.uplinks().get("eth0").drain()).isNull();
        assertThat(state.groups().get("default").failovers()).isZero();
        assertThat(state.groups().get("default").lastFailoverAt()).isNull();
    }
}
