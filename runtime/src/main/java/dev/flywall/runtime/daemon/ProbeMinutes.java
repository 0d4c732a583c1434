package dev.flywall.runtime.daemon;

import dev.flywall.runtime.api.SeriesRequest;
import dev.flywall.runtime.api.SeriesSource;
import dev.flywall.runtime.engine.StateMachine;
import dev.flywall.runtime.history.History;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The status page's latency and loss: every probe round the engine takes, kept in memory for
 * {@link SeriesRequest#MEMORY} (the short graphs), and summed per uplink, target and minute into
 * {@code history.db} when the minute is over (the long graphs; pruned with the events). Rounds are
 * added on the engine thread; the API reads from its own threads.
 */
public final class ProbeMinutes implements SeriesSource {

    /** One target's probes in the minute being gathered. */
    private static final class Gathered {
        int sent;
        int lost;
        double rttSum;
        double rttMin = Double.NaN;
        double rttMax = Double.NaN;

        void add(StateMachine.Sample s) {
            sent++;
            if (!s.ok() || s.rtt().isEmpty()) {
                lost++;
                return;
            }
            double ms = s.rtt().get().toNanos() / 1e6;
            rttSum += ms;
            rttMin = Double.isNaN(rttMin) ? ms : Math.min(rttMin, ms);
            rttMax = Double.isNaN(rttMax) ? ms : Math.max(rttMax, ms);
        }
    }

    /** The minute an uplink's rounds are being gathered in, by target. */
    private static final class Minute {
        final Instant start;
        final Map<String, Gathered> targets = new LinkedHashMap<>();

        Minute(Instant start) {
            this.start = start;
        }
    }

    private final Map<String, Deque<Round>> rounds = new HashMap<>();
    private final Map<String, Minute> minutes = new HashMap<>();
    private History history;
    private Consumer<String> log = line -> {};
    private boolean failing;

    /** Where finished minutes go: the daemon's history, opened in its start. */
    synchronized void writeTo(History history, Consumer<String> log) {
        this.history = history;
        this.log = log;
    }

    /** Takes a round that finished {@code at}; writes the uplink's previous minute when this one is later. */
    synchronized void add(StateMachine.Round round, Instant at) {
        Instant minuteStart = at.truncatedTo(ChronoUnit.MINUTES);
        Minute minute = minutes.get(round.uplink());
        if (minute != null && !minute.start.equals(minuteStart)) {
            write(round.uplink(), minute);
            minute = null;
        }
        if (minute == null) {
            minute = new Minute(minuteStart);
            minutes.put(round.uplink(), minute);
        }
        int sent = 0;
        int lost = 0;
        Gathered all = new Gathered();
        for (StateMachine.Sample s : round.samples()) {
            minute.targets.computeIfAbsent(s.target(), k -> new Gathered()).add(s);
            all.add(s);
            sent++;
        }
        lost = all.lost;
        Deque<Round> recent = rounds.computeIfAbsent(round.uplink(), k -> new ArrayDeque<>());
        recent.addLast(new Round(at, sent, lost, all.rttSum, all.rttMin, all.rttMax));
        Instant oldest = at.minus(SeriesRequest.MEMORY).minusSeconds(60);
        while (!recent.isEmpty() && recent.peekFirst().at().isBefore(oldest)) {
            recent.removeFirst();
        }
    }

    private void write(String uplink, Minute minute) {
        if (history == null) {
            return;
        }
        List<History.Minute> rows = new ArrayList<>();
        minute.targets.forEach((target, g) -> rows.add(
                new History.Minute(minute.start, uplink, target, g.sent, g.lost, g.rttSum, g.rttMin, g.rttMax)));
        try {
            history.recordMinutes(rows);
            if (failing) {
                log.accept("history: probe minutes are written again");
                failing = false;
            }
        } catch (SQLException e) {
            if (!failing) {
                log.accept("history: the probe minutes of " + uplink + " could not be written (the status page's"
                        + " long graphs will have a gap): " + e.getMessage());
                failing = true;
            }
        }
    }

    @Override
    public synchronized List<Round> rounds(String uplink, Instant since) {
        Deque<Round> recent = rounds.get(uplink);
        if (recent == null) {
            return List.of();
        }
        return recent.stream().filter(r -> !r.at().isBefore(since)).toList();
    }

    @Override
    public synchronized Optional<History.Minute> pending(String uplink) {
        Minute minute = minutes.get(uplink);
        if (minute == null || minute.targets.isEmpty()) {
            return Optional.empty();
        }
        int sent = 0;
        int lost = 0;
        double sum = 0;
        double min = Double.NaN;
        double max = Double.NaN;
        for (Gathered g : minute.targets.values()) {
            sent += g.sent;
            lost += g.lost;
            sum += g.rttSum;
            if (!Double.isNaN(g.rttMin)) {
                min = Double.isNaN(min) ? g.rttMin : Math.min(min, g.rttMin);
                max = Double.isNaN(max) ? g.rttMax : Math.max(max, g.rttMax);
            }
        }
        return Optional.of(new History.Minute(minute.start, uplink, null, sent, lost, sum, min, max));
    }
}
