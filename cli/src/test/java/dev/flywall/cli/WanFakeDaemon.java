package dev.flywall.cli;

import dev.flywall.runtime.engine.DaemonView;
import dev.flywall.runtime.engine.Health;
import dev.flywall.runtime.engine.Status;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A daemon without an engine for the {@code wan} command tests: eth0 up and eth1 down, group
 * {@code default} (eth0, eth1) and group {@code backup} (eth1); pins and drains change the snapshot;
 * {@link #maintenance} puts eth1 in a maintenance window.
 */
final class WanFakeDaemon implements DaemonView {

    static final Instant AT = Instant.parse("2026-11-22T10:00:00Z");

    private final Map<String, List<String>> members = new LinkedHashMap<>();
    private final Map<String, Optional<String>> pins = new LinkedHashMap<>();
    private final Map<String, String> drains = new LinkedHashMap<>();
    volatile boolean maintenance;

    WanFakeDaemon() {
        members.put("default", List.of("eth0", "eth1"));
        members.put("backup", List.of("eth1"));
        members.keySet().forEach(g -> pins.put(g, Optional.empty()));
    }

    @Override
    public synchronized Status status() {
        List<Status.GroupStatus> groups = new ArrayList<>();
        members.forEach((name, m) -> groups.add(new Status.GroupStatus(
                name,
                "failover",
                m,
                List.of(pins.get(name).orElse(m.get(0))),
                pins.get(name),
                name.equals("backup"),
                false,
                Optional.empty())));
        Status plain = new Status(
                AT,
                "sha256:abc",
                AT.minusSeconds(3600),
                List.of(
                        new Status.UplinkStatus(
                                "eth0",
                                "eth0",
                                "up",
                                1,
                                AT.minusSeconds(600),
                                "answering",
                                Optional.of(12.4),
                                Optional.of(1.0),
                                0.0,
                                720,
                                0,
                                true,
                                Optional.empty(),
                                Optional.empty()),
                        new Status.UplinkStatus(
                                "eth1",
                                "eth1",
                                "down",
                                2,
                                AT.minusSeconds(60),
                                "3 probes lost",
                                Optional.empty(),
                                Optional.empty(),
                                100.0,
                                700,
                                25,
                                false,
                                Optional.empty(),
                                Optional.empty())),
                groups,
                1);
        List<Status.UplinkStatus> uplinks = plain.uplinks().stream()
                .map(u -> u.withAvailability(
                        u.usable() && !drains.containsKey(u.name()),
                        Optional.ofNullable(drains.get(u.name())).map(r -> AT.minusSeconds(120)),
                        Optional.ofNullable(drains.get(u.name())).filter(r -> !r.isEmpty()),
                        Optional.of("isp2-weekly")
                                .filter(w -> maintenance && u.name().equals("eth1")),
                        Optional.of(AT.plusSeconds(3600))
                                .filter(w -> maintenance && u.name().equals("eth1"))))
                .toList();
        return new Status(AT, plain.configHash(), plain.startedAt(), uplinks, groups, 1);
    }

    @Override
    public synchronized void drain(String uplink, String reason) {
        known(uplink);
        drains.putIfAbsent(uplink, reason);
    }

    @Override
    public synchronized void undrain(String uplink) {
        known(uplink);
        drains.remove(uplink);
    }

    private static void known(String uplink) {
        if (!List.of("eth0", "eth1").contains(uplink)) {
            throw new IllegalArgumentException("there is no uplink \"" + uplink + "\"; uplinks: eth0, eth1");
        }
    }

    synchronized Map<String, String> drains() {
        return Map.copyOf(drains);
    }

    @Override
    public Health health() {
        return new Health(
                AT,
                List.of(
                        new Health.Target(
                                "eth0",
                                "icmp",
                                "1.1.1.1",
                                true,
                                Optional.empty(),
                                List.of(
                                        Optional.of(10.0),
                                        Optional.of(20.0),
                                        Optional.empty(),
                                        Optional.of(15.0),
                                        Optional.of(10.0)),
                                20.0,
                                5,
                                1),
                        new Health.Target(
                                "eth1",
                                "dns",
                                "8.8.8.8",
                                false,
                                Optional.of("timeout after 2s"),
                                List.of(Optional.empty(), Optional.empty()),
                                100.0,
                                2,
                                2)));
    }

    @Override
    public synchronized void pin(String group, String uplink) {
        List<String> m = members.get(group);
        if (m == null) {
            throw new IllegalArgumentException("no group named " + group);
        }
        if (!m.contains(uplink)) {
            throw new IllegalArgumentException(uplink + " is not a member of group " + group);
        }
        pins.put(group, Optional.of(uplink));
    }

    @Override
    public synchronized void unpin(String group) {
        pins.put(group, Optional.empty());
    }

    @Override
    public synchronized void failback(String group) {
        if (!members.containsKey(group)) {
            throw new IllegalArgumentException("no group named " + group);
        }
        failbacks.add(group);
    }

    final List<String> failbacks = new java.util.ArrayList<>();

    synchronized Optional<String> pin(String group) {
        return pins.get(group);
    }
}
