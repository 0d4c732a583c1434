package dev.flywall.runtime.daemon;

import dev.flywall.runtime.apply.StateDir;
import dev.flywall.runtime.engine.KernelEffects;
import dev.flywall.runtime.engine.NptFollower;
import dev.flywall.runtime.engine.StateMachine;
import dev.flywall.runtime.watchdog.WatchdogConfig;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Carries out the state machine's decisions on the kernel: the group and route chains rewritten in
 * one nft transaction, then a failed uplink's connections flushed. Both go to processes started
 * ahead of time (an {@code nft -i} session, a spare {@code conntrack}), so a switch waits for no
 * process start; {@link #settle()} starts the next ones. A switch that failed leaves
 * the kernel dirty, and the next resync rewrites every chain. Engine thread only.
 */
final class Switcher {

    private final WatchdogConfig config;
    private final KernelEffects effects;
    private final RulesetGuard ruleset;
    private final Consumer<String> log;
    /** Each uplink's delegated prefix as last read (the NPT chains follow it). */
    private final Supplier<Map<String, Optional<String>>> delegated;

    private boolean dirty = true;
    private boolean unremembered;

    Switcher(
            WatchdogConfig config,
            KernelEffects effects,
            RulesetGuard ruleset,
            Supplier<Map<String, Optional<String>>> delegated,
            Consumer<String> log) {
        this.config = config;
        this.effects = effects;
        this.ruleset = ruleset;
        this.delegated = delegated;
        this.log = log;
    }

    /**
     * Fills an uplink's NPT chains for its delegated prefix (it changed); {@link #settle()} takes the
     * table as the daemon's own. Returns what the chains now hold; a failure leaves the kernel dirty
     * (the next resync rewrites every chain).
     */
    NptFollower.Fill followNpt(WatchdogConfig.Uplink u, Optional<String> prefix) throws InterruptedException {
        NptFollower.Fill fill = NptFollower.fill(u, prefix);
        try {
            effects.fillNpt(fill);
            unremembered = true;
        } catch (IOException e) {
            dirty = true;
            log.accept("could not fill the NPT chains of " + u.name() + " (will retry): " + e.getMessage());
        }
        return fill;
    }

    KernelEffects effects() {
        return effects;
    }

    RulesetGuard ruleset() {
        return ruleset;
    }

    boolean dirty() {
        return dirty;
    }

    /** The kernel's table was restored with the current decisions. */
    void clean() {
        dirty = false;
    }

    /**
     * Switches the chains and flushes; returns the flushed connection counts ({@code flushed_UPLINK}).
     * The traffic has moved when it returns; {@link #settle()} then takes the new table as the
     * daemon's own, off the path a failover waits for.
     */
    Map<String, Object> carryOut(StateMachine.Decisions d) throws InterruptedException {
        return carryOut(d, true);
    }

    /**
     * As {@link #carryOut(StateMachine.Decisions)}; without {@code flush} (the backup node of an HA
     * pair, whose kernel holds none of the traffic's connections) the connections stay.
     */
    Map<String, Object> carryOut(StateMachine.Decisions d, boolean flush) throws InterruptedException {
        Map<String, Object> done = new LinkedHashMap<>();
        try {
            effects.switchChains(d.groups(), d.routes());
            unremembered = true;
        } catch (IOException e) {
            dirty = true;
            log.accept("could not switch (will retry): " + e.getMessage());
        }
        if (!flush && !d.flush().isEmpty()) {
            done.put("not_flushed", "this node is not the HA master: the peer carries the traffic");
            return done;
        }
        for (String uplink : d.flush()) {
            try {
                done.put("flushed_" + uplink, effects.flush(uplink));
            } catch (IOException e) {
                log.accept("could not flush the connections of " + uplink + ": " + e.getMessage());
            }
        }
        return done;
    }

    /**
     * Deletes the connections of every uplink that is down (an HA node that became master has just
     * committed the peer's, some of them through an uplink that is dead here); the counts by
     * {@code flushed_UPLINK}.
     */
    Map<String, Object> flushDown(StateMachine machine) throws InterruptedException {
        Map<String, Object> done = new LinkedHashMap<>();
        for (WatchdogConfig.Uplink u : config.uplinks()) {
            if (machine.health(u.name()) == StateMachine.Health.DOWN) {
                try {
                    done.put("flushed_" + u.name(), effects.flush(u.name()));
                } catch (IOException e) {
                    log.accept("could not flush the connections of " + u.name() + ": " + e.getMessage());
                }
            }
        }
        effects.prepare();
        return done;
    }

    /** Rewrites every group and route chain to the current decisions (after apply, or a failed switch). */
    void fullSync(StateMachine machine) throws InterruptedException {
        try {
            switchAll(machine);
            dirty = false;
        } catch (IOException e) {
            log.accept("could not bring the kernel in line (will retry): " + e.getMessage());
        }
    }

    void switchAll(StateMachine machine) throws IOException, InterruptedException {
        Map<String, List<String>> groups = new LinkedHashMap<>();
        config.groups().forEach(g -> groups.put(g.name(), machine.active(g.name())));
        Map<String, StateMachine.RouteTarget> routes = new LinkedHashMap<>();
        config.routes().forEach(r -> routes.put(r.name(), machine.route(r.name())));
        // the NPT chains too: a table apply or a restore replaced holds them empty
        switchChains(groups, routes, NptFollower.fills(config, delegated.get()));
    }

    /**
     * Takes the table as the kernel has it after {@link #carryOut} as the daemon's own, for
     * {@link RulesetGuard}. Engine thread, before the next task (which may be a table check).
     */
    void settle() throws InterruptedException {
        effects.prepare(); // the next switch finds its nft session and spare conntrack running
        if (!unremembered) {
            return;
        }
        unremembered = false;
        try {
            ruleset.remember();
        } catch (IOException e) {
            dirty = true; // the next resync rewrites every chain and remembers the result
            log.accept("could not read back the switched table (will retry): " + e.getMessage());
        }
    }

    /** Checks the table against the remembered one (see {@link RulesetGuard#check}). */
    RulesetGuard.Outcome checkRuleset(StateDir dir, StateMachine machine) throws InterruptedException {
        settle(); // a switch not yet read back is the daemon's own change, not tampering
        return ruleset.check(dir, config.configHash(), () -> switchAll(machine));
    }

    /** Switches chains, then takes the resulting table as the daemon's own for {@link RulesetGuard}. */
    private void switchChains(
            Map<String, List<String>> groups,
            Map<String, StateMachine.RouteTarget> routes,
            Map<String, NptFollower.Fill> npt)
            throws IOException, InterruptedException {
        effects.switchChains(groups, routes, npt);
        ruleset.remember();
    }
}
