package dev.flywall.runtime.daemon;

import dev.flywall.bundle.EventKind;
import dev.flywall.runtime.engine.EventLine;
import dev.flywall.runtime.history.History;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;

/**
 * Where the daemon's events go: a journal line, history.db, and the event sink (the notifier).
 * Says loudly when history.db stops or resumes taking events, or was recreated after being
 * deleted. Engine thread only.
 */
final class EventRecorder implements AutoCloseable {

    private final History history;
    private final Problems problems;
    private final Clock clock;
    private final Consumer<String> log;
    private Daemon.EventSink sink;
    private long historyRecreated;

    /** {@code problems}: the status's problems; a change is published before notifications go out. */
    EventRecorder(History history, Problems problems, Clock clock, Consumer<String> log) {
        this.history = history;
        this.problems = problems;
        this.clock = clock;
        this.log = log;
    }

    /** Replaces the sink (a reloaded bundle's notifier), closing the old one first. */
    void closeSink() {
        if (sink != null) {
            sink.close();
            sink = null;
        }
    }

    void useSink(Daemon.EventSink next) {
        closeSink();
        sink = next;
    }

    void record(History.Event e) {
        log.accept(EventLine.of(e));
        try {
            history.record(e);
        } catch (SQLException x) {
            log.accept("could not record the event in history.db (kept in memory): " + x.getMessage());
        }
        sink.accept(e);
        watchHistory();
    }

    /** An event about the gateway itself rather than an uplink. */
    History.Event gatewayEvent(EventKind kind, String reason) {
        return new History.Event(clock.instant(), kind.word(), null, null, null, reason, "{}");
    }

    /**
     * The log line, the status's problems, and an event to the notifications: history_broken cannot
     * go to the history it is about; history_restored does, after the events it kept.
     */
    private void watchHistory() {
        History.WriteState w = history.writeState();
        if (w.recreated() > historyRecreated) {
            historyRecreated = w.recreated();
            log.accept("history.db was deleted while the daemon ran; recreated it with every event it held");
        }
        if (w.problem().isPresent()) {
            if (problems.raise("history", w.problem().get())) {
                History.Event broken = gatewayEvent(
                        EventKind.HISTORY_BROKEN,
                        "events cannot be written to history.db: " + w.problem().get()
                                + "; they are kept in memory until it works again");
                log.accept(EventLine.of(broken));
                sink.accept(broken);
            }
        } else if (problems.clear("history")) {
            record(gatewayEvent(
                    EventKind.HISTORY_RESTORED, "history.db takes events again; the ones kept in memory are written"));
            problems.publish();
        }
    }

    /** The periodic check: follows a deleted history.db and retries the events kept in memory. */
    void verifyHistory() {
        try {
            history.verify();
        } catch (SQLException e) {
            // reported by watchHistory
        }
        watchHistory();
    }

    /** Removes events older than the retention. */
    void prune(Duration retention, Instant now) throws SQLException {
        int pruned = history.prune(retention, now);
        if (pruned > 0) {
            log.accept("history: removed " + pruned + " events older than the retention");
        }
    }

    /** Closes the sink and the history; once the engine has stopped. */
    @Override
    public void close() {
        closeSink();
        try {
            history.close();
        } catch (SQLException e) {
            log.accept("could not close history.db: " + e.getMessage());
        }
    }
}
