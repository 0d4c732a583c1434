package dev.flywall.runtime.engine;

import dev.flywall.runtime.watchdog.WatchdogConfig;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Plays a {@link Timeline} through the daemon's {@link StateMachine} and reports every decision
 * with its time: the uplink and group changes, the policy-route switches and the conntrack
 * flushes the daemon would make. Pending failback delays (and maintenance windows' starts and
 * ends) happen at their own times, between timeline entries, exactly as the daemon's timer would
 * fire them. With a start instant ({@code --start}) the clock is that wall-clock time, so
 * maintenance windows apply when they would; each line then names its wall-clock time too.
 */
public final class Simulator {

    /** Without a start, times are offsets from this instant; it only matters for the arithmetic. */
    private static final Instant EPOCH = Instant.parse("2026-01-01T00:00:00Z");

    private static final DateTimeFormatter WALL = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSS", Locale.ROOT);

    private Simulator() {}

    /** One decision at a time offset, already formatted. */
    public record Line(Duration at, String kind, String text) {}

    /**
     * The decisions and the state at the end; {@code start}: the wall-clock instant of offset 0
     * when one was given (its offset is the one the lines are shown in).
     */
    public record Result(List<Line> lines, Status end, Optional<OffsetDateTime> start) {

        public Result(List<Line> lines, Status end) {
            this(lines, end, Optional.empty());
        }

        public String render(boolean verbose, List<Timeline.Entry> inputs) {
            StringBuilder out = new StringBuilder();
            start.ifPresent(s -> out.append("start: ")
                    .append(s.format(DateTimeFormatter.ISO_OFFSET_DATE_TIME))
                    .append(" (each line: the offset from the start, then the wall-clock time at ")
                    .append(s.getOffset().getId())
                    .append(")\n\n"));
            for (Line l : lines) {
                out.append(String.format(
                        Locale.ROOT, "%9s  %s%-9s %s%n", clock(l.at()), wall(l.at()), l.kind(), l.text()));
            }
            if (lines.isEmpty()) {
                out.append("no decisions: nothing went down, came up or was switched\n");
            }
            out.append("\nat the end:\n");
            Instant origin = start.map(OffsetDateTime::toInstant).orElse(EPOCH);
            for (Status.UplinkStatus u : end.uplinks()) {
                out.append(String.format(
                        Locale.ROOT,
                        "  uplink %-10s %-7s since %s (%s)%s%s%n",
                        u.name(),
                        u.state().toUpperCase(Locale.ROOT),
                        clock(Duration.between(origin, u.since())),
                        u.reason(),
                        u.drainedSince()
                                .map(t -> ", drained since " + clock(Duration.between(origin, t))
                                        + u.drainReason()
                                                .map(r -> " (" + r + ")")
                                                .orElse(""))
                                .orElse(""),
                        u.maintenance()
                                .map(w -> ", in maintenance window " + w + " until "
                                        + u.maintenanceUntil()
                                                .map(t -> clock(Duration.between(origin, t)))
                                                .orElse("?"))
                                .orElse("")));
            }
            for (Status.GroupStatus g : end.groups()) {
                out.append(String.format(
                        Locale.ROOT,
                        "  group  %-10s %s%s%n",
                        g.name(),
                        "active " + String.join(", ", g.active()),
                        (g.pinned().map(p -> ", pinned to " + p).orElse(""))
                                + (g.allDown() ? ", no member is up (keeping the last active)" : "")
                                + (g.awaitingManualFailback() ? ", waiting for a manual failback" : "")
                                + g.failbackAt()
                                        .map(t -> ", failback at " + clock(Duration.between(origin, t)))
                                        .orElse("")));
            }
            out.append(String.format(Locale.ROOT, "  failovers: %d%n", end.failoversTotal()));
            return out.toString();
        }

        /** The wall-clock time of an offset and two spaces, when there is a start; else nothing. */
        private String wall(Duration at) {
            return start.map(s -> s.plus(at).format(WALL) + "  ").orElse("");
        }
    }

    /** Plays the timeline from the fixed origin of the goldens (no wall-clock time). */
    public static Result run(WatchdogConfig config, Timeline timeline) {
        return run(config, timeline, Optional.empty());
    }

    /** Plays the timeline from {@code start} (its instant is offset 0), or from the fixed origin. */
    public static Result run(WatchdogConfig config, Timeline timeline, Optional<OffsetDateTime> start) {
        Instant origin = start.map(OffsetDateTime::toInstant).orElse(EPOCH);
        StateMachine machine = new StateMachine(config, origin);
        List<Line> lines = new ArrayList<>();
        Play play = new Play(machine, origin, lines, config);
        // the maintenance windows open at the start (nothing else happens at a first tick)
        play.report(machine.apply(new StateMachine.Tick(), origin), origin);
        for (Timeline.Entry e : timeline.entries()) {
            Instant at = origin.plus(e.at());
            play.tickUntil(at);
            try {
                play.report(machine.apply(e.input(), at), at);
            } catch (IllegalArgumentException refused) {
                lines.add(new Line(e.at(), "refused", e.text() + ": " + refused.getMessage()));
            }
        }
        Instant end = origin.plus(
                timeline.entries().isEmpty()
                        ? Duration.ZERO
                        : timeline.entries().get(timeline.entries().size() - 1).at());
        return new Result(lines, machine.status(end, origin, Map.of(), Map.of()), start);
    }

    /** One run's machine, clock origin and output. */
    private record Play(StateMachine machine, Instant origin, List<Line> lines, WatchdogConfig config) {

        /** Fires the timers (failback delays, window edges) that expire before {@code at}. */
        void tickUntil(Instant at) {
            Optional<Instant> next = machine.nextDeadline();
            while (next.isPresent() && !next.get().isAfter(at)) {
                report(machine.apply(new StateMachine.Tick(), next.get()), next.get());
                Optional<Instant> after = machine.nextDeadline();
                if (after.equals(next)) {
                    break;
                }
                next = after;
            }
        }

        void report(StateMachine.Decisions d, Instant at) {
            Simulator.report(d, Duration.between(origin, at), lines, config, machine);
        }
    }

    private static void report(
            StateMachine.Decisions d, Duration t, List<Line> lines, WatchdogConfig config, StateMachine machine) {
        for (StateMachine.Event e : d.events()) {
            String text = switch (e.kind()) {
                case WAN_DOWN, WAN_UP ->
                    e.from() + ": " + e.reason()
                            + (e.details().containsKey("muted")
                                    ? " (muted: " + e.details().get("muted") + ")"
                                    : "");
                case DRAIN, UNDRAIN, MAINTENANCE_START, MAINTENANCE_END -> e.from() + ": " + e.reason();
                case PIN -> e.group() + ": pinned to " + e.to();
                case UNPIN -> e.group() + ": pin on " + e.from() + " removed";
                case ALL_DOWN -> e.group() + ": " + e.reason();
                default -> e.group() + ": " + e.from() + " → " + e.to() + " (" + e.reason() + ")";
            };
            lines.add(new Line(t, e.kind().word(), text));
        }
        d.groups()
                .forEach((g, active) -> lines.add(new Line(
                        t, "group", g + " now uses " + String.join(", ", active) + weights(config, g, active))));
        d.routes()
                .forEach((r, target) ->
                        lines.add(new Line(t, "route", r + " → " + describe(config, r, target, machine))));
        d.flush()
                .forEach(u -> lines.add(new Line(
                        t,
                        "flush",
                        "conntrack entries of " + u + " (mark "
                                + config.uplink(u)
                                        .map(x -> "0x" + Long.toHexString(x.mark()))
                                        .orElse("?") + ")")));
    }

    private static String weights(WatchdogConfig config, String group, List<String> active) {
        if (active.size() < 2) {
            return "";
        }
        WatchdogConfig.Group g = config.group(group).orElseThrow();
        return " (weights "
                + String.join(
                        ":",
                        active.stream()
                                .map(a -> Integer.toString(g.member(a)
                                        .map(WatchdogConfig.Member::weight)
                                        .orElse(1)))
                                .toList())
                + ")";
    }

    static String describe(WatchdogConfig config, String route, StateMachine.RouteTarget target, StateMachine machine) {
        WatchdogConfig.Route r = config.routes().stream()
                .filter(x -> x.name().equals(route))
                .findFirst()
                .orElseThrow();
        // a route that waits for a hold falls back while its uplink is up: "is down" as before
        String why = machine.unusableBecause(r.uplink()).orElse("down");
        return switch (target) {
            case UPLINK -> r.uplink();
            case GROUP -> "uplink_group " + r.uplink();
            case DEFAULT -> "the default group (" + r.uplink() + " is " + why + ")";
            case BLOCK -> "blocked (strict, " + r.uplink() + " is " + why + ")";
        };
    }

    static String clock(Duration d) {
        long ms = d.toMillis();
        return String.format(Locale.ROOT, "%d.%03ds", ms / 1000, ms % 1000);
    }
}
