package dev.flywall.model;

import static java.time.DayOfWeek.FRIDAY;
import static java.time.DayOfWeek.MONDAY;
import static java.time.DayOfWeek.SATURDAY;
import static java.time.DayOfWeek.SUNDAY;
import static java.time.DayOfWeek.TUESDAY;
import static java.time.DayOfWeek.WEDNESDAY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flywall.model.Maintenance.Once;
import dev.flywall.model.Maintenance.Weekly;
import dev.flywall.model.Maintenance.Window;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The pure maintenance-window model: weekly windows (crossing midnight and the end of the week,
 * on several days, merged where they overlap), daylight saving in Europe/Berlin (2026: spring
 * forward on 29 March at 02:00 CET, fall back on 25 October at 03:00 CEST), one-off windows, and
 * the sequence of changes the daemon sleeps between.
 */
class MaintenanceTest {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final ZoneId UTC = ZoneId.of("UTC");

    private static Maintenance weekly(ZoneId zone, Set<DayOfWeek> days, String start, Duration duration) {
        return new Maintenance("w", List.of("eth0"), zone, new Weekly(days, LocalTime.parse(start), duration));
    }

    private static Instant at(String iso) {
        return Instant.parse(iso);
    }

    private static Window window(String start, String end) {
        return new Window(at(start), at(end));
    }

    private static List<Instant> changes(Maintenance m, Instant from, int count) {
        List<Instant> out = new ArrayList<>();
        Instant t = from;
        for (int i = 0; i < count; i++) {
            Optional<Instant> next = m.nextChange(t);
            if (next.isEmpty()) {
                break;
            }
            out.add(next.get());
            t = next.get();
        }
        return out;
    }

    @Test
    void weekendNightsInBerlinWinter() {
        Maintenance m = weekly(BERLIN, EnumSet.of(SATURDAY, SUNDAY), "02:00", Duration.ofHours(2));
        // Saturday 5 December 2026, 02:30 CET = 01:30 UTC
        assertThat(m.activeAt(at("2026-12-05T01:30:00Z")))
                .contains(window("2026-12-05T01:00:00Z", "2026-12-05T03:00:00Z"));
        assertThat(m.activeAt(at("2026-12-05T01:00:00Z"))).as("start is inside").isPresent();
        assertThat(m.activeAt(at("2026-12-05T03:00:00Z"))).as("end is outside").isEmpty();
        assertThat(m.activeAt(at("2026-12-05T00:59:59Z"))).isEmpty();
        assertThat(m.activeAt(at("2026-12-04T01:30:00Z"))).as("a Friday").isEmpty();
        assertThat(changes(m, at("2026-12-04T12:00:00Z"), 5))
                .containsExactly(
                        at("2026-12-05T01:00:00Z"),
                        at("2026-12-05T03:00:00Z"),
                        at("2026-12-06T01:00:00Z"),
                        at("2026-12-06T03:00:00Z"),
                        at("2026-12-12T01:00:00Z"));
    }

    @Test
    void nextChangeIsStrictlyAfter() {
        Maintenance m = weekly(UTC, EnumSet.of(MONDAY), "10:00", Duration.ofHours(1));
        assertThat(m.nextChange(at("2026-12-07T10:00:00Z"))).contains(at("2026-12-07T11:00:00Z"));
        assertThat(m.nextChange(at("2026-12-07T09:59:59Z"))).contains(at("2026-12-07T10:00:00Z"));
        assertThat(m.nextChange(at("2026-12-07T11:00:00Z"))).contains(at("2026-12-14T10:00:00Z"));
    }

    @Test
    void aWindowCrossesMidnight() {
        Maintenance m = weekly(UTC, EnumSet.of(FRIDAY), "23:00", Duration.ofHours(3));
        // Friday 4 December 2026 23:00 until Saturday 02:00
        Window w = window("2026-12-04T23:00:00Z", "2026-12-05T02:00:00Z");
        assertThat(m.activeAt(at("2026-12-05T01:59:00Z"))).contains(w);
        assertThat(m.activeAt(at("2026-12-04T23:30:00Z"))).contains(w);
        assertThat(m.activeAt(at("2026-12-05T02:00:00Z"))).isEmpty();
    }

    @Test
    void aWindowCrossesTheEndOfTheWeek() {
        Maintenance m = weekly(UTC, EnumSet.of(SUNDAY), "22:00", Duration.ofHours(4));
        // Sunday 6 December 2026 22:00 until Monday 02:00: found from Monday
        assertThat(m.activeAt(at("2026-12-07T01:00:00Z")))
                .contains(window("2026-12-06T22:00:00Z", "2026-12-07T02:00:00Z"));
        assertThat(m.nextChange(at("2026-12-07T01:00:00Z"))).contains(at("2026-12-07T02:00:00Z"));
        assertThat(m.nextChange(at("2026-12-07T02:00:00Z"))).contains(at("2026-12-13T22:00:00Z"));
    }

    @Test
    void aSixDayWindowOnOneDay() {
        Maintenance m = weekly(UTC, EnumSet.of(WEDNESDAY), "00:00", Duration.ofDays(6));
        // Wednesday 2 December 2026 00:00 until Tuesday 8 December 00:00
        assertThat(m.activeAt(at("2026-12-07T23:00:00Z")))
                .contains(window("2026-12-02T00:00:00Z", "2026-12-08T00:00:00Z"));
        assertThat(m.activeAt(at("2026-12-08T23:59:00Z")))
                .as("the one free day")
                .isEmpty();
        assertThat(m.nextChange(at("2026-12-08T00:00:00Z"))).contains(at("2026-12-09T00:00:00Z"));
    }

    @Test
    void overlappingOccurrencesOnSeveralDaysAreOneWindow() {
        // Monday noon for 36 h and Tuesday noon for 36 h: one window, Monday noon to Thursday 00:00
        Maintenance m = weekly(UTC, EnumSet.of(MONDAY, TUESDAY), "12:00", Duration.ofHours(36));
        Window w = window("2026-12-07T12:00:00Z", "2026-12-10T00:00:00Z");
        assertThat(m.activeAt(at("2026-12-08T06:00:00Z"))).contains(w);
        assertThat(m.activeAt(at("2026-12-09T20:00:00Z"))).contains(w);
        assertThat(changes(m, at("2026-12-07T00:00:00Z"), 3))
                .as("no change where the Tuesday occurrence starts inside the Monday one")
                .containsExactly(at("2026-12-07T12:00:00Z"), at("2026-12-10T00:00:00Z"), at("2026-12-14T12:00:00Z"));
    }

    @Test
    void touchingOccurrencesAreOneWindow() {
        Maintenance m = weekly(UTC, EnumSet.of(MONDAY, TUESDAY), "00:00", Duration.ofHours(24));
        assertThat(m.activeAt(at("2026-12-07T23:59:59Z")))
                .contains(window("2026-12-07T00:00:00Z", "2026-12-09T00:00:00Z"));
        assertThat(m.nextChange(at("2026-12-07T00:00:00Z"))).contains(at("2026-12-09T00:00:00Z"));
    }

    @Test
    void severalSeparateDays() {
        Maintenance m = weekly(UTC, EnumSet.of(MONDAY, WEDNESDAY, FRIDAY), "03:00", Duration.ofMinutes(30));
        assertThat(changes(m, at("2026-12-07T00:00:00Z"), 6))
                .containsExactly(
                        at("2026-12-07T03:00:00Z"),
                        at("2026-12-07T03:30:00Z"),
                        at("2026-12-09T03:00:00Z"),
                        at("2026-12-09T03:30:00Z"),
                        at("2026-12-11T03:00:00Z"),
                        at("2026-12-11T03:30:00Z"));
        assertThat(m.activeAt(at("2026-12-08T03:10:00Z"))).as("Tuesday").isEmpty();
    }

    @Test
    void aStartInTheSpringForwardGapMovesForwardByTheGap() {
        Maintenance m = weekly(BERLIN, EnumSet.of(SUNDAY), "02:30", Duration.ofHours(1));
        // 22 March 2026: 02:30 CET = 01:30 UTC
        assertThat(m.activeAt(at("2026-03-22T01:45:00Z")))
                .contains(window("2026-03-22T01:30:00Z", "2026-03-22T02:30:00Z"));
        // 29 March 2026: 02:30 does not exist; it becomes 03:30 CEST = 01:30 UTC
        assertThat(m.activeAt(at("2026-03-29T01:45:00Z")))
                .contains(window("2026-03-29T01:30:00Z", "2026-03-29T02:30:00Z"));
        // 5 April 2026: 02:30 CEST = 00:30 UTC
        assertThat(m.activeAt(at("2026-04-05T00:45:00Z")))
                .contains(window("2026-04-05T00:30:00Z", "2026-04-05T01:30:00Z"));
        assertThat(changes(m, at("2026-03-28T00:00:00Z"), 4))
                .containsExactly(
                        at("2026-03-29T01:30:00Z"),
                        at("2026-03-29T02:30:00Z"),
                        at("2026-04-05T00:30:00Z"),
                        at("2026-04-05T01:30:00Z"));
    }

    @Test
    void theDurationIsElapsedTimeAcrossAChangeOfOffset() {
        // 01:00 CET on 29 March 2026 for 3 h ends at 05:00 CEST (04:00 by the wall clock's old offset)
        Maintenance m = weekly(BERLIN, EnumSet.of(SUNDAY), "01:00", Duration.ofHours(3));
        assertThat(m.activeAt(at("2026-03-29T02:00:00Z")))
                .contains(window("2026-03-29T00:00:00Z", "2026-03-29T03:00:00Z"));
        // 25 October 2026: 01:00 CEST for 3 h ends at 03:00 CET
        assertThat(m.activeAt(at("2026-10-25T01:00:00Z")))
                .contains(window("2026-10-24T23:00:00Z", "2026-10-25T02:00:00Z"));
    }

    @Test
    void anAmbiguousStartInTheFallBackHourTakesTheEarlierOffset() {
        Maintenance m = weekly(BERLIN, EnumSet.of(SUNDAY), "02:30", Duration.ofMinutes(20));
        // 25 October 2026: 02:30 happens twice; the first (CEST, +02:00) is 00:30 UTC
        assertThat(m.activeAt(at("2026-10-25T00:40:00Z")))
                .contains(window("2026-10-25T00:30:00Z", "2026-10-25T00:50:00Z"));
        assertThat(m.activeAt(at("2026-10-25T01:40:00Z")))
                .as("the second 02:30 (CET)")
                .isEmpty();
        // a week later: 02:30 CET = 01:30 UTC
        assertThat(m.nextChange(at("2026-10-25T00:50:00Z"))).contains(at("2026-11-01T01:30:00Z"));
    }

    @Test
    void aOneOffWindow() {
        Maintenance m = new Maintenance(
                "fiber-splice",
                List.of("eth1"),
                BERLIN,
                new Once(LocalDateTime.parse("2026-12-10T22:00"), LocalDateTime.parse("2026-12-11T04:00")));
        Window w = window("2026-12-10T21:00:00Z", "2026-12-11T03:00:00Z");
        assertThat(m.activeAt(at("2026-12-10T20:59:59Z"))).isEmpty();
        assertThat(m.activeAt(at("2026-12-10T21:00:00Z"))).contains(w);
        assertThat(m.activeAt(at("2026-12-11T02:59:59Z"))).contains(w);
        assertThat(m.activeAt(at("2026-12-11T03:00:00Z"))).isEmpty();
        assertThat(changes(m, at("2026-01-01T00:00:00Z"), 5))
                .containsExactly(at("2026-12-10T21:00:00Z"), at("2026-12-11T03:00:00Z"));
        assertThat(m.nextChange(at("2026-12-11T03:00:00Z"))).isEmpty();
    }

    @Test
    void aOneOffWindowAcrossFallBackLastsTheElapsedTime() {
        // 02:30 (the first, CEST) until 02:30 (read as the first again): no time at all
        Maintenance empty = new Maintenance(
                "x",
                List.of("eth0"),
                BERLIN,
                new Once(LocalDateTime.parse("2026-10-25T02:30"), LocalDateTime.parse("2026-10-25T02:30")));
        assertThat(empty.nextChange(Instant.EPOCH)).isEmpty();
        Maintenance night = new Maintenance(
                "x",
                List.of("eth0"),
                BERLIN,
                new Once(LocalDateTime.parse("2026-10-25T01:00"), LocalDateTime.parse("2026-10-25T04:00")));
        assertThat(night.activeAt(at("2026-10-25T01:00:00Z")).orElseThrow().length())
                .isEqualTo(Duration.ofHours(4));
    }

    @Test
    void endlessSchedules() {
        assertThat(new Weekly(EnumSet.allOf(DayOfWeek.class), LocalTime.NOON, Duration.ofHours(24)).endless())
                .isTrue();
        assertThat(new Weekly(EnumSet.allOf(DayOfWeek.class), LocalTime.NOON, Duration.ofHours(23)).endless())
                .isFalse();
        assertThat(new Weekly(EnumSet.of(MONDAY), LocalTime.NOON, Duration.ofDays(7)).endless())
                .isTrue();
        assertThat(new Weekly(EnumSet.of(MONDAY), LocalTime.NOON, Duration.ofDays(6)).endless())
                .isFalse();
        // Monday and Thursday: the longest stretch is Thursday to Monday, 4 days
        assertThat(new Weekly(EnumSet.of(MONDAY, DayOfWeek.THURSDAY), LocalTime.NOON, Duration.ofDays(3)).endless())
                .isFalse();
        assertThat(new Weekly(EnumSet.of(MONDAY, DayOfWeek.THURSDAY), LocalTime.NOON, Duration.ofDays(4)).endless())
                .isTrue();
    }

    @Test
    void anEndlessScheduleStillAnswers() {
        Maintenance m = weekly(UTC, EnumSet.allOf(DayOfWeek.class), "00:00", Duration.ofDays(2));
        assertThat(m.activeAt(at("2026-12-07T12:00:00Z"))).isPresent();
    }

    @Test
    void invariants() {
        assertThatThrownBy(() -> new Weekly(Set.of(), LocalTime.NOON, Duration.ofHours(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Weekly(Set.of(MONDAY), LocalTime.NOON, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Weekly(
                        Set.of(MONDAY), LocalTime.NOON, Duration.ofDays(7).plusMillis(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(new Weekly(Set.of(SUNDAY, MONDAY), LocalTime.NOON, Duration.ofHours(1)).days())
                .as("in week order")
                .containsExactly(MONDAY, SUNDAY);
    }

    @Test
    void dayWords() {
        assertThat(Maintenance.word(MONDAY)).isEqualTo("mon");
        assertThat(Maintenance.word(SUNDAY)).isEqualTo("sun");
        assertThat(Maintenance.day("sat")).contains(SATURDAY);
        assertThat(Maintenance.day("Sat")).isEmpty();
        assertThat(Maintenance.day("saturday")).isEmpty();
    }
}
