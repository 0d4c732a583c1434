package dev.flywall.plan;

import java.util.ArrayList;
import java.util.List;

/**
 * How new connections are spread over uplinks: {@code numgen random mod TOTAL} (or a hash of
 * the source address, for sticky groups) maps each share to one uplink's chain. The modulus is
 * the sum of the weights, so every share is exact: weights 5/3/2 give 0-4, 5-7, 8-9 of 10.
 *
 * <p>Sticky groups remember each source: every member has a dynamic set per address family
 * whose entries time out after {@code sticky_timeout}, filled by the member's sticky chain
 * ({@code update @set { ip saddr }}, so each new connection restarts the source's timer) before
 * it jumps to the uplink. A source found in a live member's set goes back to that member; a new
 * one is placed by the hash and weights. The runtime lists only live members' sets in the group
 * chain and flushes a member's sets when it leaves the active set, so a member going down moves
 * only its own sources and its return moves nobody: two rules per live member, whatever the
 * number of sources.
 */
public final class Distribution {

    /** One uplink and its weight. */
    public record Share(String chain, int weight) {}

    /**
     * A sticky group member's nft objects: the chain that records the source and marks the
     * connection, and the IPv4 and IPv6 sets of its sources.
     */
    public record Sticky(String chain, String set4, String set6) {}

    private Distribution() {}

    /** The vmap text: {@code { 0-4 : goto up_eth0, 5-7 : goto up_eth1, 8-9 : goto up_eth2 }}. */
    public static String vmap(List<Share> shares) {
        List<String> elements = new ArrayList<>();
        int start = 0;
        for (Share s : shares) {
            int end = start + s.weight() - 1;
            elements.add((start == end ? Integer.toString(start) : start + "-" + end) + " : goto " + s.chain());
            start = end + 1;
        }
        return "{ " + String.join(", ", elements) + " }";
    }

    /** A stable hash seed per group, so a source keeps its uplink across reloads and switches. */
    public static long seed(String group) {
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(group.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return crc.getValue();
    }

    public static int total(List<Share> shares) {
        return shares.stream().mapToInt(Share::weight).sum();
    }

    /**
     * A sticky group's statements: live members' sources go back to them, then new sources are
     * placed by {@link #statements} over the members' sticky chains (the shares' chains).
     */
    public static List<String> stickyStatements(List<Sticky> live, List<Share> shares, long seed) {
        List<String> out = new ArrayList<>();
        for (Sticky s : live) {
            out.add("ip saddr @" + s.set4() + " goto " + s.chain());
            out.add("ip6 saddr @" + s.set6() + " goto " + s.chain());
        }
        out.addAll(statements(shares, true, seed));
        return out;
    }

    /** A sticky chain's statements: remember the source (restarting its timeout), then the uplink. */
    public static List<String> stickyChain(Sticky s, String uplinkChain) {
        return List.of(
                "meta nfproto ipv4 update @" + s.set4() + " { ip saddr }",
                "meta nfproto ipv6 update @" + s.set6() + " { ip6 saddr }",
                "goto " + uplinkChain);
    }

    /**
     * The statements that pick an uplink for a new connection: random by weight, or for sticky
     * groups by a hash of the source address (one statement per address family), then a safety
     * net. While the runtime swaps this chain, a packet may still see the old rule with its
     * anonymous map already gone (measured: about 1 in 100 swaps); the net sends it to the first
     * uplink instead of leaving it unmarked. The jumps are {@code goto}s, so the net never runs
     * after a successful pick.
     */
    public static List<String> statements(List<Share> shares, boolean sticky, long seed) {
        String net = "goto " + shares.get(0).chain();
        if (shares.size() == 1) {
            return List.of(net);
        }
        String map =
                " mod " + total(shares) + (sticky ? " seed " + MarkLayout.hex(seed) : "") + " vmap " + vmap(shares);
        if (!sticky) {
            return List.of("numgen random" + map, net);
        }
        return List.of("meta nfproto ipv4 jhash ip saddr" + map, "meta nfproto ipv6 jhash ip6 saddr" + map, net);
    }
}
