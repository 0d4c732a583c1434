package dev.flywall.validate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flywall.decode.DiagnosticCase;
import dev.flywall.decode.Frontend;
import dev.flywall.diag.Code;
import dev.flywall.diag.Diagnostic;
import dev.flywall.model.Maintenance;
import dev.flywall.model.MaintenanceWindow;
import dev.flywall.source.SourceFile;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Maintenance blocks through the whole front end: the model they become, and "already over"
 * (W0516) decided by the clock lint is given, to the minute.
 */
class MaintenanceLintTest {

    private static final String CONFIG = DiagnosticCase.TWO_WANS + DiagnosticCase.GROUP + """
            maintenance "isp1-weekly" {
              uplinks   = ["eth0"]
              time_zone = "Europe/Berlin"
              days      = ["sun", "sat", "sat"]
              start     = "02:00"
              duration  = "2h"
            }
            maintenance "fiber-splice" {
              uplinks   = ["eth1"]
              time_zone = "Europe/Berlin"
              from      = "2026-12-10 22:00"
              until     = "2026-12-11 04:00"
            }
            """;

    private static Frontend.Result lintAt(String instant) {
        Clock clock = Clock.fixed(Instant.parse(instant), ZoneOffset.UTC);
        return Frontend.load(List.of(new SourceFile("t.hcl", CONFIG)), Map.of(), clock);
    }

    private static List<Code> codes(Frontend.Result r) {
        return r.diagnostics().stream()
                .map(Diagnostic::code)
                .filter(c -> c != Code.W0511)
                .toList();
    }

    @Test
    void theBlocksBecomeTheModelInFileOrder() {
        List<MaintenanceWindow> windows =
                lintAt("2026-12-01T00:00:00Z").config().orElseThrow().maintenance();
        ZoneId berlin = ZoneId.of("Europe/Berlin");
        assertThat(windows)
                .extracting(MaintenanceWindow::maintenance)
                .containsExactly(
                        new Maintenance(
                                "isp1-weekly",
                                List.of("eth0"),
                                berlin,
                                new Maintenance.Weekly(
                                        EnumSet.of(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY),
                                        LocalTime.of(2, 0),
                                        Duration.ofHours(2))),
                        new Maintenance(
                                "fiber-splice",
                                List.of("eth1"),
                                berlin,
                                new Maintenance.Once(
                                        LocalDateTime.parse("2026-12-10T22:00"),
                                        LocalDateTime.parse("2026-12-11T04:00"))));
        assertThat(windows.get(1).span("until").start().toString()).isEqualTo("26:15");
        assertThat(windows.get(0).uplinkSpans().get(0).start().toString()).isEqualTo("16:16");
    }

    @Test
    void aOneOffWindowIsOverFromItsEndInstant() {
        // until 2026-12-11 04:00 in Berlin (CET) is 03:00 UTC
        assertThat(codes(lintAt("2026-12-11T02:59:00Z"))).isEmpty();
        assertThat(codes(lintAt("2026-12-11T03:00:00Z"))).containsExactly(Code.W0516);
        Frontend.Result later = lintAt("2027-06-01T00:00:00Z");
        assertThat(codes(later)).containsExactly(Code.W0516);
        assertThat(later.config()).as("a warning does not stop the build").isPresent();
    }

    @Test
    void duringTheWindowItIsNotOver() {
        assertThat(codes(lintAt("2026-12-10T23:00:00Z"))).isEmpty();
    }
}
