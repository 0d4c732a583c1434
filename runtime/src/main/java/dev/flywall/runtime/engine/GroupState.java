package dev.flywall.runtime.engine;

import dev.flywall.runtime.watchdog.WatchdogConfig;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * One uplink_group as the engine runs it: the active set, a pin, and the failback holds.
 *
 * <p>A <em>hold</em> keeps a recovered member from getting traffic back: it starts at the member's
 * {@code wan_up} and ends {@code failback_delay} later, or — with {@code failback = "manual"} —
 * only at the operator's {@code flywall wan failback GROUP}. It is per member, so each recovered
 * uplink waits for its own delay; a member that goes down loses its hold and gets a new one at its
 * next {@code wan_up}, so its clock restarts.
 *
 * <p>The active set is chosen in three steps: the most preferred tier with a <em>ready</em> member
 * (usable, and either carrying traffic now or not held), all of its ready members; failing that,
 * the most preferred tier with a usable member (a recovering link beats a dead one); failing that,
 * nothing (the caller keeps the last set). In balance mode all members form one tier.
 */
final class GroupState {

    /** The end of a manual hold: never, until the operator's failback. */
    static final Instant UNTIL_FAILBACK = Instant.MAX;

    final WatchdogConfig.Group config;
    List<String> active;
    Optional<String> pin = Optional.empty();
    boolean allDown;
    /** Failovers of this group since the daemon started (kept across reloads and restarts). */
    long failovers;

    Optional<Instant> lastFailoverAt = Optional.empty();
    /** Held members and when their hold ends ({@link #UNTIL_FAILBACK} for a manual group). */
    private final Map<String, Instant> holds = new LinkedHashMap<>();

    GroupState(WatchdogConfig.Group config) {
        this.config = config;
        this.active = initial(config);
    }

    /** The active set the compiler installs: the first tier, or every member in balance mode. */
    static List<String> initial(WatchdogConfig.Group g) {
        if (g.balance() || g.tiers().isEmpty()) {
            return members(g);
        }
        return g.tiers().get(0);
    }

    private static List<String> members(WatchdogConfig.Group g) {
        return g.members().stream().map(WatchdogConfig.Member::uplink).toList();
    }

    String name() {
        return config.name();
    }

    List<List<String>> tiers() {
        return config.balance() ? List.of(members(config)) : config.tiers();
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

    // ------------------------------------------------------------------ holds

    /** A member came back up ({@code wan_up}) at {@code now}: it waits for its delay. */
    void recovered(String uplink, Instant now) {
        if (config.member(uplink).isEmpty()) {
            return;
        }
        if (config.manualFailback()) {
            holds.put(uplink, UNTIL_FAILBACK);
        } else if (!config.failbackDelay().isZero()) {
            holds.put(uplink, now.plus(config.failbackDelay()));
        }
    }

    /** A member went down: its hold (if any) ends; its next {@code wan_up} starts a new one. */
    void lost(String uplink) {
        holds.remove(uplink);
    }

    /** Ends the holds whose delay is over at {@code now}; returns the members released. */
    List<String> releaseExpired(Instant now) {
        List<String> released = new ArrayList<>();
        holds.entrySet().removeIf(h -> {
            boolean over = !h.getValue().isAfter(now);
            if (over) {
                released.add(h.getKey());
            }
            return over;
        });
        return released;
    }

    /** The operator's failback: every held member may carry traffic again. */
    void releaseAll() {
        holds.clear();
    }

    boolean held(String uplink) {
        return holds.containsKey(uplink);
    }

    /** The earliest end of a timed hold, whether or not it would change the active set. */
    Optional<Instant> nextRelease() {
        return holds.values().stream().filter(t -> !t.equals(UNTIL_FAILBACK)).min(Instant::compareTo);
    }

    boolean holding() {
        return !holds.isEmpty();
    }

    /**
     * Rebuilds the holds after a restart or a reload, from what was saved: a member that is up but
     * left out of the active set it would belong to (the active tier or a better one) was held. Its
     * delay still counts from its {@code wan_up} ({@code upSince}); in a manual group it keeps
     * waiting for the failback when the group was waiting.
     */
    void restoreHolds(Predicate<String> up, Function<String, Instant> upSince, boolean awaitingManual) {
        int current = tierOf(active);
        List<List<String>> tiers = tiers();
        for (int i = 0; i < tiers.size() && i <= current; i++) {
            for (String u : tiers.get(i)) {
                if (!up.test(u) || active.contains(u)) {
                    continue;
                }
                if (config.manualFailback()) {
                    if (awaitingManual) {
                        holds.put(u, UNTIL_FAILBACK);
                    }
                } else if (!config.failbackDelay().isZero()) {
                    holds.put(u, upSince.apply(u).plus(config.failbackDelay()));
                }
            }
        }
    }

    // ------------------------------------------------------------------ choice

    /** The set that should carry new connections; empty when no member is usable. */
    List<String> choose(Predicate<String> usable) {
        Predicate<String> ready = u -> usable.test(u) && (active.contains(u) || !held(u));
        for (Predicate<String> wanted : List.of(ready, usable)) {
            for (List<String> tier : tiers()) {
                List<String> set = tier.stream().filter(wanted).toList();
                if (!set.isEmpty()) {
                    return set;
                }
            }
        }
        return List.of();
    }

    /**
     * The held members that would join the active set once released: usable, not active, in the
     * active tier or a better one.
     */
    private List<String> waiting(Predicate<String> usable) {
        int current = tierOf(active);
        List<List<String>> tiers = tiers();
        List<String> out = new ArrayList<>();
        for (int i = 0; i < tiers.size() && i <= current; i++) {
            tiers.get(i).stream()
                    .filter(u -> held(u) && usable.test(u) && !active.contains(u))
                    .forEach(out::add);
        }
        return out;
    }

    /** When the next waiting member's delay ends (for the status). */
    Optional<Instant> failbackAt(Predicate<String> usable) {
        return waiting(usable).stream()
                .map(holds::get)
                .filter(t -> !t.equals(UNTIL_FAILBACK))
                .min(Instant::compareTo);
    }

    /** Whether a member waits for {@code flywall wan failback GROUP}. */
    boolean awaitingManual(Predicate<String> usable) {
        return waiting(usable).stream().anyMatch(u -> holds.get(u).equals(UNTIL_FAILBACK));
    }
}
