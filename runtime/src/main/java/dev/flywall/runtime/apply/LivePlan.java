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
 * captured back, so that the kernel's normalisation of rules and sets never shows up as a change.
 * Routes are compared as they can be declared ({@link KernelRoute}), so a link's carrier state is
 * no change either; what the daemon writes for DHCP and PPPoE leases ({@link LeaseRoutes}) is left
 * out, since no bundle can declare it.
 */
public final class LivePlan {

    private LivePlan() {}

    public static PlanDiff.Result between(Kernel live, Map<String, String> bundle, List<String> devices)
            throws IOException, InterruptedException, ApplyException {
        KernelState now = LeaseRoutes.of(bundle).without(KernelState.capture(live));
        KernelState wanted = normalised(bundle, devices);
        return PlanDiff.between(files(now), files(wanted));
    }

    /** The bundle as the kernel would list it, from a namespace that exists only for this. */
    static KernelState normalised(Map<String, String> bundle, List<String> devices)
            throws IOException, InterruptedException, ApplyException {
        Kernel host = new Kernel(Optional.empty());
        removeAbandoned(host);
        String ns = "flywall-plan-" + ProcessHandle.current().pid() + "-" + System.nanoTime() % 100000;
        Kernel.Result created = host.run("", "ip", "netns", "add", ns);
        if (!created.ok()) {
            throw new ApplyException("cannot create a scratch network namespace: " + created.err().strip());
        }
        try {
            Kernel scratch = new Kernel(Optional.of(ns));
            scratch.run("", "ip", "link", "set", "lo", "up");
            int n = 0;
            for (String dev : devices) {
                scratch.run("", "ip", "link", "add", dev, "type", "veth", "peer", "name", "fwplan" + n++);
                scratch.run("", "ip", "link", "set", dev, "up");
            }
            new Transaction(scratch).apply(bundle);
            return KernelState.capture(scratch);
        } finally {
            host.run("", "ip", "netns", "del", ns);
        }
    }

    /** Scratch namespaces of plans whose process died (kill -9) before it could delete them. */
    private static void removeAbandoned(Kernel host) throws IOException, InterruptedException {
        java.util.regex.Pattern name = java.util.regex.Pattern.compile("flywall-plan-([0-9]+)-[0-9]+");
        for (String line : host.run("", "ip", "netns", "list").out().split("\n")) {
            String ns = line.split("\\s+")[0];
            var m = name.matcher(ns);
            if (m.matches() && ProcessHandle.of(Long.parseLong(m.group(1))).filter(ProcessHandle::isAlive).isEmpty()) {
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
