package dev.flywall.runtime.apply;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What flywall owns in the kernel, captured so it can be put back: table {@code inet flywall}
 * (as nft lists it), the ip rules of priority 9000–9499 and the routes tagged {@code proto 241}
 * (as {@link KernelRoute#declaration()}s), for both address families. Nothing else is read or ever written back.
 */
public record KernelState(Optional<String> table, List<String> rules4, List<String> rules6, List<String> routes4,
        List<String> routes6) {

    static final int FIRST_PRIORITY = 9000;
    static final int LAST_PRIORITY = 9499;
    static final String PROTOCOL = "241";

    public KernelState {
        rules4 = List.copyOf(rules4);
        rules6 = List.copyOf(rules6);
        routes4 = List.copyOf(routes4);
        routes6 = List.copyOf(routes6);
    }

    /** Nothing of flywall's: what {@code destroy} leaves behind. */
    public static final KernelState EMPTY = new KernelState(Optional.empty(), List.of(), List.of(), List.of(), List.of());

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    /** As JSON, to survive the process that captured it (the --confirm revert runs in another). */
    public String toJson() {
        var o = JSON.createObjectNode();
        o.put("table", table.orElse(null));
        for (var e : java.util.Map.of("rules4", rules4, "rules6", rules6, "routes4", routes4, "routes6", routes6)
                .entrySet()) {
            var a = o.putArray(e.getKey());
            e.getValue().forEach(a::add);
        }
        return o.toString();
    }

    public static KernelState fromJson(String json) throws IOException {
        var o = JSON.readTree(json);
        java.util.function.Function<String, List<String>> list = k -> {
            List<String> out = new ArrayList<>();
            o.path(k).forEach(n -> out.add(n.asText()));
            return out;
        };
        return new KernelState(o.path("table").isTextual() ? Optional.of(o.get("table").asText()) : Optional.empty(),
                list.apply("rules4"), list.apply("rules6"), list.apply("routes4"), list.apply("routes6"));
    }

    public static KernelState capture(Kernel kernel) throws IOException, InterruptedException {
        Kernel.Result table = kernel.run("", "nft", "list", "table", "inet", "flywall");
        return new KernelState(table.ok() ? Optional.of(table.out()) : Optional.empty(),
                rules(kernel, "-4"), rules(kernel, "-6"), routes(kernel, "-4"), routes(kernel, "-6"));
    }

    /** Rules in flywall's priority block, as {@code ip rule show} prints them ("9100:\tfrom all ..."). */
    private static List<String> rules(Kernel kernel, String family) throws IOException, InterruptedException {
        List<String> out = new ArrayList<>();
        for (String line : kernel.run("", "ip", family, "rule", "show").out().split("\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).matches("[0-9]+")) {
                int priority = Integer.parseInt(line.substring(0, colon));
                if (priority >= FIRST_PRIORITY && priority <= LAST_PRIORITY) {
                    out.add(line.strip());
                }
            }
        }
        return out;
    }

    /**
     * Flywall's routes as {@link KernelRoute#declaration()}s: read from {@code ip -j} (not split from
     * the text form, whose last word may be a flag such as {@code linkdown}), without the flags the
     * kernel sets on its own, so they can be written back and compare equal whatever the carrier.
     */
    private static List<String> routes(Kernel kernel, String family) throws IOException, InterruptedException {
        Kernel.Result listed = kernel.run("", "ip", "-j", family, "route", "show", "table", "all", "proto", PROTOCOL);
        if (!listed.ok()) {
            throw new IOException("ip " + family + " route show failed: " + listed.err().strip());
        }
        return KernelRoute.parse(listed.out()).stream().map(KernelRoute::declaration).toList();
    }

    /** Puts this state back: flywall's table, rules and routes as captured, everything else untouched. */
    public void restore(Kernel kernel) throws IOException, InterruptedException, ApplyException {
        String nft = "table inet flywall\ndelete table inet flywall\n" + table.orElse("");
        check(kernel.run(nft, "nft", "-f", "-"), "restoring table inet flywall");
        for (String family : List.of("-4", "-6")) {
            clearOwned(kernel, family, LeaseRoutes.NONE);
            for (String rule : family.equals("-4") ? rules4 : rules6) {
                String[] parts = rule.split(":", 2);
                List<String> cmd = new ArrayList<>(List.of("ip", family, "rule", "add", "priority", parts[0]));
                cmd.addAll(List.of(parts[1].strip().split("\\s+")));
                check(kernel.run("", cmd.toArray(String[]::new)), "restoring rule " + rule);
            }
            for (String route : family.equals("-4") ? routes4 : routes6) {
                List<String> cmd = new ArrayList<>(List.of("ip", family, "route", "replace"));
                cmd.addAll(List.of(route.split("\\s+")));
                check(kernel.run("", cmd.toArray(String[]::new)), "restoring route " + route);
            }
        }
    }

    /**
     * Deletes flywall's rules (its priority block, one by one) and routes (proto 241) of one
     * family, except the IPv4 ones {@code leases} says the daemon's route sync owns; foreign rules and routes
     * are never touched.
     */
    static void clearOwned(Kernel kernel, String family, LeaseRoutes leases) throws IOException, InterruptedException {
        LeaseRoutes keep = family.equals("-4") ? leases : LeaseRoutes.NONE;
        // one ip process for all of them (-force: the rest still goes when one is gone already)
        List<String> batch = new ArrayList<>();
        for (String rule : rules(kernel, family)) {
            if (!keep.ownsRule(rule)) {
                batch.add("rule del priority " + rule.substring(0, rule.indexOf(':')));
            }
        }
        if (keep.isEmpty()) {
            batch.add("route flush table all proto " + PROTOCOL);
        } else {
            routes(kernel, family).stream().filter(r -> !keep.ownsRoute(r)).forEach(r -> batch.add("route del " + r));
        }
        kernel.run(String.join("\n", batch) + "\n", "ip", "-force", family, "-batch", "-");
    }

    private static void check(Kernel.Result result, String what) throws ApplyException {
        if (!result.ok()) {
            throw new ApplyException(what + " failed: " + result.err().strip());
        }
    }
}
