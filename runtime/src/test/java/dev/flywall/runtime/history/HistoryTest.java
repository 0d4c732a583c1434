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

    @TempDir Path dir;

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

            assertThat(h.query(now.minusSeconds(3600), Optional.empty(), 10)).extracting(History.Event::reason)
                    .containsExactly("d", "c", "b");
            assertThat(h.query(Instant.EPOCH, Optional.of("eth1"), 10)).extracting(History.Event::reason)
                    .containsExactly("c", "a");
            assertThat(h.query(Instant.EPOCH, Optional.of("eth0"), 1)).extracting(History.Event::reason)
                    .containsExactly("c");
        }
    }

    @Test
    void aReadOnlyConnectionReadsWhileTheDaemonWrites() throws Exception {
        Path file = dir.resolve("history.db");
        assertThatThrownBy(() -> History.openReadOnly(file)).isInstanceOf(NoSuchFileException.class);
        Instant now = Instant.parse("2026-11-22T10:00:00Z");
        try (History daemon = History.open(file); History cli = History.openReadOnly(file);
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
}
