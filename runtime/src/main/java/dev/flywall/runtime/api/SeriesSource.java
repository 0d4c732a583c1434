package dev.flywall.runtime.api;

import dev.flywall.runtime.history.History;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What the daemon keeps in memory of its probe rounds for {@code GET /api/wan/series}: the rounds
 * of the last minutes, and the minute not yet written to {@code history.db}.
 */
public interface SeriesSource {

    /**
     * One probe round of one uplink (all its targets): probes sent and lost, and the round-trip
     * times of the answered ones in milliseconds (sum, minimum, maximum; NaN when none answered).
     */
    record Round(Instant at, int sent, int lost, double rttSumMs, double rttMinMs, double rttMaxMs) {}

    /** The rounds of {@code uplink} at or after {@code since} still in memory, oldest first. */
    List<Round> rounds(String uplink, Instant since);

    /** The minute of {@code uplink} being gathered, summed over its targets; not yet in the history. */
    Optional<History.Minute> pending(String uplink);

    /** Nothing in memory (an API without a daemon: tests, or a history read alone). */
    SeriesSource NONE = new SeriesSource() {
        @Override
        public List<Round> rounds(String uplink, Instant since) {
            return List.of();
        }

        @Override
        public Optional<History.Minute> pending(String uplink) {
            return Optional.empty();
        }
    };
}
