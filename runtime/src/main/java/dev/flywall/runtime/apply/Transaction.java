package dev.flywall.runtime.apply;

import java.io.IOException;
import java.util.Map;

/**
 * Applies a compiled bundle to the kernel all or nothing: {@code nft -c} first, then a snapshot
 * of what flywall owns, then the ruleset (one nft transaction) and the route batches. If any step
 * fails, the snapshot is restored and the failure reported — the kernel holds the old state or
 * the new one, never a mix. The default routes and address rules the daemon keeps in step with
 * the DHCP and PPPoE uplinks' leases ({@link LeaseRoutes}) stay in place.
 */
public final class Transaction {

    private final Kernel kernel;

    public Transaction(Kernel kernel) {
        this.kernel = kernel;
    }

    /** The state before, for the caller to keep (e.g. for {@code --confirm}). */
    public KernelState apply(Map<String, String> bundle) throws IOException, InterruptedException, ApplyException {
        return apply(bundle, before -> { });
    }

    /** Something to do with the snapshot before the kernel changes: record the intent journal. */
    @FunctionalInterface
    public interface BeforeChange {
        void accept(KernelState before) throws IOException;
    }

    /** As {@link #apply(Map)}, calling {@code beforeChange} with the snapshot before the first change. */
    public KernelState apply(Map<String, String> bundle, BeforeChange beforeChange)
            throws IOException, InterruptedException, ApplyException {
        String ruleset = bundle.get("ruleset.nft");
        LeaseRoutes leases = LeaseRoutes.of(bundle);
        Kernel.Result check = kernel.run(ruleset, "nft", "-c", "-f", "-");
        if (!check.ok()) {
            throw new ApplyException("nft rejected the ruleset (nothing was changed): " + check.err().strip());
        }
        KernelState before = KernelState.capture(kernel);
        beforeChange.accept(before);
        try {
            step(kernel.run(ruleset, "nft", "-f", "-"), "loading the ruleset");
            routes("-4", bundle.get("routes.ip"), leases);
            routes("-6", bundle.getOrDefault("routes6.ip", ""), leases);
        } catch (ApplyException | IOException e) {
            before.restore(kernel);
            throw new ApplyException(e.getMessage() + "; the previous state was restored");
        }
        return before;
    }

    /** Replaces flywall's rules and routes of one family; what the daemon synced for a lease stays. */
    private void routes(String family, String batch, LeaseRoutes leases)
            throws IOException, InterruptedException, ApplyException {
        KernelState.clearOwned(kernel, family, leases);
        if (batch != null && !batch.isBlank()) {
            step(kernel.run(batch, "ip", family, "-batch", "-"), "ip " + family + " -batch");
        }
    }

    private static void step(Kernel.Result result, String what) throws ApplyException {
        if (!result.ok()) {
            throw new ApplyException(what + " failed: " + result.err().strip());
        }
    }
}
