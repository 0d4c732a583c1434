package dev.flywall.runtime.apply;

import dev.flywall.plan.ShapingBatch;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The best leaf qdisc the kernel has under flywall's HTB ({@link ShapingBatch#LEAVES}, in order of
 * preference), found before any change by trying each on the loopback device of a throwaway network
 * namespace (which also loads a qdisc built as a module, as a real install would), and kept in
 * {@code /run/flywall/qdisc-leaf} for the running kernel (a tmpfs: found again after a reboot). A
 * kernel without HTB cannot shape: an {@link ApplyException} when a bundle asks for shaping.
 */
final class ShapingLeaf {

    private static final Path CACHE = Path.of("/run/flywall/qdisc-leaf");
    private static final Pattern FAILED = Pattern.compile("Command failed .*:([0-9]+)");

    private ShapingLeaf() {}

    /** The leaf to install, detected once per kernel. */
    static String best() throws IOException, InterruptedException, ApplyException {
        String kernelRelease = Files.readString(Path.of("/proc/sys/kernel/osrelease"), StandardCharsets.UTF_8)
                .strip();
        Optional<String> cached = cached(kernelRelease);
        String leaf = cached.isPresent() ? cached.get() : detect();
        if (cached.isEmpty()) {
            keep(kernelRelease, leaf);
        }
        if (leaf.equals("none")) {
            throw new ApplyException("this kernel has no HTB qdisc (sch_htb), so the declared bandwidth cannot"
                    + " be shaped: nothing was changed. Fix: load sch_htb, or remove 'bandwidth' from the"
                    + " configuration");
        }
        return leaf;
    }

    private static Optional<String> cached(String kernelRelease) {
        try {
            if (!Files.isRegularFile(CACHE, LinkOption.NOFOLLOW_LINKS)) {
                return Optional.empty();
            }
            List<String> lines = Files.readAllLines(CACHE, StandardCharsets.UTF_8);
            boolean valid = lines.size() == 2
                    && lines.get(0).equals(kernelRelease)
                    && (ShapingBatch.LEAVES.contains(lines.get(1))
                            || lines.get(1).equals("none"));
            return valid ? Optional.of(lines.get(1)) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static void keep(String kernelRelease, String leaf) {
        try {
            Files.createDirectories(CACHE.getParent());
            Path tmp = Files.createTempFile(CACHE.getParent(), ".leaf", ".tmp");
            Files.writeString(tmp, kernelRelease + "\n" + leaf + "\n", StandardCharsets.UTF_8);
            Files.move(tmp, CACHE, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            // no cache (read-only /run): the next apply with shaping detects again
        }
    }

    /**
     * One {@code tc -force -batch}: HTB as the root of lo, then each leaf in turn as the root; the
     * lines tc refused ("Specified qdisc kind is unknown") are the qdiscs the kernel lacks. The
     * namespace is named as the plan's scratch namespaces are, so that one left by a kill -9 is
     * removed as theirs are.
     */
    static String detect() throws IOException, InterruptedException, ApplyException {
        Kernel host = new Kernel(Optional.empty());
        String ns = "flywall-plan-" + ProcessHandle.current().pid() + "-" + System.nanoTime() % 100000;
        Kernel.Result created = host.run("", "ip", "netns", "add", ns);
        if (!created.ok()) {
            throw new ApplyException("cannot create a network namespace to find the qdiscs this kernel has: "
                    + created.err().strip());
        }
        try {
            List<String> lines = new ArrayList<>(List.of("qdisc replace dev lo root handle 1: htb default 10"));
            ShapingBatch.LEAVES.forEach(leaf -> lines.add("qdisc replace dev lo root handle 2: " + leaf));
            Kernel.Result tried =
                    new Kernel(Optional.of(ns)).run(String.join("\n", lines) + "\n", "tc", "-force", "-batch", "-");
            List<Integer> refused = new ArrayList<>();
            Matcher m = FAILED.matcher(tried.err());
            while (m.find()) {
                refused.add(Integer.parseInt(m.group(1)));
            }
            if (refused.isEmpty() && !tried.ok()) {
                throw new ApplyException("tc could not try the qdiscs of this kernel: "
                        + tried.err().strip());
            }
            if (refused.contains(1)) {
                return "none";
            }
            for (int i = 0; i < ShapingBatch.LEAVES.size(); i++) {
                if (!refused.contains(i + 2)) {
                    return ShapingBatch.LEAVES.get(i);
                }
            }
            return "none";
        } finally {
            host.run("", "ip", "netns", "del", ns);
        }
    }
}
