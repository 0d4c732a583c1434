package dev.flywall.decode;

import dev.flywall.diag.Code;
import dev.flywall.diag.DiagnosticSink;
import dev.flywall.diag.DidYouMean;
import dev.flywall.model.DurationText;
import dev.flywall.model.Maintenance;
import dev.flywall.model.MaintenanceWindow;
import dev.flywall.source.SourceSpan;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Builds a {@code maintenance} block with the rules of the block alone: a known time zone
 * (E0329), times written as HH:MM and YYYY-MM-DD HH:MM (E0330), exactly one complete form that
 * ends (E0331), until after from (E0332), each uplink once (E0425). The uplinks' existence and the
 * warnings are the validator's ({@code MaintenanceChecks}).
 */
final class MaintenanceBlocks {

    /** The words of {@code days}, Monday first. */
    static final List<String> DAYS =
            Arrays.stream(DayOfWeek.values()).map(Maintenance::word).toList();

    private static final List<String> WEEKLY = List.of("days", "start", "duration");
    private static final List<String> ONCE = List.of("from", "until");
    private static final List<String> ARGUMENTS =
            List.of("uplinks", "time_zone", "days", "start", "duration", "from", "until");

    private static final Pattern TIME = Pattern.compile("(\\d{1,2}):(\\d{2})");
    private static final Pattern DATE_TIME = Pattern.compile("(\\d{4}-\\d{2}-\\d{2})[ T](\\d{1,2}):(\\d{2})(:00)?");

    /** The zone ids java.time knows (the IANA database it ships), sorted for stable suggestions. */
    private static final Set<String> ZONES = new TreeSet<>(ZoneId.getAvailableZoneIds());

    private final DiagnosticSink problems;

    MaintenanceBlocks(DiagnosticSink problems) {
        this.problems = problems;
    }

    /** The window, or empty when the block has an error (reported). */
    Optional<MaintenanceWindow> build(DecodedBlock b) {
        List<String> uplinks = b.optionalList("uplinks");
        List<SourceSpan> uplinkSpans = new ArrayList<>();
        for (int i = 0; i < uplinks.size(); i++) {
            uplinkSpans.add(b.field("uplinks").orElseThrow().where().element(i).span());
        }
        boolean repeated = repeatedUplinks(b, uplinks, uplinkSpans);
        Optional<ZoneId> zone = zone(b);
        Optional<Maintenance.Schedule> schedule = schedule(b, zone);
        if (repeated || zone.isEmpty() || schedule.isEmpty()) {
            return Optional.empty();
        }
        Map<String, SourceSpan> spans = new LinkedHashMap<>();
        for (String arg : ARGUMENTS) {
            b.field(arg).ifPresent(f -> spans.put(arg, f.where().span()));
        }
        return Optional.of(new MaintenanceWindow(
                new Maintenance(b.label(), uplinks, zone.get(), schedule.get()), uplinkSpans, spans, b.headerSpan()));
    }

    private boolean repeatedUplinks(DecodedBlock b, List<String> uplinks, List<SourceSpan> spans) {
        boolean repeated = false;
        Map<String, Integer> first = new HashMap<>();
        for (int i = 0; i < uplinks.size(); i++) {
            Integer earlier = first.putIfAbsent(uplinks.get(i), i);
            if (earlier != null) {
                problems.error(
                        Code.E0425,
                        "Duplicate uplink \"" + uplinks.get(i) + "\"",
                        "The maintenance window \"" + b.label() + "\" lists \"" + uplinks.get(i)
                                + "\" twice; each uplink is listed once.",
                        spans.get(i),
                        "Remove this one.");
                repeated = true;
            }
        }
        return repeated;
    }

    // ------------------------------------------------------------------ time zone

    private Optional<ZoneId> zone(DecodedBlock b) {
        String id = b.value("time_zone");
        if (ZONES.contains(id)) {
            return Optional.of(ZoneId.of(id));
        }
        problems.error(
                Code.E0329,
                "Unknown time zone \"" + id + "\"",
                "time_zone names the IANA time zone the window's times are read in, such as \"Europe/Berlin\""
                        + " or \"America/New_York\", or \"UTC\"; \"" + id + "\" is not one. Fixed offsets"
                        + " (\"+01:00\") and abbreviations that shift with the seasons are not accepted: a zone id"
                        + " follows daylight saving.",
                b.field("time_zone").orElseThrow().where().span(),
                closeZone(id).map(z -> "did you mean \"" + z + "\"?").orElse(null));
        return Optional.empty();
    }

    /** A zone id close to {@code id}: the same ignoring case, the same city, or a near spelling. */
    static Optional<String> closeZone(String id) {
        for (String z : ZONES) {
            if (z.equalsIgnoreCase(id)) {
                return Optional.of(z);
            }
        }
        String city = id.replace(' ', '_');
        for (String z : ZONES) {
            int slash = z.lastIndexOf('/');
            if (slash >= 0 && z.substring(slash + 1).equalsIgnoreCase(city) && !z.startsWith("SystemV/")) {
                return Optional.of(z);
            }
        }
        return DidYouMean.suggest(id, ZONES);
    }

    // ------------------------------------------------------------------ schedule

    private Optional<Maintenance.Schedule> schedule(DecodedBlock b, Optional<ZoneId> zone) {
        List<String> weekly =
                WEEKLY.stream().filter(a -> b.field(a).isPresent()).toList();
        List<String> once = ONCE.stream().filter(a -> b.field(a).isPresent()).toList();
        if (!weekly.isEmpty() && !once.isEmpty()) {
            problems.error(
                    Code.E0331,
                    "Mixed maintenance schedule",
                    "The maintenance window \"" + b.label() + "\" has " + String.join(" and ", weekly)
                            + " (a weekly window) and " + String.join(" and ", once) + " (a one-off window)."
                            + " A window is either weekly (days, start, duration) or once (from, until).",
                    b.field(once.get(0)).orElseThrow().where().span(),
                    "Split it into two maintenance blocks, or remove " + String.join(" and ", once) + ".");
            return Optional.empty();
        }
        if (weekly.isEmpty() && once.isEmpty()) {
            problems.error(
                    Code.E0331,
                    "Missing maintenance schedule",
                    "The maintenance window \"" + b.label() + "\" says nothing about when it is: give days,"
                            + " start and duration for a weekly window, or from and until for a one-off one.",
                    b.headerSpan(),
                    "Add days = [\"sun\"], start = \"02:00\" and duration = \"2h\", say.");
            return Optional.empty();
        }
        List<String> form = weekly.isEmpty() ? ONCE : WEEKLY;
        List<String> missing = form.stream().filter(a -> b.field(a).isEmpty()).toList();
        if (!missing.isEmpty()) {
            problems.error(
                    Code.E0331,
                    "Incomplete maintenance schedule",
                    "The maintenance window \"" + b.label() + "\" is " + (weekly.isEmpty() ? "a one-off" : "a weekly")
                            + " window (" + String.join(", ", weekly.isEmpty() ? once : weekly) + ") without "
                            + String.join(" and ", missing) + ".",
                    b.headerSpan(),
                    "Add " + String.join(" and ", missing) + ".");
            return Optional.empty();
        }
        return weekly.isEmpty() ? once(b, zone) : weekly(b);
    }

    private Optional<Maintenance.Schedule> weekly(DecodedBlock b) {
        Optional<LocalTime> start = time(b, "start");
        Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
        for (String d : b.<String>optionalList("days")) {
            Maintenance.day(d).ifPresent(days::add);
        }
        Duration duration = b.value("duration");
        if (start.isEmpty() || days.isEmpty()) {
            return Optional.empty();
        }
        Maintenance.Weekly w = new Maintenance.Weekly(days, start.get(), duration);
        if (w.endless()) {
            problems.error(
                    Code.E0331,
                    "Endless maintenance window",
                    "The maintenance window \"" + b.label() + "\" lasts " + DurationText.format(duration)
                            + " from each of its days, so each occurrence runs into the next and the window"
                            + " never ends: its uplinks would never carry new connections.",
                    b.field("duration").orElseThrow().where().span(),
                    "Shorten duration below the longest stretch between its days, or drain the uplinks"
                            + " instead (flywall wan drain).");
            return Optional.empty();
        }
        return Optional.of(w);
    }

    private Optional<Maintenance.Schedule> once(DecodedBlock b, Optional<ZoneId> zone) {
        Optional<LocalDateTime> from = dateTime(b, "from");
        Optional<LocalDateTime> until = dateTime(b, "until");
        if (from.isEmpty() || until.isEmpty()) {
            return Optional.empty();
        }
        // compared as instants: across the fall-back hour, a later wall clock can be the same instant
        boolean after = zone.map(z -> ZonedDateTime.of(until.get(), z)
                        .toInstant()
                        .isAfter(ZonedDateTime.of(from.get(), z).toInstant()))
                .orElse(until.get().isAfter(from.get()));
        if (!after) {
            problems.error(
                    Code.E0332,
                    "Empty maintenance window",
                    "The maintenance window \"" + b.label() + "\" ends (until = \"" + text(b, "until")
                            + "\") no later than it starts (from = \"" + text(b, "from") + "\"), so it is never"
                            + " active.",
                    b.field("until").orElseThrow().where().span(),
                    "Write an until after from.");
            return Optional.empty();
        }
        return Optional.of(new Maintenance.Once(from.get(), until.get()));
    }

    private static String text(DecodedBlock b, String argument) {
        return b.value(argument);
    }

    private Optional<LocalTime> time(DecodedBlock b, String argument) {
        String text = text(b, argument);
        Matcher m = TIME.matcher(text);
        if (m.matches()) {
            int hour = Integer.parseInt(m.group(1));
            int minute = Integer.parseInt(m.group(2));
            if (hour < 24 && minute < 60) {
                if (m.group(1).length() == 2) {
                    return Optional.of(LocalTime.of(hour, minute));
                }
                invalidTime(b, argument, text, String.format(Locale.ROOT, "did you mean \"%02d:%02d\"?", hour, minute));
                return Optional.empty();
            }
        }
        invalidTime(b, argument, text, null);
        return Optional.empty();
    }

    private void invalidTime(DecodedBlock b, String argument, String text, String hint) {
        problems.error(
                Code.E0330,
                "Invalid time",
                "\"" + text + "\" is not a time of day. Write " + argument
                        + " as a 24-hour HH:MM local time, from \"00:00\" to \"23:59\", as in \"02:00\".",
                b.field(argument).orElseThrow().where().span(),
                hint);
    }

    private Optional<LocalDateTime> dateTime(DecodedBlock b, String argument) {
        String text = text(b, argument);
        Matcher m = DATE_TIME.matcher(text);
        String hint = null;
        if (m.matches()) {
            try {
                LocalDateTime t = LocalDateTime.of(
                        LocalDate.parse(m.group(1)),
                        LocalTime.of(Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3))));
                String canonical = m.group(1) + " " + String.format(Locale.ROOT, "%02d:%s", t.getHour(), m.group(3));
                if (canonical.equals(text)) {
                    return Optional.of(t);
                }
                hint = "did you mean \"" + canonical + "\"?";
            } catch (DateTimeException e) {
                // not a calendar date or time: reported below without a hint
            }
        }
        problems.error(
                Code.E0330,
                "Invalid date and time",
                "\"" + text + "\" is not a date and time. Write " + argument
                        + " as YYYY-MM-DD HH:MM, local time in time_zone (24-hour), as in \"2026-12-10 22:00\".",
                b.field(argument).orElseThrow().where().span(),
                hint);
        return Optional.empty();
    }
}
