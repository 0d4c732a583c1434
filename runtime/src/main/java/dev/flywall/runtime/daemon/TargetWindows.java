package dev.flywall.runtime.daemon;

import dev.flywall.runtime.engine.Health;
import dev.flywall.runtime.engine.StateMachine;
import dev.flywall.runtime.watchdog.WatchdogConfig;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What {@code wan health} shows per probe target: the last {@link #SIZE} samples, and the probes
 * sent and lost since the daemon started. Written by the engine thread, read when it publishes.
 */
final class TargetWindows {

    /** How many recent probes per target {@code wan health} shows. */
    static final int SIZE = 30;

    /** Probes sent and lost of one uplink's target. */
    private static final class Counts {
        long sent;
        long lost;
    }

    private final Map<String, Map<String, Deque<StateMachine.Sample>>> recent = new LinkedHashMap<>();
    private final Map<String, Counts> counts = new LinkedHashMap<>();

    synchronized void remember(StateMachine.Round r) {
        Map<String, Deque<StateMachine.Sample>> byTarget =
                recent.computeIfAbsent(r.uplink(), k -> new LinkedHashMap<>());
        for (StateMachine.Sample s : r.samples()) {
            Deque<StateMachine.Sample> window = byTarget.computeIfAbsent(s.target(), k -> new ArrayDeque<>());
            window.addLast(s);
            while (window.size() > SIZE) {
                window.removeFirst();
            }
            Counts c = counts.computeIfAbsent(key(r.uplink(), s.target()), k -> new Counts());
            c.sent++;
            if (!s.ok()) {
                c.lost++;
            }
        }
    }

    /** Drops the samples and counts of uplinks and targets a new bundle no longer probes. */
    synchronized void forgetAllBut(WatchdogConfig next) {
        Set<String> keys = new HashSet<>();
        for (WatchdogConfig.Uplink u : next.uplinks()) {
            List<String> probed = next.healthCheck(u.name())
                    .map(WatchdogConfig.HealthCheck::probeTargets)
                    .orElse(List.of());
            probed.forEach(t -> keys.add(key(u.name(), t)));
            Map<String, Deque<StateMachine.Sample>> byTarget = recent.get(u.name());
            if (byTarget != null) {
                byTarget.keySet().retainAll(probed);
            }
        }
        recent.keySet()
                .retainAll(
                        next.uplinks().stream().map(WatchdogConfig.Uplink::name).toList());
        counts.keySet().retainAll(keys);
    }

    /** Sent and lost per "uplink target". */
    synchronized Map<String, long[]> counts() {
        Map<String, long[]> copy = new LinkedHashMap<>();
        counts.forEach((k, c) -> copy.put(k, new long[] {c.sent, c.lost}));
        return copy;
    }

    /** The health of every probed target of {@code config}, in its order. */
    synchronized Health health(WatchdogConfig config, Instant now) {
        List<Health.Target> list = new ArrayList<>();
        for (WatchdogConfig.Uplink u : config.uplinks()) {
            Optional<WatchdogConfig.HealthCheck> check = config.healthCheck(u.name());
            if (check.isEmpty()) {
                continue;
            }
            Map<String, Deque<StateMachine.Sample>> byTarget = recent.getOrDefault(u.name(), Map.of());
            for (String t : check.get().probeTargets()) {
                Deque<StateMachine.Sample> window = byTarget.getOrDefault(t, new ArrayDeque<>());
                Counts c = counts.getOrDefault(key(u.name(), t), new Counts());
                StateMachine.Sample last = window.peekLast();
                List<Optional<Double>> rtts = window.stream()
                        .map(s -> s.rtt().map(d -> Math.round(d.toNanos() / 1e4) / 100.0))
                        .toList();
                double loss = window.isEmpty()
                        ? 0
                        : 100.0 * window.stream().filter(s -> !s.ok()).count() / window.size();
                list.add(new Health.Target(
                        u.name(),
                        check.get().type(),
                        t,
                        last != null && last.ok(),
                        last == null ? Optional.empty() : last.error(),
                        rtts,
                        loss,
                        c.sent,
                        c.lost));
            }
        }
        return new Health(now, list);
    }

    private static String key(String uplink, String target) {
        return uplink + " " + target;
    }
}
