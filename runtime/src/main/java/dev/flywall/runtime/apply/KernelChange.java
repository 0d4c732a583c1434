package dev.flywall.runtime.apply;

import java.io.IOException;

/**
 * One change of everything flywall owns in the kernel, in steps, each a single process that reads
 * its whole input from a file: the declared devices' links and addresses ({@code ip -batch}) and
 * shaping ({@code tc -batch}) ({@link LinkChange}; first, so that routes find their addresses), the
 * IPv4 rules and routes ({@code ip -4 -batch}), the IPv6 ones ({@code ip -6 -batch}; ip cannot mix
 * families in one batch), then table {@code inet flywall} (one nft transaction).
 *
 * <p>The table comes last by design. It is the one step the kernel has checked in full
 * beforehand ({@code nft -c}) and commits atomically, so it is the commit point: if a route or
 * rule is refused (a device gone, a gateway unreachable), the table was never touched and the
 * undo is one batch per family. And the running daemon, which rewrites chains of the table it
 * was started with, meets the new table only once the routes that go with it are in place.
 *
 * <p>Between two steps the kernel holds a mix for the few milliseconds it takes to start the
 * next process; the intent journal ({@link Intent}) covers those: the next apply or daemon start
 * reverts it.
 */
record KernelChange(LinkChange links, RouteBatch ipv4, RouteBatch ipv6, String ruleset) {

    /** The name of the first step, for the pause before it. */
    String firstStep() {
        return links.isEmpty() ? "ip -4 -batch" : links.firstStep();
    }

    /** Runs the steps; {@code pause} is called before each but the first (which the caller pauses before). */
    void run(Kernel kernel, Transaction.Pause pause) throws IOException, InterruptedException, ApplyException {
        if (!links.isEmpty()) {
            links.run(kernel, pause);
            pause.before("ip -4 -batch");
        }
        ipv4.run(kernel);
        pause.before("ip -6 -batch");
        ipv6.run(kernel);
        pause.before("nft -f");
        Kernel.Result loaded = kernel.runOnFile(ruleset, "nft", "-f");
        if (!loaded.ok()) {
            throw new ApplyException(
                    "loading the ruleset failed: " + loaded.err().strip());
        }
    }
}
