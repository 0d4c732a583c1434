package dev.flywall.plan;

import dev.flywall.model.Cidr;
import java.util.Objects;

/**
 * The nft statements of an uplink's IPv6 prefix translation (NPTv6): the one place they are
 * written, used by the compiler's ruleset for a static outside prefix and by the runtime when a
 * delegated prefix is learned or changes. Stateless and 1:1: on the way out the source prefix
 * {@code inside} becomes {@code outside} and the host bits stay; on the way in the destination
 * goes back. The kernel recomputes the transport checksum for the changed pseudo-header, so the
 * host bits need no checksum-neutral adjustment (RFC 6296 section 3.2 would change them).
 */
public final class NptRules {

    private NptRules() {}

    /** The rule of the outgoing chain (postrouting, by the packet's source address). */
    public static String out(Cidr inside, Cidr outside, String comment) {
        check(inside, outside);
        return "ip6 saddr " + text(inside) + " ip6 saddr set ip6 saddr & " + hostMask(inside.prefix()) + " | "
                + outside.network().addressText() + " comment \"" + comment + "\"";
    }

    /** The rule of the incoming chain (prerouting before conntrack, by the destination address). */
    public static String in(Cidr inside, Cidr outside, String comment) {
        check(inside, outside);
        return "ip6 daddr " + text(outside) + " ip6 daddr set ip6 daddr & " + hostMask(outside.prefix()) + " | "
                + inside.network().addressText() + " comment \"" + comment + "\"";
    }

    /**
     * The rule of the outgoing chain while there is no outside prefix to translate to (none
     * delegated yet, or one refused): the LAN's packets are dropped rather than leaving with their
     * inside prefix, which the ISP would not route back and which must not reach it.
     */
    public static String withheld(Cidr inside, String comment) {
        if (!inside.isV6()) {
            throw new IllegalArgumentException("NPT translates IPv6 prefixes: " + inside);
        }
        return "ip6 saddr " + text(inside) + " drop comment \"" + comment + "\"";
    }

    private static void check(Cidr inside, Cidr outside) {
        Objects.requireNonNull(inside, "inside");
        Objects.requireNonNull(outside, "outside");
        if (!inside.isV6() || !outside.isV6()) {
            throw new IllegalArgumentException("NPT translates IPv6 prefixes: " + inside + ", " + outside);
        }
        if (inside.prefix() != outside.prefix()) {
            throw new IllegalArgumentException(
                    "NPT needs prefixes of one length: " + inside.network() + " and " + outside.network());
        }
    }

    private static String text(Cidr c) {
        return c.network().addressText() + "/" + c.prefix();
    }

    /** The IPv6 mask of the host bits of a prefix of {@code length} bits ("::ffff:ffff:ffff:ffff" for 64). */
    static String hostMask(int length) {
        byte[] mask = new byte[16];
        for (int bit = length; bit < 128; bit++) {
            mask[bit / 8] |= (byte) (0x80 >>> (bit % 8));
        }
        return new Cidr(mask, 128).addressText();
    }
}
