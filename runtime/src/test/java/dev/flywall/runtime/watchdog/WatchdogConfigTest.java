package dev.flywall.runtime.watchdog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flywall.bundle.BundleJson;
import dev.flywall.bundle.WatchdogFile;
import dev.flywall.model.Maintenance;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.EnumSet;
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
    void readsMaintenanceWindowsAsTheModel() throws IOException {
        WatchdogFile dual = BundleJson.watchdog(Files.readString(GOLDEN.resolve("dual-wan/watchdog.json")));
        assertThat(WatchdogConfig.of(dual).maintenance()).as("none declared").isEmpty();
        WatchdogFile.Maintenance weekly = new WatchdogFile.Maintenance(
                "isp1-weekly",
                List.of("eth0"),
                "Europe/Berlin",
                List.of("sat", "sun"),
                "02:00",
                7_200_000L,
                null,
                null);
        WatchdogFile.Maintenance once = new WatchdogFile.Maintenance(
                "fiber-splice",
                List.of("eth1"),
                "Europe/Berlin",
                null,
                null,
                null,
                "2026-12-10T22:00",
                "2026-12-11T04:00");
        String json = BundleJson.write(withMaintenance(dual, List.of(weekly, once)));
        assertThat(json).contains("\"maintenance\"");
        WatchdogConfig w = WatchdogConfig.parse(json);
        assertThat(w.maintenance())
                .containsExactly(
                        new Maintenance(
                                "isp1-weekly",
                                List.of("eth0"),
                                ZoneId.of("Europe/Berlin"),
                                new Maintenance.Weekly(
                                        EnumSet.of(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY),
                                        LocalTime.of(2, 0),
                                        Duration.ofHours(2))),
                        new Maintenance(
                                "fiber-splice",
                                List.of("eth1"),
                                ZoneId.of("Europe/Berlin"),
                                new Maintenance.Once(
                                        LocalDateTime.parse("2026-12-10T22:00"),
                                        LocalDateTime.parse("2026-12-11T04:00"))));
        // Saturday 5 December 2026 02:30 CET
        assertThat(w.maintenance().get(0).activeAt(Instant.parse("2026-12-05T01:30:00Z")))
                .isPresent();
    }

    @Test
    void refusesABrokenMaintenanceWindow() throws IOException {
        WatchdogFile dual = BundleJson.watchdog(Files.readString(GOLDEN.resolve("dual-wan/watchdog.json")));
        WatchdogFile.Maintenance unknownUplink =
                new WatchdogFile.Maintenance("w", List.of("eth9"), "UTC", List.of("sat"), "02:00", 60_000L, null, null);
        assertThatThrownBy(() -> WatchdogConfig.parse(BundleJson.write(withMaintenance(dual, List.of(unknownUplink)))))
                .isInstanceOf(IOException.class)
                .hasMessage("watchdog.json: maintenance \"w\" names an unknown uplink \"eth9\"");
        WatchdogFile.Maintenance badZone = new WatchdogFile.Maintenance(
                "w", List.of("eth0"), "Europe/Nowhere", List.of("sat"), "02:00", 60_000L, null, null);
        assertThatThrownBy(() -> WatchdogConfig.parse(BundleJson.write(withMaintenance(dual, List.of(badZone)))))
                .isInstanceOf(IOException.class)
                .hasMessage("watchdog.json: maintenance \"w\": unknown time zone \"Europe/Nowhere\"");
    }

    private static WatchdogFile withMaintenance(WatchdogFile f, List<WatchdogFile.Maintenance> maintenance) {
        return new WatchdogFile(
                f.schemaVersion(),
                f.configHash(),
                f.nft(),
                f.uplinks(),
                f.groups(),
                f.policyRoutes(),
                f.notifications(),
                f.api(),
                f.runtime(),
                f.interfaces(),
                f.ha(),
                maintenance);
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
