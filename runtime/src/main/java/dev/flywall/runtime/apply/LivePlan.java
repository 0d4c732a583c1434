package dev.flywall.runtime.apply;

import dev.flywall.diff.PlanDiff;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The plan between the live kernel and a compiled bundle. Both sides are compared as the kernel
 * lists them: the bundle is loaded into a scratch network namespace (with its interfaces) and
 * captured back, so that the kernel's normalisation of rules and sets never shows up as a change
 * (once per bundle and boot: {@link PlanCache} keeps what the kernel listed).
 * Routes are compared as they can be declared ({@link KernelRoute}), so a link's carrier state is
 * no change either; what the daemon writes for DHCP and PPPoE leases ({@link LeaseRoutes}) is left
 * out, since no bundle can declare it. The declared interfaces are compared as they are, with the
 * {@link LinkLedger} telling flywall's addresses and shaping from the operator's ({@link LinkChange}):
 * their lines follow the objects', counted with them.
 */
public final class LivePlan {

    private LivePlan() {}

    /** The plan against {@code live}; {@code ledger} says what flywall did to its devices. */
    public static PlanDiff.Result between(
            Kernel live, Map<String, String> bundle, List<String> devices, LinkLedger ledger)
            throws IOException, InterruptedException, ApplyException {
        return between(live, KernelState.capture(live), bundle, devices, ledger);
    }

    /** The plan from a state of the live kernel {@code kernel} the caller has just captured. */
    public static PlanDiff.Result between(
            Kernel kernel, KernelState live, Map<String, String> bundle, List<String> devices, LinkLedger ledger)
            throws IOException, InterruptedException, ApplyException {
        return between(live, LinkChange.toDeclared(kernel, DeclaredLinks.of(bundle), ledger), bundle, devices);
    }

    /** The plan from a state of the live kernel and the devices' change computed from the same reading. */
    static PlanDiff.Result between(KernelState live, LinkChange links, Map<String, String> bundle, List<String> devices)
            throws IOException, InterruptedException, ApplyException {
        KernelState now = LeaseRoutes.of(bundle).without(live);
        KernelState wanted = normalised(bundle, devices);
        return withLinks(PlanDiff.between(files(now), files(wanted)), links);
    }

    /** The objects' plan with the devices' lines after them, all counted in one summary, then the notes. */
    static PlanDiff.Result withLinks(PlanDiff.Result objects, LinkChange links) {
        return links.plan().isEmpty() ? objects : objects.with(links.plan(), links.notes());
    }

    /**
     * The bundle as the kernel would list it: from {@link PlanCache} when this bundle was listed
     * before on this boot, else from a scratch namespace (then cached).
     */
    static KernelState normalised(Map<String, String> bundle, List<String> devices)
            throws IOException, InterruptedException, ApplyException {
        Optional<KernelState> cached = PlanCache.get(bundle, devices);
        if (cached.isPresent()) {
            return cached.get();
        }
        KernelState listed = inScratch(bundle, devices);
        PlanCache.put(bundle, devices, listed);
        return listed;
    }

    /**
     * The bundle as the kernel lists it, from a namespace that exists only for this: its
     * interfaces made in one {@code ip} batch, the bundle loaded into the empty namespace.
     */
    static KernelState inScratch(Map<String, String> bundle, List<String> devices)
            throws IOException, InterruptedException, ApplyException {
        Kernel host = new Kernel(Optional.empty());
        removeAbandoned(host);
        String ns = SCRATCH + ProcessHandle.current().pid() + "-" + System.nanoTime() % 100000;
        Kernel.Result created = host.run("", "ip", "netns", "add", ns);
        if (!created.ok()) {
            throw new ApplyException("cannot create a scratch network namespace: "
                    + created.err().strip());
        }
        try {
            Kernel scratch = new Kernel(Optional.of(ns));
            StringBuilder links = new StringBuilder("link set lo up\n");
            int n = 0;
            for (String dev : devices) {
                links.append("link add ")
                        .append(dev)
                        .append(" type veth peer name fwplan")
                        .append(n++)
                        .append('\n');
                links.append("link set ").append(dev).append(" up\n");
            }
            // -force: as one command each before, a device that cannot be made is left out, not fatal
            scratch.run(links.toString(), "ip", "-force", "-batch", "-");
            new Transaction(scratch).applyToEmpty(bundle);
            return KernelState.capture(scratch);
        } finally {
            host.run("", "ip", "netns", "del", ns);
        }
    }

    private static final String SCRATCH = "flywall-plan-";

    /**
     * Scratch namespaces of plans whose process died (kill -9) before it could delete them, found
     * where {@code ip netns} keeps its names (read here: no process to start when there are none).
     */
    private static void removeAbandoned(Kernel host) throws IOException, InterruptedException {
        java.util.regex.Pattern name = java.util.regex.Pattern.compile("flywall-plan-([0-9]+)-[0-9]+");
        java.nio.file.Path dir = java.nio.file.Path.of("/run/netns");
        if (!java.nio.file.Files.isDirectory(dir)) {
            return;
        }
        List<String> names;
        try (var files = java.nio.file.Files.list(dir)) {
            names = files.map(p -> p.getFileName().toString()).toList();
        }
        for (String ns : names) {
            var m = name.matcher(ns);
            if (m.matches()
                    && ProcessHandle.of(Long.parseLong(m.group(1)))
                            .filter(ProcessHandle::isAlive)
                            .isEmpty()) {
                host.run("", "ip", "netns", "del", ns);
            }
        }
    }

    /** A captured state in the shape {@link PlanDiff} compares: a ruleset and batch lines. */
    static Map<String, String> files(KernelState state) {
        Map<String, String> files = new LinkedHashMap<>();
        files.put("ruleset.nft", state.table().orElse(""));
        files.put("routes.ip", lines(state.rules4(), state.routes4()));
        files.put("routes6.ip", lines(state.rules6(), state.routes6()));
        return files;
    }

    private static String lines(List<String> rules, List<String> routes) {
        List<String> out = RouteBatch.writing(rules, routes);
        return String.join("\n", out) + "\n";
    }
}
