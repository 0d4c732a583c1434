package dev.flywall.runtime.apply;

import java.io.IOException;
import java.util.Map;

/**
 * Applies a compiled bundle to the kernel all or nothing: {@code nft -c} and the declared
 * interfaces checked first, then a snapshot of what flywall owns, then one {@link KernelChange}
 * computed from the snapshot: the declared devices brought to their declared state (links, MTUs,
 * addresses, shaping: {@link LinkChange}, remembered in the {@link LinkLedger}), one ip batch per
 * family that deletes the snapshot's rules and routes and writes the bundle's, then the ruleset
 * (one nft transaction). If a step fails, the snapshot is restored and the failure reported — the
 * kernel holds the old state or the new one, never a mix; a kill -9 in the milliseconds between
 * two steps is reverted from the intent journal ({@link Intent}) by the next apply or daemon
 * start. The default routes and address rules the daemon keeps in step with the DHCP and PPPoE
 * uplinks' leases ({@link LeaseRoutes}) stay in place.
 */
public final class Transaction {

    /** Called between two steps of the kernel change with the next step's name. */
    @FunctionalInterface
    public interface Pause {
        Pause NONE = next -> {};

        void before(String next) throws InterruptedException;
    }

    private final Kernel kernel;
    private final Pause pause;
    private final LinkLedger ledger;

    /** For a kernel no state directory speaks for: what it adds to devices is remembered by this object only. */
    public Transaction(Kernel kernel) {
        this(kernel, Pause.NONE, LinkLedger.memory());
    }

    /**
     * With a pause between the steps (only tests that kill an apply between two steps need one) and
     * the ledger of what flywall did to the devices (the state directory's, {@link LinkLedger#in}).
     */
    public Transaction(Kernel kernel, Pause pause, LinkLedger ledger) {
        this.kernel = kernel;
        this.pause = pause;
        this.ledger = ledger;
    }

    /** The state before, for the caller to keep (e.g. for {@code --confirm}). */
    public KernelState apply(Map<String, String> bundle) throws IOException, InterruptedException, ApplyException {
        return apply(bundle, before -> {});
    }

    /** Something to do with the snapshot before the kernel changes: record the intent journal. */
    @FunctionalInterface
    public interface BeforeChange {
        void accept(KernelState before) throws IOException;
    }

    /** As {@link #apply(Map)}, calling {@code beforeChange} with the snapshot before the first change. */
    public KernelState apply(Map<String, String> bundle, BeforeChange beforeChange)
            throws IOException, InterruptedException, ApplyException {
        Declared declared = check(bundle);
        LinkChange links = LinkChange.toDeclared(kernel, declared.links, declared.leaf, ledger);
        return change(bundle, links, KernelState.capture(kernel).withLinks(links.snapshot()), beforeChange);
    }

    /**
     * As {@link #apply(Map, BeforeChange)}, with the snapshot the caller took of the kernel just
     * before (holding the state directory's lock, so that only the daemon's lease sync, whose routes
     * a change leaves alone, can have changed it since) and the devices' change computed from the
     * same reading ({@link LinkChange#toDeclared}, which checked the declared interfaces; its
     * snapshot is {@code before}'s links): one capture less.
     */
    KernelState apply(Map<String, String> bundle, KernelState before, LinkChange links, BeforeChange beforeChange)
            throws IOException, InterruptedException, ApplyException {
        checkRuleset(bundle);
        return change(bundle, links, before, beforeChange);
    }

    /** A bundle's declared interfaces, checked, and the shaping leaf the kernel has (null when nothing is shaped). */
    private record Declared(DeclaredLinks links, String leaf) {}

    /**
     * {@code nft -c}: the whole ruleset checked by the kernel before anything changes; the declared
     * interfaces checked, and the leaf for their shaping found.
     */
    private Declared check(Map<String, String> bundle) throws IOException, InterruptedException, ApplyException {
        DeclaredLinks links = DeclaredLinks.of(bundle);
        checkRuleset(bundle);
        return new Declared(links, links.shapes() ? ShapingLeaf.best() : null);
    }

    private void checkRuleset(Map<String, String> bundle) throws IOException, InterruptedException, ApplyException {
        Kernel.Result check = kernel.runOnFile(bundle.get("ruleset.nft"), "nft", "-c", "-f");
        if (!check.ok()) {
            throw new ApplyException("nft rejected the ruleset (nothing was changed): "
                    + check.err().strip());
        }
    }

    private KernelState change(
            Map<String, String> bundle, LinkChange links, KernelState before, BeforeChange beforeChange)
            throws IOException, InterruptedException, ApplyException {
        KernelChange change = change(before, bundle, links);
        // first what the change may add, so that a kill -9 from here on leaves nothing of flywall's unowned
        ledger.write(links.ledgerBefore());
        beforeChange.accept(before);
        try {
            pause.before(change.firstStep());
            change.run(kernel, pause);
        } catch (ApplyException | IOException e) {
            try {
                before.restore(kernel, ledger);
            } catch (ApplyException | IOException undo) {
                throw new ApplyException(
                        e.getMessage() + "; restoring the previous state failed too: " + undo.getMessage(), false);
            }
            throw new ApplyException(e.getMessage() + "; the previous state was restored");
        }
        ledger.write(links.ledgerAfter());
        return before;
    }

    /**
     * Loads {@code bundle} into a kernel known to hold nothing of flywall's (a namespace made for
     * it): checked first as {@link #apply(Map)} does, without a snapshot, nothing to restore.
     */
    void applyToEmpty(Map<String, String> bundle) throws IOException, InterruptedException, ApplyException {
        checkRuleset(bundle);
        try {
            change(KernelState.EMPTY, bundle, LinkChange.NONE).run(kernel, pause);
        } catch (ApplyException | IOException e) {
            // worded as apply words it: the namespace goes away with whatever was loaded
            throw new ApplyException(e.getMessage() + "; the previous state was restored");
        }
    }

    /** From {@code before} to {@code bundle}: the devices, one ip batch per family, then the ruleset. */
    private static KernelChange change(KernelState before, Map<String, String> bundle, LinkChange links)
            throws IOException {
        LeaseRoutes leases = LeaseRoutes.of(bundle);
        return new KernelChange(
                links,
                RouteBatch.replacing(
                        "-4", before.rules4(), before.routes4(), leases, RouteBatch.lines(bundle.get("routes.ip"))),
                RouteBatch.replacing(
                        "-6", before.rules6(), before.routes6(), leases, RouteBatch.lines(bundle.get("routes6.ip"))),
                bundle.get("ruleset.nft"));
    }
}
