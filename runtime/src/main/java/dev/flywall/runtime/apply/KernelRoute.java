package dev.flywall.runtime.apply;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One route of flywall's (proto 241) as {@code ip -j route show} reports it, reduced to what a
 * route batch can declare: type, destination, table, metric and the next hops (gateway, device,
 * weight, {@code onlink}). What the kernel adds on its own — {@code linkdown}, {@code dead},
 * {@code pref}, {@code scope} — is left out, so that a link's carrier never shows up as a change
 * and the route can be written back with {@code ip route replace}.
 */
public record KernelRoute(
        String type, String destination, String table, Optional<Long> metric, List<NextHop> nextHops) {

    /** Where a route sends packets: a gateway and/or a device. */
    public record NextHop(Optional<String> gateway, Optional<String> device, Optional<Integer> weight, boolean onlink) {

        static NextHop of(JsonNode n) {
            boolean onlink = false;
            for (JsonNode flag : n.path("flags")) {
                onlink |= flag.asText().equals("onlink");
            }
            return new NextHop(
                    text(n, "gateway"),
                    text(n, "dev"),
                    n.has("weight") ? Optional.of(n.get("weight").asInt()) : Optional.empty(),
                    onlink);
        }

        String words() {
            List<String> out = new ArrayList<>();
            gateway.ifPresent(g -> out.add("via " + g));
            device.ifPresent(d -> out.add("dev " + d));
            weight.ifPresent(w -> out.add("weight " + w));
            if (onlink) {
                out.add("onlink");
            }
            return String.join(" ", out);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    public KernelRoute {
        nextHops = List.copyOf(nextHops);
    }

    /** The routes of an {@code ip -j route show} answer (an empty answer is no routes). */
    static List<KernelRoute> parse(String json) throws IOException {
        List<KernelRoute> routes = new ArrayList<>();
        if (json.isBlank()) {
            return routes;
        }
        for (JsonNode r : JSON.readTree(json)) {
            List<NextHop> hops = new ArrayList<>();
            if (r.has("nexthops")) {
                r.get("nexthops").forEach(n -> hops.add(NextHop.of(n)));
            } else {
                hops.add(NextHop.of(r));
            }
            routes.add(new KernelRoute(
                    text(r, "type").orElse("unicast"),
                    text(r, "dst").orElse("default"),
                    text(r, "table").orElse("main"),
                    r.has("metric") ? Optional.of(r.get("metric").asLong()) : Optional.empty(),
                    hops));
        }
        return routes;
    }

    /**
     * The arguments of {@code ip route replace} that put this route back, as flywall's batches
     * write them: {@code default via 203.0.113.9 dev eth0 onlink table 101 proto 241}.
     */
    public String declaration() {
        List<String> out = new ArrayList<>();
        if (!type.equals("unicast")) {
            out.add(type);
        }
        out.add(destination);
        if (nextHops.size() == 1) {
            String hop = nextHops.get(0).words();
            if (!hop.isEmpty()) {
                out.add(hop);
            }
        }
        out.add("table " + table);
        metric.ifPresent(m -> out.add("metric " + m));
        out.add("proto " + KernelState.PROTOCOL);
        if (nextHops.size() > 1) {
            nextHops.forEach(h -> out.add("nexthop " + h.words()));
        }
        return String.join(" ", out);
    }

    private static Optional<String> text(JsonNode n, String field) {
        return n.hasNonNull(field) ? Optional.of(n.get(field).asText()) : Optional.empty();
    }
}
