package dev.flywall.runtime.engine;

import dev.flywall.runtime.watchdog.WatchdogConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The daemon's decisions, with no I/O: probe rounds, link events, pins and the clock go in;
 * events, group switches, policy-route switches and conntrack flushes come out. The same code
 * runs in {@code flywall run} and in {@code flywall simulate}, so every decision the daemon can
 * take can be replayed and table-tested.
 *
 * <p>Per uplink: {@code unknown → up/down}. A member goes down after {@code threshold_down} bad
 * rounds in a row, at once when its link goes down in the kernel, and comes back after
 * {@code threshold_up} good rounds (only while its link is up). Until an uplink has been probed
 * enough it is "unknown" and treated as usable, so a (re)starting daemon never drops traffic
 * before it has evidence.
 *
 * <p>Per group: the active set is the most preferred tier (lowest priority number) with a usable
 * member — all usable members in balance mode — weighted inside the tier. Returning to a better
 * tier ("failback") waits for {@code failback_delay}, or for an explicit failback when
 * {@code failback = "manual"}. A pin wins until unpinned. When no member is usable the last
 * active set is kept: a dead route beats no route.
 *
 * <p>Event kinds: {@code wan_down}, {@code wan_up}, {@code failover}, {@code failback}, {@code pin},
 * {@code unpin}, and {@code all_down} when a group has no usable member left.
 *
 * <p>Probing is per uplink: an uplink that is a member of several groups is probed with the health
 * check of its first membership (in file order), and its state is shared by all its groups.
 */
public final class StateMachine {

    /** What the daemon knows about an uplink's health. */
    public enum Health { UNKNOWN, UP, DOWN }

    /** Something that happened. */
    public sealed interface Input {}

    /** One probe round of an uplink: the targets' results (an empty rtt is a lost probe). */
    public record Round(String uplink, List<Sample> samples) implements Input {
        public Round {
            samples = List.copyOf(samples);
        }
    }

    /** One probe's result. */
    public record Sample(String target, Optional<Duration> rtt, Optional<String> error) {
        public static Sample ok(String target, Duration rtt) {
            return new Sample(target, Optional.of(rtt), Optional.empty());
        }

        public static Sample lost(String target, String error) {
            return new Sample(target, Optional.empty(), Optional.of(error));
        }

        public boolean ok() {
            return rtt.isPresent();
        }
    }

    /** The kernel reported the uplink's link (carrier) up or down. */
    public record Link(String uplink, boolean up) implements Input {}

    public record Pin(String group, String uplink) implements Input {}

    public record Unpin(String group) implements Input {}

    /** The operator asks a group to return to its preferred tier ({@code failback = "manual"}). */
    public record Failback(String group) implements Input {}

    /** Time passed (failback delays expire). */
    public record Tick() implements Input {}

    /** An event for the history and the notifications. */
    public record Event(Instant at, String kind, String group, String from, String to, String reason,
            Map<String, Object> details) {}

    /** Where a policy route sends its new connections now. */
    public enum RouteTarget { UPLINK, GROUP, DEFAULT, BLOCK }

    /** What the effects must do after an input. */
    public record Decisions(List<Event> events, Map<String, List<String>> groups, Map<String, RouteTarget> routes,
            List<String> flush) {
        public boolean isEmpty() {
            return events.isEmpty() && groups.isEmpty() && routes.isEmpty() && flush.isEmpty();
        }
    }

    /** The probe history of one uplink: the last {@link #WINDOW} samples. */
    static final int WINDOW = 20;

    private final WatchdogConfig config;
    private final Map<String, Member> members = new LinkedHashMap<>();
    private final Map<String, Group> groups = new LinkedHashMap<>();
    private final Map<String, RouteTarget> routes = new LinkedHashMap<>();
    private long failovers;

    /** Per uplink. */
    static final class Member {
        final String uplink;
        final Optional<WatchdogConfig.HealthCheck> check;
        Health health = Health.UNKNOWN;
        boolean linkUp = true;
        int good;
        int bad;
        Instant since;
        String reason = "not probed yet";
        final ArrayList<Optional<Duration>> window = new ArrayList<>();
        long sent;
        long lost;

        Member(String uplink, Optional<WatchdogConfig.HealthCheck> check, Instant now) {
            this.uplink = uplink;
            this.check = check;
            this.since = now;
        }

        boolean usable() {
            return health != Health.DOWN;
        }
    }

    /** Per group. */
    static final class Group {
        final WatchdogConfig.Group config;
        List<String> active;
        Optional<String> pin = Optional.empty();
        boolean allDown;
        boolean awaitingManual;
        Optional<Instant> failbackAt = Optional.empty();

        Group(WatchdogConfig.Group config) {
            this.config = config;
            this.active = initial(config);
        }

        List<List<String>> tiers() {
            return config.balance() ? List.of(config.members().stream().map(WatchdogConfig.Member::uplink).toList())
                    : config.tiers();
        }

        int tierOf(List<String> set) {
            List<List<String>> tiers = tiers();
            for (int i = 0; i < tiers.size(); i++) {
                if (!set.isEmpty() && tiers.get(i).contains(set.get(0))) {
                    return i;
                }
            }
            return Integer.MAX_VALUE;
        }
    }

    /** The active set the compiler installs: the first tier, or every member in balance mode. */
    static List<String> initial(WatchdogConfig.Group g) {
        if (g.balance() || g.tiers().isEmpty()) {
            return g.members().stream().map(WatchdogConfig.Member::uplink).toList();
        }
        return g.tiers().get(0);
    }

    public StateMachine(WatchdogConfig config, Instant now) {
        this.config = config;
        for (WatchdogConfig.Uplink u : config.uplinks()) {
            Optional<WatchdogConfig.HealthCheck> check = config.healthCheck(u.name());
            members.put(u.name(), new Member(u.name(), check, now));
        }
        config.groups().forEach(g -> groups.put(g.name(), new Group(g)));
        config.routes().forEach(r -> routes.put(r.name(), r.viaGroup() ? RouteTarget.GROUP : RouteTarget.UPLINK));
    }

    /**
     * Takes over what an earlier instance knew (after a reload or a restart): uplink health,
     * pins and active sets, for the uplinks and groups that still exist. Returns the decisions
     * that bring the (freshly applied) kernel in line with that state.
     */
    public Decisions restore(Snapshot previous, Instant now) {
        previous.uplinks().forEach((name, s) -> {
            Member m = members.get(name);
            if (m != null) {
                m.health = s.health();
                m.since = s.since();
                m.reason = s.reason();
                m.linkUp = s.linkUp();
            }
        });
        previous.groups().forEach((name, s) -> {
            Group g = groups.get(name);
            if (g == null) {
                return;
            }
            s.pin().filter(p -> g.config.member(p).isPresent()).ifPresent(p -> g.pin = Optional.of(p));
            List<String> active = s.active().stream().filter(a -> g.config.member(a).isPresent()).toList();
            if (!active.isEmpty()) {
                g.active = active;
            }
            g.awaitingManual = s.awaitingManual() && g.config.manualFailback();
        });
        failovers = previous.failovers();
        List<Event> events = new ArrayList<>();
        Map<String, List<String>> switched = new LinkedHashMap<>();
        groups.values().forEach(g -> {
            recompute(g, now, "restored", events, new LinkedHashMap<>());
            switched.put(g.config.name(), g.active);
        });
        Map<String, RouteTarget> routeChanges = new LinkedHashMap<>(routes());
        routes.putAll(routeChanges);
        return new Decisions(List.of(), switched, routeChanges, List.of());
    }

    /** The state worth keeping across restarts. */
    public record Snapshot(Map<String, UplinkSnapshot> uplinks, Map<String, GroupSnapshot> groups, long failovers) {}

    public record UplinkSnapshot(Health health, Instant since, String reason, boolean linkUp) {}

    public record GroupSnapshot(List<String> active, Optional<String> pin, boolean awaitingManual) {}

    public Snapshot snapshot() {
        Map<String, UplinkSnapshot> u = new LinkedHashMap<>();
        members.forEach((name, m) -> u.put(name, new UplinkSnapshot(m.health, m.since, m.reason, m.linkUp)));
        Map<String, GroupSnapshot> g = new LinkedHashMap<>();
        groups.forEach((name, s) -> g.put(name, new GroupSnapshot(s.active, s.pin, s.awaitingManual)));
        return new Snapshot(u, g, failovers);
    }

    /** Feeds one input; returns what changed. Unknown uplinks or groups are ignored (pins are checked first). */
    public Decisions apply(Input input, Instant now) {
        List<Event> events = new ArrayList<>();
        List<String> flush = new ArrayList<>();
        String cause;
        switch (input) {
            case Round r -> cause = round(r, now, events, flush);
            case Link l -> cause = link(l, now, events, flush);
            case Pin p -> cause = pin(p, now, events);
            case Unpin u -> cause = unpin(u, now, events);
            case Failback f -> cause = failback(f, now);
            case Tick t -> cause = "failback delay over";
        }
        Map<String, List<String>> switched = new LinkedHashMap<>();
        for (Group g : groups.values()) {
            List<String> before = g.active;
            recompute(g, now, cause, events, switched);
            if (!before.equals(g.active)) {
                switched.put(g.config.name(), g.active);
            }
        }
        Map<String, RouteTarget> routeChanges = new LinkedHashMap<>();
        routes().forEach((name, target) -> {
            if (routes.get(name) != target) {
                routeChanges.put(name, target);
                routes.put(name, target);
            }
        });
        return new Decisions(events, switched, routeChanges, flush);
    }

    private String round(Round r, Instant now, List<Event> events, List<String> flush) {
        Member m = members.get(r.uplink());
        if (m == null || m.check.isEmpty()) {
            return "";
        }
        WatchdogConfig.HealthCheck check = m.check.get();
        for (Sample s : r.samples()) {
            m.window.add(s.rtt());
            m.sent++;
            if (!s.ok()) {
                m.lost++;
            }
        }
        while (m.window.size() > WINDOW) {
            m.window.remove(0);
        }
        long answered = r.samples().stream().filter(Sample::ok).count();
        Optional<String> failure = Optional.empty();
        if (answered < check.reliability()) {
            failure = Optional.of(answered + " of " + r.samples().size() + " targets answered"
                    + r.samples().stream().flatMap(s -> s.error().stream()).findFirst().map(e -> " (" + e + ")").orElse(""));
        } else if (check.maxLossPercent().isPresent() && lossPercent(m) > check.maxLossPercent().get()) {
            failure = Optional.of(String.format(java.util.Locale.ROOT, "loss %.0f%% over the last %d probes, above %d%%",
                    lossPercent(m), m.window.size(), check.maxLossPercent().get()));
        } else if (check.maxLatency().isPresent() && meanRtt(m).filter(rtt -> rtt > check.maxLatency().get().toNanos() / 1e6).isPresent()) {
            failure = Optional.of(String.format(java.util.Locale.ROOT, "latency %.0fms, above %dms",
                    meanRtt(m).get(), check.maxLatency().get().toMillis()));
        }
        if (failure.isEmpty()) {
            m.good++;
            m.bad = 0;
            if (m.health != Health.UP && m.linkUp && m.good >= check.thresholdUp()) {
                String reason = m.good + " good round" + (m.good == 1 ? "" : "s");
                transition(m, Health.UP, reason, now, events, flush);
                return r.uplink() + " up (" + reason + ")";
            }
        } else {
            m.bad++;
            m.good = 0;
            if (m.health != Health.DOWN && m.bad >= check.thresholdDown()) {
                String reason = m.bad + " failed round" + (m.bad == 1 ? "" : "s") + ": " + failure.get();
                transition(m, Health.DOWN, reason, now, events, flush);
                return r.uplink() + " down (" + reason + ")";
            }
        }
        return "";
    }

    private String link(Link l, Instant now, List<Event> events, List<String> flush) {
        Member m = members.get(l.uplink());
        if (m == null || m.linkUp == l.up()) {
            return "";
        }
        m.linkUp = l.up();
        m.good = 0;
        m.bad = 0;
        if (!l.up()) {
            if (m.health != Health.DOWN) {
                transition(m, Health.DOWN, "link down", now, events, flush);
            }
            return l.uplink() + " down (link down)";
        }
        if (m.check.isEmpty() && m.health == Health.DOWN) {
            // nothing probes it: the carrier is all we know
            transition(m, Health.UP, "link up", now, events, flush);
            return l.uplink() + " up (link up)";
        }
        return "";
    }

    private void transition(Member m, Health to, String reason, Instant now, List<Event> events, List<String> flush) {
        Health from = m.health;
        m.health = to;
        m.since = now;
        m.reason = reason;
        if (to == Health.DOWN) {
            flush.add(m.uplink);
        }
        // leaving "unknown" for "up" is the normal start, not news
        if (!(from == Health.UNKNOWN && to == Health.UP)) {
            Map<String, Object> details = new LinkedHashMap<>();
            meanRtt(m).ifPresent(rtt -> details.put("rtt_ms", Math.round(rtt * 10) / 10.0));
            details.put("loss_percent", Math.round(lossPercent(m) * 10) / 10.0);
            events.add(new Event(now, to == Health.UP ? "wan_up" : "wan_down", null, m.uplink, null, reason, details));
        }
    }

    private String pin(Pin p, Instant now, List<Event> events) {
        Group g = groups.get(p.group());
        if (g == null) {
            throw new IllegalArgumentException("there is no uplink_group \"" + p.group() + "\"; groups: "
                    + String.join(", ", groups.keySet()));
        }
        if (g.config.member(p.uplink()).isEmpty()) {
            throw new IllegalArgumentException("\"" + p.uplink() + "\" is not a member of uplink_group \"" + p.group()
                    + "\"; members: " + String.join(", ", g.config.members().stream().map(WatchdogConfig.Member::uplink).toList()));
        }
        if (g.pin.equals(Optional.of(p.uplink()))) {
            return "";
        }
        g.pin = Optional.of(p.uplink());
        events.add(new Event(now, "pin", g.config.name(), String.join(",", g.active), p.uplink(), "pinned by the operator",
                Map.of()));
        return "pinned to " + p.uplink();
    }

    private String unpin(Unpin u, Instant now, List<Event> events) {
        Group g = groups.get(u.group());
        if (g == null) {
            throw new IllegalArgumentException("there is no uplink_group \"" + u.group() + "\"");
        }
        if (g.pin.isEmpty()) {
            return "";
        }
        String was = g.pin.get();
        g.pin = Optional.empty();
        events.add(new Event(now, "unpin", g.config.name(), was, null, "unpinned by the operator", Map.of()));
        return "unpinned";
    }

    private String failback(Failback f, Instant now) {
        Group g = groups.get(f.group());
        if (g == null) {
            throw new IllegalArgumentException("there is no uplink_group \"" + f.group() + "\"");
        }
        g.awaitingManual = false;
        g.failbackAt = Optional.of(now);
        return "failback requested by the operator";
    }

    /** Brings a group's active set in line with its members' health, and records the switch. */
    private void recompute(Group g, Instant now, String cause, List<Event> events, Map<String, List<String>> switched) {
        List<String> before = g.active;
        List<String> desired;
        if (g.pin.isPresent()) {
            desired = List.of(g.pin.get());
            g.allDown = !members.get(g.pin.get()).usable();
            g.awaitingManual = false;
            g.failbackAt = Optional.empty();
        } else {
            List<List<String>> tiers = g.tiers();
            int best = -1;
            for (int i = 0; i < tiers.size() && best < 0; i++) {
                if (tiers.get(i).stream().anyMatch(this::usable)) {
                    best = i;
                }
            }
            if (best < 0) {
                if (!g.allDown) {
                    events.add(new Event(now, "all_down", g.config.name(), String.join(",", before), String.join(",", before),
                            "no member is up; keeping " + String.join(", ", before) + " (a dead route beats no route)",
                            Map.of()));
                }
                g.allDown = true;
                desired = before;
            } else {
                g.allDown = false;
                List<String> bestSet = tiers.get(best).stream().filter(this::usable).toList();
                int current = g.tierOf(before);
                List<String> currentSet = current < tiers.size()
                        ? tiers.get(current).stream().filter(this::usable).toList() : List.of();
                if (best < current && !currentSet.isEmpty()) {
                    desired = failbackTo(g, now, bestSet, currentSet);
                } else {
                    desired = bestSet;
                    g.failbackAt = Optional.empty();
                    g.awaitingManual = false;
                }
            }
        }
        if (desired.equals(before)) {
            return;
        }
        g.active = desired;
        String kind = g.pin.isPresent() ? null : kindOf(g, before, desired);
        if (kind != null) {
            if (kind.equals("failover")) {
                failovers++;
            }
            Map<String, Object> details = new LinkedHashMap<>();
            desired.forEach(u -> meanRtt(members.get(u)).ifPresent(rtt -> details.put(u + "_rtt_ms", Math.round(rtt * 10) / 10.0)));
            events.add(new Event(now, kind, g.config.name(), String.join(",", before), String.join(",", desired),
                    cause.isEmpty() ? "members changed" : cause, details));
        }
    }

    /** A better tier is usable again while the current one still works. */
    private List<String> failbackTo(Group g, Instant now, List<String> bestSet, List<String> currentSet) {
        if (g.failbackAt.isPresent() && !now.isBefore(g.failbackAt.get())) {
            g.failbackAt = Optional.empty();
            g.awaitingManual = false;
            return bestSet;
        }
        if (g.config.manualFailback()) {
            g.awaitingManual = true;
            return currentSet;
        }
        if (g.config.failbackDelay().isZero()) {
            return bestSet;
        }
        if (g.failbackAt.isEmpty()) {
            g.failbackAt = Optional.of(now.plus(g.config.failbackDelay()));
        }
        return currentSet;
    }

    private static String kindOf(Group g, List<String> before, List<String> after) {
        int from = g.tierOf(before);
        int to = g.tierOf(after);
        if (to < from) {
            return "failback";
        }
        if (to > from) {
            return "failover";
        }
        return after.containsAll(before) ? "failback" : "failover";
    }

    private boolean usable(String uplink) {
        Member m = members.get(uplink);
        return m != null && m.usable();
    }

    /** Each policy route's target for the current health. */
    private Map<String, RouteTarget> routes() {
        Map<String, RouteTarget> out = new LinkedHashMap<>();
        for (WatchdogConfig.Route r : config.routes()) {
            if (r.viaGroup()) {
                out.put(r.name(), RouteTarget.GROUP);
            } else if (usable(r.uplink())) {
                out.put(r.name(), RouteTarget.UPLINK);
            } else {
                out.put(r.name(), r.strict() ? RouteTarget.BLOCK : RouteTarget.DEFAULT);
            }
        }
        return out;
    }

    /** The earliest time a pending failback delay ends, for the engine's timer. */
    public Optional<Instant> nextDeadline() {
        return groups.values().stream().flatMap(g -> g.failbackAt.stream()).min(Instant::compareTo);
    }

    // ------------------------------------------------------------------ reports

    static Optional<Double> meanRtt(Member m) {
        return m.window.stream().flatMap(Optional::stream).mapToDouble(d -> d.toNanos() / 1e6).average().stream()
                .boxed().findFirst();
    }

    /** Mean absolute difference of consecutive answered RTTs (RFC 3550 style, unsmoothed). */
    static Optional<Double> jitter(Member m) {
        List<Double> rtts = m.window.stream().flatMap(Optional::stream).map(d -> d.toNanos() / 1e6).toList();
        if (rtts.size() < 2) {
            return Optional.empty();
        }
        double sum = 0;
        for (int i = 1; i < rtts.size(); i++) {
            sum += Math.abs(rtts.get(i) - rtts.get(i - 1));
        }
        return Optional.of(sum / (rtts.size() - 1));
    }

    static double lossPercent(Member m) {
        if (m.window.isEmpty()) {
            return 0;
        }
        return 100.0 * m.window.stream().filter(Optional::isEmpty).count() / m.window.size();
    }

    /** The status document (addresses and gateways are filled in by the daemon). */
    public Status status(Instant now, Instant startedAt, Map<String, String> addresses, Map<String, String> gateways) {
        List<Status.UplinkStatus> uplinks = new ArrayList<>();
        for (WatchdogConfig.Uplink u : config.uplinks()) {
            Member m = members.get(u.name());
            int priority = config.groups().stream().flatMap(g -> g.member(u.name()).stream())
                    .mapToInt(WatchdogConfig.Member::priority).min().orElse(0);
            uplinks.add(new Status.UplinkStatus(u.name(), u.device(), m.health.name().toLowerCase(java.util.Locale.ROOT),
                    priority, m.since, m.reason, meanRtt(m), jitter(m), lossPercent(m), m.sent, m.lost, m.linkUp,
                    Optional.ofNullable(addresses.get(u.name())), Optional.ofNullable(gateways.get(u.name()))));
        }
        List<Status.GroupStatus> gs = groups.values().stream().map(g -> new Status.GroupStatus(g.config.name(),
                g.config.mode(), g.config.members().stream().map(WatchdogConfig.Member::uplink).toList(), g.active, g.pin, g.allDown, g.awaitingManual, g.failbackAt)).toList();
        return new Status(now, config.configHash(), startedAt, uplinks, gs, failovers);
    }

    public Health health(String uplink) {
        return members.get(uplink).health;
    }

    public List<String> active(String group) {
        return groups.get(group).active;
    }

    public RouteTarget route(String name) {
        return routes.get(name);
    }

    public WatchdogConfig config() {
        return config;
    }
}
