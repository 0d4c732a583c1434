package dev.flywall.model;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * {@code maintenance "NAME" { }}: a time during which {@link #uplinks()} are taken out of use for
 * new connections (as if drained) and their down/up alerts are muted. Pure: the same schedule
 * and instant give the same answer in lint, simulate and the daemon.
 *
 * <p>Local times are read in {@link #zone()} with java.time's rules: a start that falls in a
 * daylight-saving gap moves forward by the length of the gap (02:30 on the spring-forward night
 * in Europe/Berlin is 03:30 CEST), an ambiguous one (the fall-back hour) takes the earlier offset
 * (the first 02:30, CEST). A weekly window's {@code duration} is elapsed time, so a 2 h window
 * that crosses a change of offset still lasts 2 h. Occurrences of a weekly schedule that overlap
 * or touch form one window: the uplink stays in maintenance throughout.
 */
public record Maintenance(String name, List<String> uplinks, ZoneId zone, Schedule schedule) {

    /** The longest weekly duration the language accepts. */
    public static final Duration MAX_DURATION = Duration.ofDays(7);

    /** Days either side of an instant searched for weekly occurrences (windows chain at most a week). */
    private static final int SEARCH_DAYS = 21;

    public Maintenance {
        Objects.requireNonNull(name, "name");
        uplinks = List.copyOf(uplinks);
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(schedule, "schedule");
    }

    /** When a window recurs or the one time it happens. */
    public sealed interface Schedule permits Weekly, Once {}

    /**
     * Every week on {@code days}, from {@code start} (local time) for {@code duration} (elapsed,
     * more than zero and at most 7 days).
     */
    public record Weekly(Set<DayOfWeek> days, LocalTime start, Duration duration) implements Schedule {
        public Weekly {
            if (days.isEmpty()) {
                throw new IllegalArgumentException("a weekly maintenance window needs at least one day");
            }
            days = Collections.unmodifiableSet(EnumSet.copyOf(days));
            Objects.requireNonNull(start, "start");
            if (duration.isNegative() || duration.isZero() || duration.compareTo(MAX_DURATION) > 0) {
                throw new IllegalArgumentException("duration must be more than 0 and at most 7 days: " + duration);
            }
        }

        /**
         * Whether consecutive occurrences always touch or overlap, so the window would never end:
         * the longest stretch between two chosen days (cyclic, in whole days) is no longer than the
         * duration. Daylight-saving shifts are ignored: such a schedule is a mistake either way.
         */
        public boolean endless() {
            List<Integer> chosen =
                    days.stream().map(DayOfWeek::getValue).sorted().toList();
            int longest = 0;
            for (int i = 0; i < chosen.size(); i++) {
                int next = i + 1 < chosen.size() ? chosen.get(i + 1) : chosen.get(0) + 7;
                longest = Math.max(longest, next - chosen.get(i));
            }
            return duration.compareTo(Duration.ofDays(longest)) >= 0;
        }
    }

    /** Once, from {@code from} until {@code until} (local date-times, {@code until} after {@code from}). */
    public record Once(LocalDateTime from, LocalDateTime until) implements Schedule {
        public Once {
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(until, "until");
        }
    }

    /** A stretch of maintenance: {@code [start, end)}. */
    public record Window(Instant start, Instant end) {
        public Window {
            Objects.requireNonNull(start, "start");
            Objects.requireNonNull(end, "end");
        }

        public boolean contains(Instant at) {
            return !at.isBefore(start) && at.isBefore(end);
        }

        public Duration length() {
            return Duration.between(start, end);
        }
    }

    /** The window containing {@code at}, if the uplinks are in maintenance then. */
    public Optional<Window> activeAt(Instant at) {
        return windowsAround(at).stream().filter(w -> w.contains(at)).findFirst();
    }

    /** The first instant after {@code after} at which a window starts or ends; empty when none will. */
    public Optional<Instant> nextChange(Instant after) {
        return windowsAround(after).stream()
                .flatMap(w -> java.util.stream.Stream.of(w.start(), w.end()))
                .filter(t -> t.isAfter(after))
                .min(Instant::compareTo);
    }

    /**
     * The windows, in order and merged where they overlap or touch, near {@code at}: for a weekly
     * schedule those of the occurrences starting within {@value #SEARCH_DAYS} local days of it.
     * Windows at the edges of that range may be cut short; those containing or following
     * {@code at} by up to a week are whole unless the schedule is {@link Weekly#endless()}.
     */
    private List<Window> windowsAround(Instant at) {
        return switch (schedule) {
            case Once once -> {
                Instant start = instant(once.from());
                Instant end = instant(once.until());
                yield end.isAfter(start) ? List.of(new Window(start, end)) : List.of();
            }
            case Weekly weekly -> merged(occurrences(weekly, LocalDate.ofInstant(at, zone)));
        };
    }

    private List<Window> occurrences(Weekly weekly, LocalDate around) {
        List<Window> found = new ArrayList<>();
        for (LocalDate d = around.minusDays(SEARCH_DAYS); !d.isAfter(around.plusDays(SEARCH_DAYS)); d = d.plusDays(1)) {
            if (weekly.days().contains(d.getDayOfWeek())) {
                Instant start = instant(LocalDateTime.of(d, weekly.start()));
                found.add(new Window(start, start.plus(weekly.duration())));
            }
        }
        return found;
    }

    private static List<Window> merged(List<Window> sorted) {
        List<Window> out = new ArrayList<>();
        for (Window w : sorted) {
            Window last = out.isEmpty() ? null : out.get(out.size() - 1);
            if (last != null && !w.start().isAfter(last.end())) {
                Instant end = w.end().isAfter(last.end()) ? w.end() : last.end();
                out.set(out.size() - 1, new Window(last.start(), end));
            } else {
                out.add(w);
            }
        }
        return out;
    }

    /** A local date-time in the zone: gaps move forward by their length, overlaps take the earlier offset. */
    private Instant instant(LocalDateTime local) {
        return ZonedDateTime.of(local, zone).toInstant();
    }

    /** The word of a day in the language and in watchdog.json: {@code mon} … {@code sun}. */
    public static String word(DayOfWeek day) {
        return day.name().substring(0, 3).toLowerCase(Locale.ROOT);
    }

    /** The day a word names ({@code mon} … {@code sun}), if it names one. */
    public static Optional<DayOfWeek> day(String word) {
        for (DayOfWeek d : DayOfWeek.values()) {
            if (word(d).equals(word)) {
                return Optional.of(d);
            }
        }
        return Optional.empty();
    }
}
