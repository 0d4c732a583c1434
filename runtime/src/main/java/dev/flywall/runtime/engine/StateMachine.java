package dev.flywall.runtime.engine;

import dev.flywall.bundle.EventKind;
import dev.flywall.model.DurationText;
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
 * {@code threshold_up} good rounds (only while its link is up). A round of a check with targets
 * of both address families is good only when each family had an answer ({@link TargetFamily}). Until an uplink has been probed
 * enough it is "unknown" and treated as usable, so a (re)starting daemon never drops traffic
 * before it has evidence.
 *
 * <p>Per group: the active set is the most preferred tier (lowest priority number) with a usable
 * member — all usable members in balance mode — weighted inside the tier. A recovered member
 * ({@code down → up}) is held back for its own {@code failback_delay}, counted from its own
 * {@code wan_up}, or until the operator's failback when {@code failback = "manual"}: it returns to
 * the active set (failback, or rejoining a balance) only then, unless no other member is usable
 * (see {@link GroupState}). A pin wins until unpinned. When no member is usable the last active
 * set is kept: a dead route beats no route.
 *
 * <p>A policy route to an interface falls back when its interface is down, and returns once the
 * interface is up and held in none of the groups it is a member of (so it waits for the longest
 * of their delays, and for the failback of each manual one); a strict route returns at once, since
 * holding it would only block its traffic. A route to a group follows the group — and a pin is
 * about the group only: pinning a group away from an interface does not move a route to that
 * interface.
 *
 * <p><em>Usable</em> (for new connections) means not down, not drained by the operator
 * ({@link Drain}) and in no maintenance window ({@code config.maintenance()}, evaluated at each
 * input and at the window edges {@link #nextDeadline()} reports). A drained or maintained uplink
 * is left exactly as a down one — groups fail over, routes fall back, strict routes block — except
 * that its connections are not flushed, so established ones keep flowing; it keeps being probed.
 * An undrain, or a window's end, brings it back at once (it was healthy throughout), unless a
 * failback hold from its own {@code wan_up} meanwhile still runs. The {@code wan_down}/{@code
 * wan_up} of an uplink in a window carry {@code details.muted} (recorded, not notified). Drains
 * are saved in the {@link Snapshot}; windows are recomputed from the clock, so a restart inside
 * one records no new {@code maintenance_start}.
 *
 * <p>Event kinds ({@link EventKind}): {@code wan_down}, {@code wan_up}, {@code failover}, {@code failback},
 * {@code pin}, {@code unpin}, {@code drain}, {@code undrain}, {@code maintenance_start},
 * {@code maintenance_end}, and {@code all_down} when a group has no usable member left.
 *
 * <p>Probing is per uplink: an uplink that is a member of several groups is probed with the health
 * check of its first membership (in file order), and its state is shared by all its groups.
 */
public final class StateMachine {

    /** What the daemon knows about an uplink's health. */
    public enum Health {
        UNKNOWN,
        UP,
        DOWN
    }

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

    /**
     * The operator drains an uplink: no new connections on it (groups and routes fall back as if
     * it were down), while established connections keep flowing (no conntrack flush). An empty
     * reason is none; a reason that {@link #problem} refuses is an {@link IllegalArgumentException}.
     */
    public record Drain(String uplink, String reason) implements Input {

        /** The longest reason kept: it goes to the history and the notifications. */
        public static final int MAX_REASON = 200;

        public Drain {
            java.util.Objects.requireNonNull(uplink);
            reason = reason == null ? "" : reason.strip();
            Optional<String> problem = problem(reason);
            if (problem.isPresent()) {
                throw new IllegalArgumentException(problem.get());
            }
        }

        /** What is wrong with a drain reason (too long, a control character), or empty when it is fine. */
        public static Optional<String> problem(String reason) {
            if (reason.codePointCount(0, reason.length()) > MAX_REASON) {
                return Optional.of("the drain reason has " + reason.codePointCount(0, reason.length())
                        + " characters; at most " + MAX_REASON + " are allowed");
            }
            if (reason.codePoints().anyMatch(c -> Character.isISOControl(c) || c == 0x2028 || c == 0x2029)) {
                return Optional.of("the drain reason must be one line of printable text (no control characters)");
            }
            return Optional.empty();
        }
    }

    /** The operator ends a drain: the uplink carries new connections again at once. */
    public record Undrain(String uplink) implements Input {}

    /** An operator's drain: why (empty: no reason given) and since when. */
    public record Drained(String reason, Instant since) {
        public Drained {
            java.util.Objects.requireNonNull(reason);
            java.util.Objects.requireNonNull(since);
        }
    }

    /** An event for the history and the notifications. */
    public record Event(
            Instant at,
            EventKind kind,
            String group,
            String from,
            String to,
            String reason,
            Map<String, Object> details) {}

    /** Where a policy route sends its new connections now. */
    public enum RouteTarget {
        UPLINK,
        GROUP,
        DEFAULT,
        BLOCK
    }

    /** What the effects must do after an input. */
    public record Decisions(
            List<Event> events, Map<String, List<String>> groups, Map<String, RouteTarget> routes, List<String> flush) {
        public boolean isEmpty() {
            return events.isEmpty() && groups.isEmpty() && routes.isEmpty() && flush.isEmpty();
        }
    }

    private final WatchdogConfig config;
    private final Map<String, UplinkState> members = new LinkedHashMap<>();
    private final Map<String, GroupState> groups = new LinkedHashMap<>();
    private final Map<String, RouteTarget> routes = new LinkedHashMap<>();
    private long failovers;
    /** The time of the last input: where the search for the next maintenance window edge starts. */
    private Instant clock;

    public StateMachine(WatchdogConfig config, Instant now) {
        this.config = config;
        this.clock = now;
        for (WatchdogConfig.Uplink u : config.uplinks()) {
            Optional<WatchdogConfig.HealthCheck> check = config.healthCheck(u.name());
            members.put(u.name(), new UplinkState(u.name(), check, now));
        }
        config.groups().forEach(g -> groups.put(g.name(), new GroupState(g)));
        config.routes().forEach(r -> routes.put(r.name(), r.viaGroup() ? RouteTarget.GROUP : RouteTarget.UPLINK));
    }

    /**
     * Takes over what an earlier instance knew (after a reload or a restart): uplink health,
     * pins, active sets and failback holds, for the uplinks and groups that still exist. Returns
     * the decisions that bring the (freshly applied) kernel in line with that state.
     */
    public Decisions restore(Snapshot previous, Instant now) {
        // the windows are recomputed from the clock, never saved: no maintenance_start for a restart
        clock = now;
        MaintenanceWindows.follow(config, members.values(), now, new ArrayList<>());
        previous.uplinks().forEach((name, s) -> {
            UplinkState m = members.get(name);
            if (m != null) {
                m.health = s.health();
                m.since = s.since();
                m.reason = s.reason();
                m.linkUp = s.linkUp();
                m.drained = s.drained();
            }
        });
        previous.groups().forEach((name, s) -> {
            GroupState g = groups.get(name);
            if (g == null) {
                return;
            }
            s.pin().filter(p -> g.config.member(p).isPresent()).ifPresent(p -> g.pin = Optional.of(p));
            List<String> active = s.active().stream()
                    .filter(a -> g.config.member(a).isPresent())
                    .toList();
            if (!active.isEmpty()) {
                g.active = active;
            }
            g.failovers = s.failovers();
            g.lastFailoverAt = s.lastFailoverAt();
            g.restoreHolds(u -> members.get(u).health == Health.UP, u -> members.get(u).since, s.awaitingManual());
        });
        failovers = previous.failovers();
        groups.values().forEach(g -> g.releaseExpired(now));
        Map<String, List<String>> switched = new LinkedHashMap<>();
        groups.values().forEach(g -> {
            recompute(g, now, "restored", new ArrayList<>());
            switched.put(g.name(), g.active);
        });
        // routes are not saved: a route goes back to its interface only when no hold stands in the way
        routes.clear();
        Map<String, RouteTarget> routeChanges = targets();
        routes.putAll(routeChanges);
        return new Decisions(List.of(), switched, routeChanges, List.of());
    }

    /** The state worth keeping across restarts. */
    public record Snapshot(Map<String, UplinkSnapshot> uplinks, Map<String, GroupSnapshot> groups, long failovers) {}

    /** {@code drained}: the operator's drain, which survives restarts and reloads. */
    public record UplinkSnapshot(
            Health health, Instant since, String reason, boolean linkUp, Optional<Drained> drained) {
        public UplinkSnapshot(Health health, Instant since, String reason, boolean linkUp) {
            this(health, since, reason, linkUp, Optional.empty());
        }
    }

    /**
     * {@code awaitingManual}: a manual group holds a recovered member until the operator's failback;
     * {@code failovers} and {@code lastFailoverAt}: the group's own count and last one.
     */
    public record GroupSnapshot(
            List<String> active,
            Optional<String> pin,
            boolean awaitingManual,
            long failovers,
            Optional<Instant> lastFailoverAt) {
        public GroupSnapshot(List<String> active, Optional<String> pin, boolean awaitingManual) {
            this(active, pin, awaitingManual, 0, Optional.empty());
        }
    }

    public Snapshot snapshot() {
        Map<String, UplinkSnapshot> u = new LinkedHashMap<>();
        members.forEach((name, m) -> u.put(name, new UplinkSnapshot(m.health, m.since, m.reason, m.linkUp, m.drained)));
        Map<String, GroupSnapshot> g = new LinkedHashMap<>();
        groups.forEach((name, s) -> g.put(
                name,
                new GroupSnapshot(
                        s.active, s.pin, s.config.manualFailback() && s.holding(), s.failovers, s.lastFailoverAt)));
        return new Snapshot(u, g, failovers);
    }

    /** Feeds one input; returns what changed. Unknown uplinks or groups are ignored (pins are checked first). */
    public Decisions apply(Input input, Instant now) {
        List<Event> events = new ArrayList<>();
        List<String> flush = new ArrayList<>();
        Map<String, List<String>> released = new LinkedHashMap<>();
        groups.values().forEach(g -> released.put(g.name(), g.releaseExpired(now)));
        clock = now;
        String windows = MaintenanceWindows.follow(config, members.values(), now, events);
        String inputCause = switch (input) {
            case Round r -> round(r, now, events, flush);
            case Link l -> link(l, now, events, flush);
            case Pin p -> pin(p, now, events);
            case Unpin u -> unpin(u, now, events);
            case Failback f -> failback(f);
            case Drain d -> drain(d, now, events);
            case Undrain u -> undrain(u, now, events);
            case Tick t -> "";
        };
        String cause = windows.isEmpty() || inputCause.isEmpty() ? windows + inputCause : windows + "; " + inputCause;
        Map<String, List<String>> switched = new LinkedHashMap<>();
        for (GroupState g : groups.values()) {
            List<String> before = g.active;
            List<String> waited = released.get(g.name());
            recompute(g, now, cause.isEmpty() && !waited.isEmpty() ? delayOver(g, waited) : cause, events);
            if (!before.equals(g.active)) {
                switched.put(g.name(), g.active);
            }
        }
        Map<String, RouteTarget> routeChanges = new LinkedHashMap<>();
        targets().forEach((name, target) -> {
            if (routes.get(name) != target) {
                routeChanges.put(name, target);
                routes.put(name, target);
            }
        });
        return new Decisions(events, switched, routeChanges, flush);
    }

    private static String delayOver(GroupState g, List<String> released) {
        return String.join(", ", released) + " up for " + DurationText.format(g.config.failbackDelay())
                + " (failback_delay)";
    }

    private String round(Round r, Instant now, List<Event> events, List<String> flush) {
        UplinkState m = members.get(r.uplink());
        if (m == null || m.check.isEmpty()) {
            return "";
        }
        WatchdogConfig.HealthCheck check = m.check.get();
        m.remember(r.samples());
        Optional<String> failure = m.failure(check, r.samples());
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
        if (m.health == Health.UNKNOWN) {
            // probed, but neither threshold reached: say how far, not "not probed"
            m.reason = "not probed enough yet: "
                    + (m.good > 0
                            ? m.good + " of " + check.thresholdUp() + " good"
                            : m.bad + " of " + check.thresholdDown() + " failed")
                    + " rounds in a row";
        }
        return "";
    }

    private String link(Link l, Instant now, List<Event> events, List<String> flush) {
        UplinkState m = members.get(l.uplink());
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

    private void transition(
            UplinkState m, Health to, String reason, Instant now, List<Event> events, List<String> flush) {
        Health from = m.health;
        m.health = to;
        m.since = now;
        m.reason = reason;
        if (to == Health.DOWN) {
            flush.add(m.uplink);
            groups.values().forEach(g -> g.lost(m.uplink));
        } else if (from == Health.DOWN) {
            // a recovery: each group holds it back for its own failback_delay, counted from now
            groups.values().forEach(g -> g.recovered(m.uplink, now));
        }
        // leaving "unknown" for "up" is the normal start, not news
        if (!(from == Health.UNKNOWN && to == Health.UP)) {
            Map<String, Object> details = new LinkedHashMap<>();
            m.meanRtt().ifPresent(rtt -> details.put("rtt_ms", Math.round(rtt * 10) / 10.0));
            details.put("loss_percent", Math.round(m.lossPercent() * 10) / 10.0);
            // recorded, but the notifier sends nothing: the window expected it
            m.maintenance.ifPresent(w -> details.put("muted", "maintenance " + w.name()));
            events.add(new Event(
                    now,
                    to == Health.UP ? EventKind.WAN_UP : EventKind.WAN_DOWN,
                    null,
                    m.uplink,
                    null,
                    reason,
                    details));
        }
    }

    private String pin(Pin p, Instant now, List<Event> events) {
        GroupState g = groups.get(p.group());
        if (g == null) {
            throw new IllegalArgumentException(
                    "there is no uplink_group \"" + p.group() + "\"; groups: " + String.join(", ", groups.keySet()));
        }
        if (g.config.member(p.uplink()).isEmpty()) {
            throw new IllegalArgumentException(
                    "\"" + p.uplink() + "\" is not a member of uplink_group \"" + p.group() + "\"; members: "
                            + String.join(
                                    ", ",
                                    g.config.members().stream()
                                            .map(WatchdogConfig.Member::uplink)
                                            .toList()));
        }
        if (g.pin.equals(Optional.of(p.uplink()))) {
            return "";
        }
        g.pin = Optional.of(p.uplink());
        events.add(new Event(
                now,
                EventKind.PIN,
                g.config.name(),
                String.join(",", g.active),
                p.uplink(),
                "pinned by the operator",
                Map.of()));
        return "pinned to " + p.uplink();
    }

    private String unpin(Unpin u, Instant now, List<Event> events) {
        GroupState g = groups.get(u.group());
        if (g == null) {
            throw new IllegalArgumentException("there is no uplink_group \"" + u.group() + "\"");
        }
        if (g.pin.isEmpty()) {
            return "";
        }
        String was = g.pin.get();
        g.pin = Optional.empty();
        events.add(new Event(now, EventKind.UNPIN, g.config.name(), was, null, "unpinned by the operator", Map.of()));
        return "unpinned";
    }

    private UplinkState known(String uplink) {
        UplinkState m = members.get(uplink);
        if (m == null) {
            throw new IllegalArgumentException(
                    "there is no uplink \"" + uplink + "\"; uplinks: " + String.join(", ", members.keySet()));
        }
        return m;
    }

    private String drain(Drain d, Instant now, List<Event> events) {
        UplinkState m = known(d.uplink());
        if (m.drained.isPresent()) {
            return "";
        }
        m.drained = Optional.of(new Drained(d.reason(), now));
        events.add(new Event(
                now,
                EventKind.DRAIN,
                null,
                m.uplink,
                null,
                "drained by the operator" + (d.reason().isEmpty() ? "" : ": " + d.reason()),
                Map.of()));
        return m.uplink + " drained";
    }

    private String undrain(Undrain u, Instant now, List<Event> events) {
        UplinkState m = known(u.uplink());
        if (m.drained.isEmpty()) {
            return "";
        }
        m.drained = Optional.empty();
        events.add(new Event(now, EventKind.UNDRAIN, null, m.uplink, null, "undrained by the operator", Map.of()));
        return m.uplink + " undrained";
    }

    private String failback(Failback f) {
        GroupState g = groups.get(f.group());
        if (g == null) {
            throw new IllegalArgumentException("there is no uplink_group \"" + f.group() + "\"");
        }
        g.releaseAll();
        return "failback requested by the operator";
    }

    /** Brings a group's active set in line with its members' health and holds, and records the switch. */
    private void recompute(GroupState g, Instant now, String cause, List<Event> events) {
        List<String> before = g.active;
        List<String> desired;
        if (g.pin.isPresent()) {
            desired = List.of(g.pin.get());
            g.allDown = !members.get(g.pin.get()).usable();
        } else {
            List<String> chosen = g.choose(this::usable);
            if (chosen.isEmpty() && !g.allDown) {
                events.add(new Event(
                        now,
                        EventKind.ALL_DOWN,
                        g.name(),
                        String.join(",", before),
                        String.join(",", before),
                        noMemberUsable(g) + "; keeping " + String.join(", ", before) + " (a dead route beats no route)",
                        Map.of()));
            }
            g.allDown = chosen.isEmpty();
            desired = g.allDown ? before : chosen;
        }
        if (desired.equals(before)) {
            return;
        }
        g.active = desired;
        EventKind kind = g.pin.isPresent() ? null : kindOf(g, before, desired);
        if (kind != null) {
            if (kind == EventKind.FAILOVER) {
                failovers++;
                g.failovers++;
                g.lastFailoverAt = Optional.of(now);
            }
            Map<String, Object> details = new LinkedHashMap<>();
            desired.forEach(u ->
                    members.get(u).meanRtt().ifPresent(rtt -> details.put(u + "_rtt_ms", Math.round(rtt * 10) / 10.0)));
            events.add(new Event(
                    now,
                    kind,
                    g.name(),
                    String.join(",", before),
                    String.join(",", desired),
                    cause.isEmpty() ? "members changed" : cause,
                    details));
        }
    }

    /**
     * "no member is up" when every member is down; else which members are drained or in a
     * maintenance window, as in "no member is usable (eth0 drained, eth1 down)".
     */
    private String noMemberUsable(GroupState g) {
        List<String> why = g.config.members().stream()
                .map(WatchdogConfig.Member::uplink)
                .map(u -> u + " " + unusableBecause(u).orElse("usable"))
                .toList();
        if (why.stream().allMatch(w -> w.endsWith(" down"))) {
            return "no member is up";
        }
        return "no member is usable (" + String.join(", ", why) + ")";
    }

    private static EventKind kindOf(GroupState g, List<String> before, List<String> after) {
        int from = g.tierOf(before);
        int to = g.tierOf(after);
        if (to < from) {
            return EventKind.FAILBACK;
        }
        if (to > from) {
            return EventKind.FAILOVER;
        }
        return after.containsAll(before) ? EventKind.FAILBACK : EventKind.FAILOVER;
    }

    private boolean usable(String uplink) {
        UplinkState m = members.get(uplink);
        return m != null && m.usable();
    }

    /** Each policy route's target for the current health and holds. */
    private Map<String, RouteTarget> targets() {
        Map<String, RouteTarget> out = new LinkedHashMap<>();
        config.routes().forEach(r -> out.put(r.name(), target(r)));
        return out;
    }

    private RouteTarget target(WatchdogConfig.Route r) {
        if (r.viaGroup()) {
            return RouteTarget.GROUP;
        }
        String uplink = r.uplink();
        boolean onIt = routes.get(r.name()) == RouteTarget.UPLINK;
        boolean held = groups.values().stream().anyMatch(g -> g.held(uplink));
        if (usable(uplink) && (onIt || r.strict() || !held)) {
            return RouteTarget.UPLINK;
        }
        return r.strict() ? RouteTarget.BLOCK : RouteTarget.DEFAULT;
    }

    /**
     * The engine's next timer: the earliest end of a failback hold, or start or end of a
     * maintenance window after the last input.
     */
    public Optional<Instant> nextDeadline() {
        Optional<Instant> hold =
                groups.values().stream().flatMap(g -> g.nextRelease().stream()).min(Instant::compareTo);
        Optional<Instant> window = MaintenanceWindows.nextChange(config, clock);
        return java.util.stream.Stream.concat(hold.stream(), window.stream()).min(Instant::compareTo);
    }

    /** The status document (addresses and gateways are filled in by the daemon). */
    public Status status(Instant now, Instant startedAt, Map<String, String> addresses, Map<String, String> gateways) {
        List<Status.UplinkStatus> uplinks = new ArrayList<>();
        for (WatchdogConfig.Uplink u : config.uplinks()) {
            UplinkState m = members.get(u.name());
            int priority = config.groups().stream()
                    .flatMap(g -> g.member(u.name()).stream())
                    .mapToInt(WatchdogConfig.Member::priority)
                    .min()
                    .orElse(0);
            uplinks.add(new Status.UplinkStatus(
                            u.name(),
                            u.device(),
                            m.health.name().toLowerCase(java.util.Locale.ROOT),
                            priority,
                            m.since,
                            m.reason,
                            m.meanRtt(),
                            m.jitter(),
                            m.lossPercent(),
                            m.sent,
                            m.lost,
                            m.linkUp,
                            Optional.ofNullable(addresses.get(u.name())),
                            Optional.ofNullable(gateways.get(u.name())))
                    .withAvailability(
                            m.usable(),
                            m.drained.map(Drained::since),
                            m.drained.map(Drained::reason).filter(r -> !r.isEmpty()),
                            m.maintenance.map(UplinkState.InWindow::name),
                            m.maintenance.map(UplinkState.InWindow::end)));
        }
        List<Status.GroupStatus> gs =
                groups.values().stream().map(this::groupStatus).toList();
        return new Status(now, config.configHash(), startedAt, uplinks, gs, failovers);
    }

    private Status.GroupStatus groupStatus(GroupState g) {
        boolean pinned = g.pin.isPresent();
        return new Status.GroupStatus(
                g.name(),
                g.config.mode(),
                g.config.members().stream().map(WatchdogConfig.Member::uplink).toList(),
                g.active,
                g.pin,
                g.allDown,
                !pinned && g.awaitingManual(this::usable),
                pinned ? Optional.empty() : g.failbackAt(this::usable),
                g.failovers,
                g.lastFailoverAt);
    }

    /**
     * Why an uplink takes no new connections, in words ("down", "drained", "in maintenance window
     * NAME"), or empty when it is usable.
     */
    public Optional<String> unusableBecause(String uplink) {
        UplinkState m = members.get(uplink);
        if (m == null || m.usable()) {
            return Optional.empty();
        }
        if (m.health == Health.DOWN) {
            return Optional.of("down");
        }
        if (m.drained.isPresent()) {
            return Optional.of("drained");
        }
        return Optional.of(
                "in maintenance window " + m.maintenance.orElseThrow().name());
    }

    public Health health(String uplink) {
        return members.get(uplink).health;
    }

    /** Whether every uplink has been decided (up or down) rather than still unknown. */
    public boolean decided() {
        return members.values().stream().allMatch(m -> m.health != Health.UNKNOWN);
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
