package dev.flywall.runtime.watchdog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class WatchdogConfigTest {

    static final Path GOLDEN = Path.of("..", "golden");

    static Stream<Path> goldenWatchdogs() throws IOException {
        try (Stream<Path> s = Files.walk(GOLDEN)) {
            return s.filter(p -> p.getFileName().toString().equals("watchdog.json")).sorted().toList().stream();
        }
    }

    @ParameterizedTest
    @MethodSource("goldenWatchdogs")
    void readsEveryCompiledWatchdog(Path file) throws IOException {
        WatchdogConfig w = WatchdogConfig.parse(Files.readString(file));
        assertThat(w.configHash()).startsWith("sha256:");
        assertThat(w.uplinks()).isNotEmpty();
        for (WatchdogConfig.Group g : w.groups()) {
            assertThat(g.tiers().stream().mapToInt(List::size).sum())
                    .isEqualTo(g.members().size());
            g.members().forEach(m -> assertThat(w.uplink(m.uplink())).isPresent());
        }
    }

    @Test
    void dualWanInDetail() throws IOException {
        WatchdogConfig w = WatchdogConfig.parse(Files.readString(GOLDEN.resolve("dual-wan/watchdog.json")));
        assertThat(w.nft().markMask()).isEqualTo(0xff00);
        assertThat(w.uplink("eth1").orElseThrow().mark()).isEqualTo(0x200);
        assertThat(w.uplink("eth1").orElseThrow().dynamic()).isTrue();
        WatchdogConfig.Group g = w.group("default").orElseThrow();
        assertThat(g.tiers()).containsExactly(List.of("eth0"), List.of("eth1"));
        WatchdogConfig.HealthCheck hc = g.member("eth0").orElseThrow().healthCheck();
        assertThat(hc.targets()).containsExactly("1.1.1.1", "8.8.8.8");
        assertThat(hc.interval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(w.routes()).hasSize(1);
        assertThat(w.api().listen()).isEqualTo("127.0.0.1:8080");
    }

    @Test
    void refusesAnotherSchemaVersion() {
        assertThatThrownBy(() -> WatchdogConfig.parse("{\"schema_version\": 2}"))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("schema version 2");
        assertThatThrownBy(() -> WatchdogConfig.parse("{\"schema_version\": 1}"))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("missing");
    }

    @Test
    void theWebhookUrlIsASecretReferenceInTheNotificationsGolden() throws IOException {
        WatchdogConfig w = WatchdogConfig.parse(Files.readString(GOLDEN.resolve("notifications/watchdog.json")));

        WatchdogConfig.Webhook hook = w.notifications().webhook().orElseThrow();
        assertThat(hook.url()).isEmpty();
        assertThat(hook.urlSecret())
                .hasValue(new WatchdogConfig.SecretRef(
                        java.util.Optional.empty(),
                        java.util.Optional.empty(),
                        java.util.Optional.of("notifications.webhook.url")));
    }
}
