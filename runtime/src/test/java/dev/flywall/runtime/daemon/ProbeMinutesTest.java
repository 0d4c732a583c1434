package dev.flywall.runtime.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flywall.runtime.api.SeriesSource;
import dev.flywall.runtime.engine.StateMachine;
import dev.flywall.runtime.history.History;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The rounds behind the status page's graphs: in memory for 15 minutes, per minute and target into the history. */
class ProbeMinutesTest {

    @TempDir
    Path dir;

    private static final Instant T = Instant.parse("2026-11-22T10:00:00Z");

    private static StateMachine.Round round(String uplink, Double okMs, boolean secondLost) {
        return new StateMachine.Round(
                uplink,
                List.of(
                        new StateMachine.Sample(
                                "1.1.1.1", Optional.of(Duration.ofNanos((long) (okMs * 1e6))), Optional.empty()),
                        secondLost
                                ? new StateMachine.Sample("8.8.8.8", Optional.empty(), Optional.of("timeout"))
                                : new StateMachine.Sample(
                                        "8.8.8.8", Optional.of(Duration.ofMillis(20)), Optional.empty())));
    }

    @Test
    void aFinishedMinuteIsWrittenPerTargetAndTheRoundsStayInMemory() throws Exception {
        List<String> log = new ArrayList<>();
        try (History h = History.open(dir.resolve("history.db"))) {
            ProbeMinutes minutes = new ProbeMinutes();
            minutes.writeTo(h, log::add);
            minutes.add(round("eth0", 10.0, false), T.plusSeconds(1));
            minutes.add(round("eth0", 12.0, true), T.plusSeconds(30));
            assertThat(h.minutes("eth0", Instant.EPOCH))
                    .as("the minute is not over")
                    .isEmpty();
            History.Minute pending = minutes.pending("eth0").orElseThrow();
            assertThat(pending.at()).isEqualTo(T);
            assertThat(pending.sent()).isEqualTo(4);
            assertThat(pending.lost()).isEqualTo(1);
            assertThat(pending.rttMeanMs()).isEqualTo(14.0); // (10 + 20 + 12) / 3

            minutes.add(round("eth0", 30.0, false), T.plusSeconds(61));
            History.Minute written = h.minutes("eth0", Instant.EPOCH).getFirst();
            assertThat(written.at()).isEqualTo(T);
            assertThat(written.sent()).isEqualTo(4);
            assertThat(written.lost()).isEqualTo(1);
            assertThat(written.rttMinMs()).isEqualTo(10.0);
            assertThat(written.rttMaxMs()).isEqualTo(20.0);
            assertThat(minutes.pending("eth0").orElseThrow().sent()).isEqualTo(2);

            List<SeriesSource.Round> rounds = minutes.rounds("eth0", T.plusSeconds(30));
            assertThat(rounds).extracting(SeriesSource.Round::at).containsExactly(T.plusSeconds(30), T.plusSeconds(61));
            assertThat(rounds.getFirst().lost()).isEqualTo(1);
            assertThat(rounds.getFirst().rttMaxMs()).isEqualTo(12.0);
            assertThat(minutes.rounds("eth1", T)).isEmpty();
            assertThat(log).isEmpty();
        }
    }

    @Test
    void roundsOlderThanTheMemoryAreForgotten() {
        ProbeMinutes minutes = new ProbeMinutes(); // no history: minutes are only gathered
        minutes.add(round("eth0", 10.0, false), T);
        minutes.add(round("eth0", 10.0, false), T.plus(Duration.ofMinutes(20)));
        assertThat(minutes.rounds("eth0", Instant.EPOCH)).hasSize(1);
    }

    @Test
    void aHistoryThatCannotBeWrittenIsLoggedOnce() throws Exception {
        List<String> log = new ArrayList<>();
        History h = History.open(dir.resolve("history.db"));
        h.close();
        ProbeMinutes minutes = new ProbeMinutes();
        minutes.writeTo(h, log::add);
        for (int m = 0; m < 3; m++) {
            minutes.add(round("eth0", 10.0, false), T.plus(Duration.ofMinutes(m)));
        }
        assertThat(log).singleElement().asString().contains("could not be written");
    }
}
