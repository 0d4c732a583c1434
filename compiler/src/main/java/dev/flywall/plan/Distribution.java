package dev.flywall.plan;

import java.util.ArrayList;
import java.util.List;

/**
 * How new connections are spread over uplinks: {@code numgen random mod TOTAL} (or a hash of
 * the source address, for sticky groups) maps each share to one uplink's chain. The modulus is
 * the sum of the weights, so every share is exact: weights 5/3/2 give 0-4, 5-7, 8-9 of 10.
 */
public final class Distribution {

    /** One uplink and its weight. */
    public record Share(String chain, int weight) {}

    private Distribution() {}

    /** The vmap text: {@code { 0-4 : jump up_eth0, 5-7 : jump up_eth1, 8-9 : jump up_eth2 }}. */
    public static String vmap(List<Share> shares) {
        List<String> elements = new ArrayList<>();
        int start = 0;
        for (Share s : shares) {
            int end = start + s.weight() - 1;
            elements.add((start == end ? Integer.toString(start) : start + "-" + end) + " : jump " + s.chain());
            start = end + 1;
        }
        return "{ " + String.join(", ", elements) + " }";
    }

    public static int total(List<Share> shares) {
        return shares.stream().mapToInt(Share::weight).sum();
    }

    /**
     * The statement that picks an uplink for a new connection: random by weight, or for sticky
     * groups by a hash of the source address (one statement per address family).
     */
    public static List<String> statements(List<Share> shares, boolean sticky, long seed) {
        if (shares.size() == 1) {
            return List.of("jump " + shares.get(0).chain());
        }
        String map = " mod " + total(shares) + (sticky ? " seed " + MarkLayout.hex(seed) : "") + " vmap " + vmap(shares);
        if (!sticky) {
            return List.of("numgen random" + map);
        }
        return List.of("meta nfproto ipv4 jhash ip saddr" + map, "meta nfproto ipv6 jhash ip6 saddr" + map);
    }
}
