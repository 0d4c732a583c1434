package dev.flywall.runtime.history;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The event history keeps events across opens, newest first, and prunes by retention. */
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
}
