package dev.flywall.runtime.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The event history keeps events across opens, newest first, prunes by retention, filters by time
 * and uplink, and can be read from a second connection while the daemon writes.
 */
class HistoryTest {

    @TempDir
    Path dir;

    @Test
    void recordsReadsBackAndPrunes() throws Exception {
        Path file = dir.resolve("history.db");
        Instant now = Instant.parse("2026-11-22T10:00:00Z");
        try (History h = History.open(file)) {
            h.record(new History.Event(now.minus(Duration.ofDays(40)), "apply", null, null, null, "old", "{}"));
            h.record(new History.Event(now, "failover", "default", "eth0", "eth1", "3 probes lost", "{\"loss\":1.0}"));
        }
        try (History h = History.open(file)) {
            assertThat(h.recent(10)).extracting(History.Event::kind).containsExactly("failover", "apply");
            assertThat(h.recent(1).get(0).to()).isEqualTo("eth1");
            assertThat(h.prune(Duration.ofDays(30), now)).isEqualTo(1);
            assertThat(h.recent(10)).hasSize(1);
        }
    }

    @Test
    void queriesBySinceAndUplink() throws Exception {
        Instant now = Instant.parse("2026-11-22T10:00:00Z");
        try (History h = History.open(dir.resolve("history.db"))) {
            h.record(new History.Event(now.minusSeconds(7200), "failover", "default", "eth0", "eth1", "a", "{}"));
            h.record(new History.Event(now.minusSeconds(3600), "apply", null, null, null, "b", "{}"));
            h.record(new History.Event(now.minusSeconds(60), "failback", "default", "eth1", "eth0", "c", "{}"));
            h.record(new History.Event(now, "wan_down", null, "usb0", null, "d", "{}"));

            assertThat(h.query(now.minusSeconds(3600), Optional.empty(), 10))
                    .extracting(History.Event::reason)
                    .containsExactly("d", "c", "b");
            assertThat(h.query(Instant.EPOCH, Optional.of("eth1"), 10))
                    .extracting(History.Event::reason)
                    .containsExactly("c", "a");
            assertThat(h.query(Instant.EPOCH, Optional.of("eth0"), 1))
                    .extracting(History.Event::reason)
                    .containsExactly("c");
        }
    }

    @Test
    void aReadOnlyConnectionReadsWhileTheDaemonWrites() throws Exception {
        Path file = dir.resolve("history.db");
        assertThatThrownBy(() -> History.openReadOnly(file)).isInstanceOf(NoSuchFileException.class);
        Instant now = Instant.parse("2026-11-22T10:00:00Z");
        try (History daemon = History.open(file);
                History cli = History.openReadOnly(file);
                var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> work = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                Instant at = now.plusSeconds(i);
                work.add(threads.submit(() -> {
                    daemon.record(new History.Event(at, "failover", "default", "eth0", "eth1", "r", "{}"));
                    return daemon.recent(5); // the API reading through the daemon's own instance
                }));
                work.add(threads.submit(() -> cli.recent(5)));
            }
            for (Future<?> f : work) {
                f.get();
            }
            assertThat(cli.recent(100)).hasSize(50);
            assertThatThrownBy(() -> cli.record(new History.Event(now, "apply", null, null, null, "x", "{}")))
                    .isInstanceOf(SQLException.class);
        }
    }

    private static History.Event event(int n) {
        return new History.Event(
                Instant.parse("2026-11-22T10:00:00Z").plusSeconds(n),
                "wan_down",
                "default",
                "eth0",
                null,
                "event " + n,
                "{}");
    }

    private static List<String> reasonsIn(Path file) throws Exception {
        try (History h = History.openReadOnly(file)) {
            return h.recent(100).stream().map(History.Event::reason).toList().reversed();
        }
    }

    @Test
    void aFileDeletedWhileOpenIsRecreatedWithEveryEvent() throws Exception {
        Path file = dir.resolve("history.db");
        try (History h = History.open(file)) {
            h.record(event(1));
            java.nio.file.Files.delete(file);
            h.record(event(2));
            assertThat(h.writeState()).isEqualTo(new History.WriteState(Optional.empty(), 0, 0, 1));
            // the path, not only the open connection, holds both: what wan history reads
            assertThat(reasonsIn(file)).containsExactly("event 1", "event 2");
            java.nio.file.Files.delete(file);
            h.verify(); // no event needed: the periodic check recreates it too
            assertThat(reasonsIn(file)).containsExactly("event 1", "event 2");
        }
    }

    @Test
    void eventsThatCannotBeWrittenAreKeptInOrderAndWrittenWhenTheFileIsBack() throws Exception {
        Path file = dir.resolve("history.db");
        try (History h = History.open(file)) {
            h.record(event(1));
            java.nio.file.Files.delete(file);
            java.nio.file.Files.createDirectory(file); // the path is unusable
            assertThatThrownBy(() -> h.record(event(2)))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("not a regular file");
            assertThatThrownBy(() -> h.record(event(3))).isInstanceOf(SQLException.class);
            History.WriteState broken = h.writeState();
            assertThat(broken.unwritten()).isEqualTo(2);
            assertThat(broken.problem())
                    .hasValueSatisfying(p -> assertThat(p)
                            .startsWith(file + ": not a regular file")
                            .endsWith("(2 events kept in memory)"));
            assertThatThrownBy(h::verify).isInstanceOf(SQLException.class);
            java.nio.file.Files.delete(file);
            h.verify();
            assertThat(h.writeState().problem()).isEmpty();
            assertThat(h.writeState().unwritten()).isZero();
            assertThat(reasonsIn(file)).containsExactly("event 1", "event 2", "event 3");
        }
    }

    @Test
    void atMostTheLimitIsKeptInMemoryAndTheRestIsCounted() throws Exception {
        Path file = dir.resolve("history.db");
        try (History h = History.open(file)) {
            java.nio.file.Files.delete(file);
            java.nio.file.Files.createDirectory(file);
            int n = History.UNWRITTEN_LIMIT + 5;
            for (int i = 0; i < n; i++) {
                int k = i;
                assertThatThrownBy(() -> h.record(event(k))).isInstanceOf(SQLException.class);
            }
            assertThat(h.writeState().unwritten()).isEqualTo(History.UNWRITTEN_LIMIT);
            assertThat(h.writeState().dropped()).isEqualTo(5);
            assertThat(h.writeState().problem().orElseThrow()).contains("5 dropped");
            java.nio.file.Files.delete(file);
            h.verify();
            assertThat(h.recent(1).get(0).reason()).isEqualTo("event " + (n - 1));
            try (History r = History.openReadOnly(file)) {
                assertThat(r.query(Instant.EPOCH, Optional.empty(), n)).hasSize(History.UNWRITTEN_LIMIT);
            }
        }
    }
}
