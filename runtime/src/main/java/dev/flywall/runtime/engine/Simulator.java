package dev.flywall.runtime.engine;

import dev.flywall.runtime.watchdog.WatchdogConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Plays a {@link Timeline} through the daemon's {@link StateMachine} and reports every decision
 * with its time: the uplink and group changes, the policy-route switches and the conntrack
 * flushes the daemon would make. Pending failback delays expire at their own times, between
 * timeline entries, exactly as the daemon's timer would fire them.
 */
public final class Simulator {

    /** Times are offsets from this instant; it only matters for the arithmetic. */
    private static final Instant EPOCH = Instant.parse("2026-01-01T00:00:00Z");

    private Simulator() {}

    /** One decision at a time offset, already formatted. */
    public record Line(Duration at, String kind, String text) {}

    /** The decisions and the state at the end. */
    public record Result(List<Line> lines, Status end) {

        public String render(boolean verbose, List<Timeline.Entry> inputs) {
            StringBuilder out = new StringBuilder();
            for (Line l : lines) {
                out.append(String.format(Locale.ROOT, "%9s  %-9s %s%n", clock(l.at()), l.kind(), l.text()));
            }
            if (lines.isEmpty()) {
                out.append("no decisions: nothing went down, came up or was switched\n");
            }
            out.append("\nat the end:\n");
            for (Status.UplinkStatus u : end.uplinks()) {
                out.append(String.format(
                        Locale.ROOT,
                        "  uplink %-10s %-7s since %s (%s)%n",
                        u.name(),
                        u.state().toUpperCase(Locale.ROOT),
                        clock(Duration.between(EPOCH, u.since())),
                        u.reason()));
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
                                        .map(t -> ", failback at " + clock(Duration.between(EPOCH, t)))
                                        .orElse("")));
            }
            out.append(String.format(Locale.ROOT, "  failovers: %d%n", end.failoversTotal()));
            return out.toString();
        }
    }

    public static Result run(WatchdogConfig config, Timeline timeline) {
        StateMachine machine = new StateMachine(config, EPOCH);
        List<Line> lines = new ArrayList<>();
        for (Timeline.Entry e : timeline.entries()) {
            Instant at = EPOCH.plus(e.at());
            tickUntil(machine, at, lines, config);
            try {
                report(machine.apply(e.input(), at), at, lines, config);
            } catch (IllegalArgumentException refused) {
                lines.add(new Line(e.at(), "refused", e.text() + ": " + refused.getMessage()));
            }
        }
        Instant end = EPOCH.plus(
                timeline.entries().isEmpty()
                        ? Duration.ZERO
                        : timeline.entries().get(timeline.entries().size() - 1).at());
        return new Result(lines, machine.status(end, EPOCH, Map.of(), Map.of()));
    }

    /** Fires the failback timers that expire before {@code at}. */
    private static void tickUntil(StateMachine machine, Instant at, List<Line> lines, WatchdogConfig config) {
        Optional<Instant> next = machine.nextDeadline();
        while (next.isPresent() && !next.get().isAfter(at)) {
            report(machine.apply(new StateMachine.Tick(), next.get()), next.get(), lines, config);
            Optional<Instant> after = machine.nextDeadline();
            if (after.equals(next)) {
                break;
            }
            next = after;
        }
    }

    private static void report(StateMachine.Decisions d, Instant at, List<Line> lines, WatchdogConfig config) {
        Duration t = Duration.between(EPOCH, at);
        for (StateMachine.Event e : d.events()) {
            String text = switch (e.kind()) {
                case WAN_DOWN, WAN_UP -> e.from() + ": " + e.reason();
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
        d.routes().forEach((r, target) -> lines.add(new Line(t, "route", r + " → " + describe(config, r, target))));
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

    static String describe(WatchdogConfig config, String route, StateMachine.RouteTarget target) {
        WatchdogConfig.Route r = config.routes().stream()
                .filter(x -> x.name().equals(route))
                .findFirst()
                .orElseThrow();
        return switch (target) {
            case UPLINK -> r.uplink();
            case GROUP -> "uplink_group " + r.uplink();
            case DEFAULT -> "the default group (" + r.uplink() + " is down)";
            case BLOCK -> "blocked (strict, " + r.uplink() + " is down)";
        };
    }

    static String clock(Duration d) {
        long ms = d.toMillis();
        return String.format(Locale.ROOT, "%d.%03ds", ms / 1000, ms % 1000);
    }
}
