package dev.flywall.runtime.apply;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What flywall owns in the kernel, captured so it can be put back: table {@code inet flywall}
 * (as nft lists it), the ip rules of priority 9000–9499 (as {@link KernelRule#declaration()}s) and the
 * routes tagged {@code proto 241} (as {@link KernelRoute#declaration()}s), for both address families,
 * and the declared devices' link state ({@link LinkState}: MTU, up, flywall's addresses and shaping):
 * only what can be written back, never a flag the kernel computes. Nothing else is read or ever
 * written back.
 */
public record KernelState(
        Optional<String> table,
        List<String> rules4,
        List<String> rules6,
        List<String> routes4,
        List<String> routes6,
        List<LinkState> links) {

    static final int FIRST_PRIORITY = 9000;
    static final int LAST_PRIORITY = 9499;
    static final String PROTOCOL = "241";

    public KernelState {
        rules4 = List.copyOf(rules4);
        rules6 = List.copyOf(rules6);
        routes4 = List.copyOf(routes4);
        routes6 = List.copyOf(routes6);
        links = List.copyOf(links);
    }

    /** Without devices: a kernel whose interfaces flywall does not provision. */
    public KernelState(
            Optional<String> table,
            List<String> rules4,
            List<String> rules6,
            List<String> routes4,
            List<String> routes6) {
        this(table, rules4, rules6, routes4, routes6, List.of());
    }

    /** Nothing of flywall's: what {@code destroy} leaves behind. */
    public static final KernelState EMPTY =
            new KernelState(Optional.empty(), List.of(), List.of(), List.of(), List.of());

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
            new com.fasterxml.jackson.databind.ObjectMapper();

    /** As JSON, to survive the process that captured it (the --confirm revert runs in another). */
    public String toJson() {
        var o = JSON.createObjectNode();
        o.put("table", table.orElse(null));
        for (var e : java.util.Map.of("rules4", rules4, "rules6", rules6, "routes4", routes4, "routes6", routes6)
                .entrySet()) {
            var a = o.putArray(e.getKey());
            e.getValue().forEach(a::add);
        }
        var devices = o.putArray("links");
        links.forEach(l -> devices.add(l.toJson(JSON)));
        return o.toString();
    }

    public static KernelState fromJson(String json) throws IOException {
        var o = JSON.readTree(json);
        java.util.function.Function<String, List<String>> list = k -> {
            List<String> out = new ArrayList<>();
            o.path(k).forEach(n -> out.add(k.startsWith("rules") ? legacyRule(n.asText()) : n.asText()));
            return out;
        };
        List<LinkState> links = new ArrayList<>();
        // absent in journals from before devices were provisioned
        o.path("links").forEach(n -> links.add(LinkState.fromJson(n)));
        return new KernelState(
                o.path("table").isTextual() ? Optional.of(o.get("table").asText()) : Optional.empty(),
                list.apply("rules4"),
                list.apply("rules6"),
                list.apply("routes4"),
                list.apply("routes6"),
                links);
    }

    /**
     * Journals written before rules were captured as declarations hold {@code ip rule show} lines
     * ("9100:\tfrom all fwmark 0x100/0xff00 lookup 101 proto 241"): the same rule, declared.
     */
    private static String legacyRule(String rule) {
        var m = java.util.regex.Pattern.compile("([0-9]+):\\s*(?:from all )?(.*)")
                .matcher(rule);
        if (!m.matches()) {
            return rule;
        }
        return ("priority " + m.group(1) + " " + m.group(2).replace("[detached] ", "")).strip();
    }

    /** Three processes: the table, and per family one {@code ip} batch listing the rules and the routes. */
    public static KernelState capture(Kernel kernel) throws IOException, InterruptedException {
        Kernel.Result table = kernel.run("", "nft", "list", "table", "inet", "flywall");
        Listed v4 = listed(kernel, "-4");
        Listed v6 = listed(kernel, "-6");
        return new KernelState(
                table.ok() ? Optional.of(table.out()) : Optional.empty(), v4.rules, v6.rules, v4.routes, v6.routes);
    }

    /**
     * As {@link #capture(Kernel)}, with the link state of {@code devices} and of every device
     * {@code ledger} knows (those the kernel has), flywall's addresses and shaping told apart by the ledger.
     */
    public static KernelState capture(Kernel kernel, java.util.Collection<String> devices, LinkLedger ledger)
            throws IOException, InterruptedException {
        KernelState routes = capture(kernel);
        var entries = ledger.read();
        java.util.Set<String> all = new java.util.TreeSet<>(devices);
        all.addAll(entries.keySet());
        return routes.withLinks(LinkChange.snapshot(LiveLinks.read(kernel, all), entries));
    }

    KernelState withLinks(List<LinkState> links) {
        return new KernelState(table, rules4, rules6, routes4, routes6, links);
    }

    private record Listed(List<String> rules, List<String> routes) {}

    /**
     * Rules in flywall's priority block as {@link KernelRule#declaration()}s and flywall's routes as
     * {@link KernelRoute#declaration()}s, read from {@code ip -j} (the text form puts flags such as
     * {@code [detached]} in the middle of a rule, and a route's last word may be a flag such as
     * {@code linkdown}), without the flags the kernel sets on its own, so they can be written back
     * and compare equal whatever the carrier. One {@code ip -batch} lists both: one JSON array each.
     */
    private static Listed listed(Kernel kernel, String family) throws IOException, InterruptedException {
        Kernel.Result listed = kernel.run(
                "rule show\nroute show table all proto " + PROTOCOL + "\n", "ip", "-j", family, "-batch", "-");
        List<String> arrays = new ArrayList<>();
        // one root value after the other (a reader's readValues would unwrap a lone root array)
        try (var parser = JSON.createParser(listed.out())) {
            for (com.fasterxml.jackson.databind.JsonNode v; (v = parser.readValueAsTree()) != null; ) {
                arrays.add(v.toString());
            }
        }
        if (!listed.ok() || arrays.size() != 2) {
            throw new IOException("ip " + family + " rule show / route show failed: "
                    + listed.err().strip());
        }
        return new Listed(
                KernelRule.parse(arrays.get(0), FIRST_PRIORITY, LAST_PRIORITY).stream()
                        .map(KernelRule::declaration)
                        .toList(),
                KernelRoute.parse(arrays.get(1)).stream()
                        .map(KernelRoute::declaration)
                        .toList());
    }

    /**
     * Puts this state back: flywall's table, rules and routes as captured, everything else
     * untouched; and first the devices: those of the snapshot back to its link state, those only
     * {@code ledger} knows back to what they were before flywall (its addresses removed, the MTU it
     * found, its qdisc deleted); the ledger then says what is flywall's. The change is computed from
     * what the kernel holds now and made as an apply makes it ({@link KernelChange}): the devices, one
     * ip batch per family, then the table in one nft transaction. {@link #EMPTY} restored is
     * {@code destroy}.
     */
    public void restore(Kernel kernel, LinkLedger ledger) throws IOException, InterruptedException, ApplyException {
        var entries = ledger.read();
        java.util.Set<String> devices = new java.util.TreeSet<>(entries.keySet());
        links.forEach(l -> devices.add(l.device()));
        LinkChange change =
                LinkChange.between(LiveLinks.read(kernel, devices), LinkChange.restoring(links, entries), entries);
        ledger.write(change.ledgerBefore());
        change(kernel, change);
        ledger.write(change.ledgerAfter());
    }

    private void change(Kernel kernel, LinkChange links) throws IOException, InterruptedException, ApplyException {
        KernelState now = capture(kernel);
        String nft = "table inet flywall\ndelete table inet flywall\n" + table.orElse("");
        new KernelChange(
                        links,
                        RouteBatch.replacing(
                                "-4", now.rules4, now.routes4, LeaseRoutes.NONE, RouteBatch.writing(rules4, routes4)),
                        RouteBatch.replacing(
                                "-6", now.rules6, now.routes6, LeaseRoutes.NONE, RouteBatch.writing(rules6, routes6)),
                        nft)
                .run(kernel, Transaction.Pause.NONE);
    }
}
