package dev.flywall.runtime.apply;

import dev.flywall.diff.PlanDiff;
import dev.flywall.runtime.history.History;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The one way a compiled bundle gets into the kernel, for {@code flywall apply} and the lab alike:
 * finish an apply a crash interrupted ({@link Intent}), plan against the live kernel
 * ({@link LivePlan}), check an HA node's keepalived.conf and conntrackd.conf with the tools themselves
 * ({@link HaCheck}), change the kernel all or nothing ({@link Transaction}: the declared interfaces'
 * links, MTUs, addresses and shaping, then routes and rules, then the ruleset), install the bundle
 * in the state directory (arming the revert of {@code --confirm}), record the event in the
 * history, tell the daemon to reload. It prints what it does to {@code out} (the plan, "Applied.")
 * and what went wrong to {@code err}; the caller holds the state directory's lock.
 */
public final class Applier {

    /** How an apply ended. */
    public enum Outcome {
        /** The kernel and the state directory already held the bundle: nothing was done. */
        NO_CHANGES,
        /** {@code --dry-run}: the plan was printed, nothing was changed. */
        CHANGES_SHOWN,
        /** The bundle is in the kernel and installed. */
        APPLIED,
        /** Nothing changed, or the previous state was restored (or is journaled for the next apply). */
        FAILED
    }

    /** Starts the process that waits for {@code flywall confirm} (see {@link ConfirmWatch#await}). */
    @FunctionalInterface
    public interface WatchStarter {
        void start(StateDir state) throws IOException;
    }

    /**
     * What an apply is asked to do besides the bundle: {@code dryRun} only prints the plan;
     * {@code confirm}, when present, arms a revert that {@code startWatch} waits for; {@code source}
     * names the configuration block of the rule an nft error quotes (or nothing); {@code pause} runs
     * between the steps of the kernel change (a test hook).
     */
    public record Options(
            boolean dryRun,
            Optional<Duration> confirm,
            WatchStarter startWatch,
            Function<String, Optional<String>> source,
            Transaction.Pause pause) {

        public Options {
            java.util.Objects.requireNonNull(confirm);
            java.util.Objects.requireNonNull(startWatch);
            java.util.Objects.requireNonNull(source);
            java.util.Objects.requireNonNull(pause);
        }

        /** A plain apply: no dry run, no confirmation, no pause, errors without a source. */
        public static Options plain() {
            return new Options(false, Optional.empty(), state -> {}, error -> Optional.empty(), Transaction.Pause.NONE);
        }
    }

    private final StateDir state;
    private final Kernel kernel;
    private final PrintWriter out;
    private final PrintWriter err;

    /** For one apply in {@code kernel}, with {@code state} locked by the caller. */
    public Applier(StateDir state, Kernel kernel, PrintWriter out, PrintWriter err) {
        this.state = state;
        this.kernel = kernel;
        this.out = out;
        this.err = err;
    }

    /** Applies {@code bundle}, whose configuration names the interfaces {@code devices}. */
    public Outcome apply(Map<String, String> bundle, List<String> devices, Options options)
            throws IOException, InterruptedException {
        if (!recoverInterrupted(state, kernel, err)) {
            return Outcome.FAILED;
        }
        // one capture for the plan and the transaction's snapshot: this apply holds the state lock
        LinkLedger ledger = LinkLedger.in(state);
        LinkChange links;
        KernelState live;
        PlanDiff.Result plan;
        try {
            // one reading of the declared devices too: the plan's lines, the snapshot and the change
            links = LinkChange.toDeclared(kernel, DeclaredLinks.of(bundle), ledger);
            live = KernelState.capture(kernel).withLinks(links.snapshot());
            plan = LivePlan.between(live, links, bundle, devices);
        } catch (ApplyException e) {
            err.println("flywall: " + e.getMessage());
            return Outcome.FAILED;
        }
        boolean bundleChanged = !bundle.equals(state.current().orElse(Map.of()));
        if (!plan.hasChanges() && !bundleChanged) {
            out.println("No changes.");
            return Outcome.NO_CHANGES;
        }
        out.print(plan.hasChanges() ? plan.text() : "Only the watchdog configuration changes.\n");
        if (options.dryRun()) {
            return Outcome.CHANGES_SHOWN;
        }
        Optional<String> ha = haRefusal(bundle);
        if (ha.isPresent()) {
            err.println("flywall: apply failed: " + ha.get() + " (nothing was changed)");
            return Outcome.FAILED;
        }
        ConfirmWatch.supersede(state)
                .ifPresent(deadline -> out.println("The pending 'apply --confirm' is superseded:"
                        + " its state is kept and will not be reverted."));
        KernelState before;
        try {
            before = new Transaction(kernel, options.pause(), ledger)
                    .apply(
                            bundle,
                            live,
                            links,
                            snapshot -> Intent.record(
                                    state, snapshot, bundle, options.confirm().isPresent()));
        } catch (ApplyException e) {
            if (e.kernelUnchanged()) {
                Intent.done(state);
            } else {
                err.println("flywall: the intent journal stays: the next apply or daemon start restores the previous"
                        + " state");
            }
            err.println("flywall: apply failed: " + e.getMessage());
            options.source()
                    .apply(e.getMessage())
                    .ifPresent(span ->
                            err.println("  --> " + span + " (the configuration block of the rule nft refused)"));
            return Outcome.FAILED;
        }
        install(bundle, before, plan, options);
        return Outcome.APPLIED;
    }

    /** An HA node's files as keepalived and conntrackd read them, in the gateway's namespace ({@link HaCheck}). */
    private Optional<String> haRefusal(Map<String, String> bundle) throws IOException, InterruptedException {
        try {
            return HaCheck.refusal(kernel, bundle, state.path().resolve("run").resolve("ha"));
        } catch (IllegalArgumentException e) {
            return Optional.of(e.getMessage());
        }
    }

    /**
     * After the kernel change: the bundle becomes current (and, with --confirm, the revert is armed)
     * between the journal's commit and its deletion, so a crash in between is finished by {@link Intent}.
     */
    private void install(Map<String, String> bundle, KernelState before, PlanDiff.Result plan, Options options)
            throws IOException, InterruptedException {
        Intent.committed(state);
        state.install(bundle);
        if (options.confirm().isPresent()) {
            ConfirmWatch.arm(state, before, options.confirm().get(), kernel.netns());
            options.startWatch().start(state);
        }
        Intent.done(state);
        record(state, "apply", plan);
        DaemonSignal.describe(DaemonSignal.reload(state.path())).ifPresent(out::println);
        out.println(options.confirm()
                .map(d -> "Applied. Run 'flywall confirm' within " + d.toSeconds()
                        + "s to keep it, or the previous state comes back.")
                .orElse("Applied."));
    }

    /**
     * Finishes an apply that a kill -9 or power loss interrupted (see {@link Intent}) before anything
     * plans against the kernel: the next apply and the daemon's start; false when its state could not
     * be restored (said on {@code err}).
     */
    public static boolean recoverInterrupted(StateDir state, Kernel kernel, PrintWriter err)
            throws IOException, InterruptedException {
        try {
            switch (Intent.recover(state, kernel)) {
                case NONE -> {}
                case FINISHED ->
                    err.println("flywall: an earlier apply was interrupted after its work was done; it is"
                            + " complete now");
                case REVERTED -> {
                    err.println("flywall: an earlier apply was interrupted; the state before it was restored");
                    record(state, "rollback", null);
                }
            }
            return true;
        } catch (ApplyException e) {
            err.println(
                    "flywall: an earlier apply was interrupted and its state could not be restored: " + e.getMessage());
            return false;
        }
    }

    /** An {@code apply} or {@code rollback} event in history.db: config hash, who, the plan's summary. */
    private static void record(StateDir state, String kind, PlanDiff.Result plan) {
        var details = new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode();
        state.currentHash().ifPresent(h -> details.put("config_hash", h));
        details.put("who", System.getenv().getOrDefault("SUDO_USER", System.getProperty("user.name")));
        if (plan != null) {
            details.put(
                    "plan", plan.add() + " to add, " + plan.change() + " to change, " + plan.destroy() + " to destroy");
        }
        String reason = plan == null ? "an interrupted apply was reverted" : "flywall apply";
        try (History history = History.open(state.path().resolve("history.db"))) {
            history.record(new History.Event(Instant.now(), kind, null, null, null, reason, details.toString()));
        } catch (java.sql.SQLException e) {
            // the kernel state is what matters; a history that cannot be written must not fail the apply
            System.err.println("flywall: could not record the " + kind + " event: " + e.getMessage());
        }
    }
}
