package dev.flywall.runtime.daemon;

import dev.flywall.runtime.apply.Kernel;
import dev.flywall.runtime.apply.StateDir;
import dev.flywall.runtime.apply.StateLockedException;
import dev.flywall.runtime.watchdog.WatchdogConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Map;
import java.util.Optional;

/**
 * Keeps the applied {@code table inet flywall} in the kernel. After each of the daemon's own
 * changes it remembers the table's structure ({@code nft -s -t list table}: no counters, no set
 * elements, so traffic does not change it); a check compares the kernel's table with it. A table
 * that is gone, or whose chains or rules someone else changed, is replaced by the applied
 * bundle's {@code ruleset.nft} (one atomic nft transaction), and the caller then re-applies its
 * decisions on top ({@link Decisions}).
 *
 * <p>The restore holds the state directory's lock, and happens only when {@code current/} is the
 * very bundle the daemon loaded (the same directory, not only the same config hash): while
 * {@code flywall apply} is changing the kernel (it holds the lock) the check reports {@link
 * Verdict#DEFERRED}; once an apply has installed a new {@code current/}, the table is the new
 * bundle's and the check reports {@link Verdict#NEWER_BUNDLE}, for the daemon to reload — a
 * re-apply is never mistaken for tampering.
 */
final class RulesetGuard {

    /** The outcome of one check. */
    enum Verdict {
        /** The table is as the daemon left it. */
        INTACT,
        /** The table was missing or altered and is back, with the decisions re-applied. */
        RESTORED,
        /** An apply is under way: nothing done, check again later. */
        DEFERRED,
        /** An apply installed a bundle the daemon has not loaded yet: reload it, do not restore. */
        NEWER_BUNDLE,
        /** The table is missing or altered and could not be restored: the gateway is broken. */
        BROKEN
    }

    /** What a check found and did; {@code reason} says it in words (empty when intact). */
    record Outcome(Verdict verdict, String reason) {}

    /** Re-applies the daemon's current decisions to a freshly restored table. */
    @FunctionalInterface
    interface Decisions {
        void reapply() throws IOException, InterruptedException;
    }

    private final Kernel kernel;
    private final String family;
    private final String table;
    private final Optional<Object> bundle;
    private Optional<String> expected = Optional.empty();

    /** A guard for the table of the bundle now in {@code dir}'s {@code current/} (just loaded by the daemon). */
    RulesetGuard(Kernel kernel, WatchdogConfig.Nft nft, StateDir dir) {
        this.kernel = kernel;
        this.family = nft.family();
        this.table = nft.table();
        this.bundle = bundleKey(dir);
    }

    /** The identity (device and inode) of {@code current/}: every install and rollback renames a new one into place. */
    private static Optional<Object> bundleKey(StateDir dir) {
        try {
            return Optional.ofNullable(Files.readAttributes(
                            dir.path().resolve("current"), BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
                    .fileKey());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** "table inet flywall", for messages. */
    String name() {
        return "table " + family + " " + table;
    }

    /** The table's structure now, or empty when there is no such table. */
    Optional<String> listing() throws IOException, InterruptedException {
        Kernel.Result r = kernel.run("", "nft", "-s", "-t", "list", "table", family, table);
        if (r.ok()) {
            return Optional.of(r.out());
        }
        if (r.err().contains("No such file or directory")) {
            return Optional.empty();
        }
        throw new IOException("cannot list " + name() + ": " + r.err().strip());
    }

    /** Takes the kernel's table as the daemon's own (after apply's table got the daemon's decisions). */
    void remember() throws IOException, InterruptedException {
        expected = listing();
    }

    /**
     * Compares the kernel's table with the remembered one and restores it from {@code dir}'s
     * applied bundle when it differs, if that bundle is the one with {@code configHash}.
     */
    Outcome check(StateDir dir, String configHash, Decisions decisions) throws InterruptedException {
        Optional<String> now;
        try {
            now = listing();
        } catch (IOException e) {
            return new Outcome(Verdict.BROKEN, e.getMessage());
        }
        if (now.isPresent() && now.equals(expected)) {
            return new Outcome(Verdict.INTACT, "");
        }
        String what = now.isEmpty() ? name() + " was deleted" : name() + " was changed outside flywall";
        try (StateDir.Lock lock = dir.lock()) {
            if (!dir.currentHash().equals(Optional.of(configHash))
                    || !bundleKey(dir).equals(bundle)) {
                return new Outcome(Verdict.NEWER_BUNDLE, what + ": flywall apply installed a new bundle");
            }
            restore(dir);
            decisions.reapply();
            remember();
            return new Outcome(Verdict.RESTORED, what + "; reinstalled the applied ruleset and the current decisions");
        } catch (StateLockedException e) {
            return new Outcome(Verdict.DEFERRED, what + " while flywall apply holds the state directory");
        } catch (IOException e) {
            return new Outcome(Verdict.BROKEN, what + " and could not be restored: " + e.getMessage());
        }
    }

    private void restore(StateDir dir) throws IOException, InterruptedException {
        Map<String, String> bundle = dir.current().orElseThrow(() -> new IOException("nothing is applied"));
        String ruleset = bundle.get("ruleset.nft");
        if (ruleset == null) {
            throw new IOException(dir.path().resolve("current/ruleset.nft") + " is missing");
        }
        Kernel.Result r = kernel.run(ruleset, "nft", "-f", "-");
        if (!r.ok()) {
            throw new IOException("nft refused the applied ruleset: " + r.err().strip());
        }
    }
}
