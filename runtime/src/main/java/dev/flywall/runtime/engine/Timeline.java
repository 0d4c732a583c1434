package dev.flywall.runtime.engine;

import dev.flywall.model.DurationText;
import dev.flywall.runtime.watchdog.WatchdogConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * A scripted sequence of probe results, link events and operator commands for
 * {@code flywall simulate}. One entry per line, {@code #} starts a comment:
 * <pre>
 *   0s            eth0 ok                 all targets answer (10ms)
 *   5s            eth0 ok 12ms 30ms       each target's round-trip time
 *   10s           eth0 12ms -             "-" is a lost probe
 *   15s           eth0 fail               no target answers
 *   20s..60s/5s   eth0 fail               the same every 5s from 20s to 60s
 *   30s           link eth0 down          the kernel reports the link down (or up)
 *   40s           pin default eth1        the operator pins (unpin GROUP, failback GROUP)
 *   50s           drain eth0 ISP works    the operator drains (the reason is optional)
 *   70s           undrain eth0            and ends the drain
 * </pre>
 * Entries are played in time order (file order for equal times).
 */
public record Timeline(List<Entry> entries) {

    /** One input at a time offset; {@code line} is the 1-based line it came from. */
    public record Entry(Duration at, int line, String text, StateMachine.Input input) {}

    /** A line that does not read; the message names the line. */
    public static final class TimelineException extends Exception {
        public TimelineException(String message) {
            super(message);
        }
    }

    /** Parses a timeline against the uplinks and groups of {@code config}. */
    public static Timeline parse(String text, WatchdogConfig config) throws TimelineException {
        List<Entry> out = new ArrayList<>();
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            int hash = line.indexOf('#');
            String body = (hash >= 0 ? line.substring(0, hash) : line).strip();
            if (body.isEmpty()) {
                continue;
            }
            String[] words = body.split("\\s+");
            int n = i + 1;
            if (words.length < 2) {
                throw error(n, "expected a time and an event, as in \"5s eth0 fail\"");
            }
            List<Duration> times = times(words[0], n);
            StateMachine.Input input = input(words, config, n);
            for (Duration t : times) {
                out.add(new Entry(t, n, body.substring(words[0].length()).strip(), input));
            }
        }
        out.sort(Comparator.comparing(Entry::at).thenComparingInt(Entry::line));
        return new Timeline(List.copyOf(out));
    }

    private static List<Duration> times(String word, int line) throws TimelineException {
        int range = word.indexOf("..");
        if (range < 0) {
            return List.of(duration(word, line));
        }
        int slash = word.indexOf('/', range);
        if (slash < 0) {
            throw error(line, "a range needs a step, as in 20s..60s/5s");
        }
        Duration from = duration(word.substring(0, range), line);
        Duration to = duration(word.substring(range + 2, slash), line);
        Duration step = duration(word.substring(slash + 1), line);
        if (step.isZero() || to.compareTo(from) < 0) {
            throw error(line, "the range " + word + " is empty or its step is 0");
        }
        List<Duration> out = new ArrayList<>();
        for (Duration t = from; t.compareTo(to) <= 0; t = t.plus(step)) {
            out.add(t);
            if (out.size() > 100_000) {
                throw error(line, "the range " + word + " has more than 100000 steps");
            }
        }
        return out;
    }

    private static Duration duration(String text, int line) throws TimelineException {
        if (text.equals("0")) {
            return Duration.ZERO;
        }
        return DurationText.parse(text)
                .orElseThrow(() -> error(line, "\"" + text + "\" is not a duration (500ms, 5s, 1m, 1h)"));
    }

    private static StateMachine.Input input(String[] w, WatchdogConfig config, int line) throws TimelineException {
        switch (w[1]) {
            case "link" -> {
                need(w, 4, line, "link UPLINK up|down");
                uplink(w[2], config, line);
                if (!w[3].equals("up") && !w[3].equals("down")) {
                    throw error(line, "a link goes \"up\" or \"down\", not \"" + w[3] + "\"");
                }
                return new StateMachine.Link(w[2], w[3].equals("up"));
            }
            case "pin" -> {
                need(w, 4, line, "pin GROUP UPLINK");
                // not checked here: the state machine refuses a wrong pin, as the daemon would
                return new StateMachine.Pin(w[2], w[3]);
            }
            case "unpin" -> {
                need(w, 3, line, "unpin GROUP");
                return new StateMachine.Unpin(w[2]);
            }
            case "failback" -> {
                need(w, 3, line, "failback GROUP");
                return new StateMachine.Failback(w[2]);
            }
            case "drain" -> {
                if (w.length < 3) {
                    throw error(line, "expected \"TIME drain UPLINK [REASON…]\"");
                }
                // not checked here: the state machine refuses an unknown uplink, as the daemon would
                String reason = String.join(" ", List.of(w).subList(3, w.length));
                Optional<String> problem = StateMachine.Drain.problem(reason);
                if (problem.isPresent()) {
                    throw error(line, problem.get());
                }
                return new StateMachine.Drain(w[2], reason);
            }
            case "undrain" -> {
                need(w, 3, line, "undrain UPLINK");
                return new StateMachine.Undrain(w[2]);
            }
            default -> {
                return round(w, config, line);
            }
        }
    }

    private static StateMachine.Input round(String[] w, WatchdogConfig config, int line) throws TimelineException {
        String uplink = w[1];
        uplink(uplink, config, line);
        List<String> targets = config.healthCheck(uplink)
                .map(WatchdogConfig.HealthCheck::probeTargets)
                .orElseThrow(() -> error(line, uplink + " is in no uplink_group, so nothing probes it"));
        if (w.length < 3) {
            throw error(line, "expected ok, fail or round-trip times after " + uplink);
        }
        List<StateMachine.Sample> samples = new ArrayList<>();
        if (w[2].equals("ok") || w[2].equals("fail")) {
            if (w.length > 4) {
                throw error(line, "\"" + w[2] + "\" takes at most one round-trip time");
            }
            Duration rtt = w.length == 4 ? duration(w[3], line) : Duration.ofMillis(10);
            for (String t : targets) {
                samples.add(
                        w[2].equals("ok") ? StateMachine.Sample.ok(t, rtt) : StateMachine.Sample.lost(t, "timeout"));
            }
        } else {
            if (w.length - 2 != targets.size()) {
                throw error(
                        line,
                        uplink + " has " + targets.size() + " target" + (targets.size() == 1 ? "" : "s") + " ("
                                + String.join(", ", targets) + "), but the line gives " + (w.length - 2) + " results");
            }
            for (int i = 2; i < w.length; i++) {
                String t = targets.get(i - 2);
                samples.add(
                        w[i].equals("-")
                                ? StateMachine.Sample.lost(t, "timeout")
                                : StateMachine.Sample.ok(t, duration(w[i], line)));
            }
        }
        return new StateMachine.Round(uplink, samples);
    }

    private static void need(String[] w, int count, int line, String form) throws TimelineException {
        if (w.length != count) {
            throw error(line, "expected \"TIME " + form + "\"");
        }
    }

    private static void uplink(String name, WatchdogConfig config, int line) throws TimelineException {
        if (config.uplink(name).isEmpty()) {
            throw error(
                    line,
                    "there is no uplink \"" + name + "\"; uplinks: "
                            + String.join(
                                    ", ",
                                    config.uplinks().stream()
                                            .map(WatchdogConfig.Uplink::name)
                                            .toList()));
        }
    }

    private static TimelineException error(int line, String message) {
        return new TimelineException("line " + line + ": " + message);
    }
}
