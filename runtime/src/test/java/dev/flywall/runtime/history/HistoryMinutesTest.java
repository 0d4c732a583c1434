package dev.flywall.runtime.history;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The probe minutes of the status page's long graphs: summed over targets, pruned with the events, migrated. */
class HistoryMinutesTest {

    @TempDir
    Path dir;

    private static final Instant T = Instant.parse("2026-11-22T10:00:00Z");

    @Test
    void minutesAreSummedOverTargetsOldestFirst() throws Exception {
        try (History h = History.open(dir.resolve("history.db"))) {
            h.recordMinutes(List.of(
                    new History.Minute(T, "eth0", "1.1.1.1", 60, 0, 600, 8, 14),
                    new History.Minute(T, "eth0", "8.8.8.8", 60, 30, 300, 9, 20),
                    new History.Minute(T, "eth1", "1.0.0.1", 60, 60, 0, Double.NaN, Double.NaN)));
            h.recordMinutes(List.of(new History.Minute(T.minusSeconds(60), "eth0", "1.1.1.1", 60, 6, 540, 9, 11)));

            List<History.Minute> eth0 = h.minutes("eth0", T.minusSeconds(3600));
            assertThat(eth0).extracting(History.Minute::at).containsExactly(T.minusSeconds(60), T);
            History.Minute now = eth0.get(1);
            assertThat(now.target()).isNull();
            assertThat(now.sent()).isEqualTo(120);
            assertThat(now.lost()).isEqualTo(30);
            assertThat(now.rttMeanMs()).isEqualTo(10.0); // 900 ms over 90 answers
            assertThat(now.rttMinMs()).isEqualTo(8);
            assertThat(now.rttMaxMs()).isEqualTo(20);

            History.Minute dead = h.minutes("eth1", T).getFirst();
            assertThat(dead.lost()).isEqualTo(60);
            assertThat(dead.rttMeanMs()).isNaN();
            assertThat(dead.rttMinMs()).isNaN();
            assertThat(h.minutes("eth0", T.plusSeconds(1))).isEmpty();
        }
    }

    @Test
    void aMinuteWrittenAgainReplacesTheRow() throws Exception {
        try (History h = History.open(dir.resolve("history.db"))) {
            h.recordMinutes(List.of(new History.Minute(T, "eth0", "1.1.1.1", 10, 1, 90, 9, 11)));
            h.recordMinutes(List.of(new History.Minute(T, "eth0", "1.1.1.1", 20, 2, 180, 9, 11)));
            assertThat(h.minutes("eth0", T))
                    .singleElement()
                    .extracting(History.Minute::sent)
                    .isEqualTo(20);
        }
    }

    @Test
    void minutesArePrunedWithTheEvents() throws Exception {
        try (History h = History.open(dir.resolve("history.db"))) {
            h.recordMinutes(List.of(
                    new History.Minute(T.minus(Duration.ofDays(31)), "eth0", "1.1.1.1", 60, 0, 600, 9, 11),
                    new History.Minute(T.minus(Duration.ofDays(1)), "eth0", "1.1.1.1", 60, 0, 600, 9, 11)));
            h.prune(Duration.ofDays(30), T);
            assertThat(h.minutes("eth0", Instant.EPOCH))
                    .extracting(History.Minute::at)
                    .containsExactly(T.minus(Duration.ofDays(1)));
        }
    }

    @Test
    void aHistoryOfAnOlderDaemonGainsTheTableAndKeepsItsEvents() throws Exception {
        Path file = dir.resolve("history.db");
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + file);
                Statement s = db.createStatement()) {
            s.execute("CREATE TABLE events (id INTEGER PRIMARY KEY AUTOINCREMENT, at_ms INTEGER NOT NULL,"
                    + " kind TEXT NOT NULL, grp TEXT, from_uplink TEXT, to_uplink TEXT, reason TEXT, details TEXT)");
            s.execute("INSERT INTO events (at_ms, kind, reason) VALUES (" + T.toEpochMilli() + ", 'apply', 'old')");
        }
        try (History read = History.openReadOnly(file)) {
            assertThat(read.minutes("eth0", Instant.EPOCH))
                    .as("read-only: no table, no minutes")
                    .isEmpty();
        }
        try (History h = History.open(file)) {
            assertThat(h.recent(10)).extracting(History.Event::reason).containsExactly("old");
            h.recordMinutes(List.of(new History.Minute(T, "eth0", "1.1.1.1", 60, 0, 600, 9, 11)));
            assertThat(h.minutes("eth0", Instant.EPOCH)).hasSize(1);
        }
    }
}
