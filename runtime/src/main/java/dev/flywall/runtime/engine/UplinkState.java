package dev.flywall.runtime.engine;

import dev.flywall.runtime.watchdog.WatchdogConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What the engine knows about one uplink: its health, the counters of the hysteresis, its carrier,
 * and the last {@link #WINDOW} probe results (for latency, jitter and loss). Shared by every group
 * the uplink is a member of.
 */
final class UplinkState {

    /** The probe history of one uplink: the last {@code WINDOW} samples. */
    static final int WINDOW = 20;

    final String uplink;
    final Optional<WatchdogConfig.HealthCheck> check;
    StateMachine.Health health = StateMachine.Health.UNKNOWN;
    boolean linkUp = true;
    int good;
    int bad;
    Instant since;
    String reason = "not probed yet";
    final ArrayList<Optional<Duration>> window = new ArrayList<>();
    long sent;
    long lost;
    /** The operator's drain, if any: no new connections, established ones keep flowing. */
    Optional<StateMachine.Drained> drained = Optional.empty();
    /** The maintenance window the uplink is in now, if any (recomputed from the clock). */
    Optional<InWindow> maintenance = Optional.empty();

    /** A maintenance window the uplink is in: its name, its {@code [start, end)} and its time zone. */
    record InWindow(String name, Instant start, Instant end, java.time.ZoneId zone) {

        private static final java.time.format.DateTimeFormatter LOCAL =
                java.time.format.DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm", Locale.ROOT);

        /** The end as the operator wrote the window: "2026-12-05 02:30 Europe/Berlin". */
        String localEnd() {
            return LOCAL.format(end.atZone(zone)) + " " + zone.getId();
        }
    }

    UplinkState(String uplink, Optional<WatchdogConfig.HealthCheck> check, Instant now) {
        this.uplink = uplink;
        this.check = check;
        this.since = now;
    }

    /**
     * Whether new connections may use the uplink: not down ("unknown" counts as usable, so a
     * starting daemon never cuts traffic without evidence), not drained, in no maintenance window.
     */
    boolean usable() {
        return health != StateMachine.Health.DOWN && drained.isEmpty() && maintenance.isEmpty();
    }

    /** Adds one round's results to the window, dropping the oldest beyond {@link #WINDOW}. */
    void remember(List<StateMachine.Sample> samples) {
        for (StateMachine.Sample s : samples) {
            window.add(s.rtt());
            sent++;
            if (!s.ok()) {
                lost++;
            }
        }
        while (window.size() > WINDOW) {
            window.remove(0);
        }
    }

    /**
     * Why a round counts as failed, or empty when it is good: fewer than {@code reliability}
     * targets answered, or the check has targets of both address families and one family had no
     * answer ({@link TargetFamily#silent}), or (with {@code max_loss} / {@code max_latency}) the
     * window lost too much or was too slow on average. Call after {@link #remember}.
     */
    Optional<String> failure(WatchdogConfig.HealthCheck check, List<StateMachine.Sample> samples) {
        long answered = samples.stream().filter(StateMachine.Sample::ok).count();
        Optional<String> silent = TargetFamily.silent(samples);
        if (silent.isPresent()) {
            return silent;
        }
        if (answered < check.reliability()) {
            return Optional.of(answered + " of " + samples.size() + " targets answered"
                    + samples.stream()
                            .flatMap(s -> s.error().stream())
                            .findFirst()
                            .map(e -> " (" + e + ")")
                            .orElse(""));
        }
        if (check.maxLossPercent().isPresent()
                && lossPercent() > check.maxLossPercent().get()) {
            return Optional.of(String.format(
                    Locale.ROOT,
                    "loss %.0f%% over the last %d probes, above %d%%",
                    lossPercent(),
                    window.size(),
                    check.maxLossPercent().get()));
        }
        Optional<Double> mean = meanRtt();
        if (check.maxLatency().isPresent()
                && mean.filter(rtt -> rtt > check.maxLatency().get().toNanos() / 1e6)
                        .isPresent()) {
            return Optional.of(String.format(
                    Locale.ROOT,
                    "latency %.0fms, above %dms",
                    mean.get(),
                    check.maxLatency().get().toMillis()));
        }
        return Optional.empty();
    }

    Optional<Double> meanRtt() {
        return window.stream().flatMap(Optional::stream).mapToDouble(d -> d.toNanos() / 1e6).average().stream()
                .boxed()
                .findFirst();
    }

    /** Mean absolute difference of consecutive answered RTTs (RFC 3550 style, unsmoothed). */
    Optional<Double> jitter() {
        List<Double> rtts = window.stream()
                .flatMap(Optional::stream)
                .map(d -> d.toNanos() / 1e6)
                .toList();
        if (rtts.size() < 2) {
            return Optional.empty();
        }
        double sum = 0;
        for (int i = 1; i < rtts.size(); i++) {
            sum += Math.abs(rtts.get(i) - rtts.get(i - 1));
        }
        return Optional.of(sum / (rtts.size() - 1));
    }

    double lossPercent() {
        if (window.isEmpty()) {
            return 0;
        }
        return 100.0 * window.stream().filter(Optional::isEmpty).count() / window.size();
    }
}
