package dev.flywall.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flywall.model.Maintenance;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A maintenance window in watchdog.json and back: {@link WatchdogFile.Maintenance}. */
class MaintenanceFileTest {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    @Test
    void aWeeklyWindowRoundTrips() {
        Maintenance m = new Maintenance(
                "isp1-weekly",
                List.of("eth0"),
                BERLIN,
                new Maintenance.Weekly(
                        EnumSet.of(DayOfWeek.SUNDAY, DayOfWeek.SATURDAY), LocalTime.of(2, 0), Duration.ofHours(2)));
        WatchdogFile.Maintenance f = WatchdogFile.Maintenance.of(m);
        assertThat(f)
                .isEqualTo(new WatchdogFile.Maintenance(
                        "isp1-weekly",
                        List.of("eth0"),
                        "Europe/Berlin",
                        List.of("sat", "sun"),
                        "02:00",
                        7_200_000L,
                        null,
                        null));
        assertThat(BundleJson.tree(f).toString())
                .isEqualTo("{\"name\":\"isp1-weekly\",\"uplinks\":[\"eth0\"],\"time_zone\":\"Europe/Berlin\","
                        + "\"days\":[\"sat\",\"sun\"],\"start\":\"02:00\",\"duration_ms\":7200000}");
        assertThat(f.toModel()).isEqualTo(m);
    }

    @Test
    void aOneOffWindowRoundTrips() {
        Maintenance m = new Maintenance(
                "fiber-splice",
                List.of("eth1"),
                BERLIN,
                new Maintenance.Once(LocalDateTime.parse("2026-12-10T22:00"), LocalDateTime.parse("2026-12-11T04:00")));
        WatchdogFile.Maintenance f = WatchdogFile.Maintenance.of(m);
        assertThat(BundleJson.tree(f).toString())
                .isEqualTo("{\"name\":\"fiber-splice\",\"uplinks\":[\"eth1\"],\"time_zone\":\"Europe/Berlin\","
                        + "\"from\":\"2026-12-10T22:00\",\"until\":\"2026-12-11T04:00\"}");
        assertThat(f.toModel()).isEqualTo(m);
    }

    @Test
    void malformedWindowsNameWhatIsWrong() {
        assertThatThrownBy(() -> new WatchdogFile.Maintenance(
                                "a", List.of("eth0"), "Mars/Olympus", List.of("sat"), "02:00", 1L, null, null)
                        .toModel())
                .hasMessage("maintenance \"a\": unknown time zone \"Mars/Olympus\"");
        assertThatThrownBy(() -> new WatchdogFile.Maintenance(
                                "a", List.of("eth0"), "UTC", List.of("sat"), "02:00", 1L, "2026-12-10T22:00", null)
                        .toModel())
                .hasMessageContaining("either days, start and duration_ms or from and until");
        assertThatThrownBy(() -> new WatchdogFile.Maintenance(
                                "a", List.of("eth0"), "UTC", List.of("caturday"), "02:00", 1L, null, null)
                        .toModel())
                .hasMessage("maintenance \"a\": unknown day \"caturday\"");
        assertThatThrownBy(() -> new WatchdogFile.Maintenance(
                                "a", List.of("eth0"), "UTC", List.of("sat"), "2:00", 1L, null, null)
                        .toModel())
                .hasMessageStartingWith("maintenance \"a\": Text '2:00' could not be parsed");
        assertThatThrownBy(() -> new WatchdogFile.Maintenance(
                                "a", List.of("eth0"), "UTC", List.of("sat"), null, 1L, null, null)
                        .toModel())
                .hasMessage("maintenance \"a\": start");
    }

    @Test
    void absentFromTheFileWhenThereAreNone() {
        String json = BundleJson.tree(new WatchdogFile.Maintenance(
                        "a", List.of("eth0"), "UTC", null, null, null, "2026-01-01T00:00", "2026-01-02T00:00"))
                .toString();
        assertThat(json).doesNotContain("days").doesNotContain("duration_ms");
    }
}
