package dev.flywall.plan;

/**
 * Where flywall's marks live in the 32-bit packet and connection mark: the bits of {@code mask}
 * (default 0xff00: 255 uplinks, and the other 24 bits stay free for other tools). Uplink slot
 * {@code n} (1..254) has mark {@code n << shift}; the all-ones slot means "drop: the strict
 * route's uplink is down".
 */
public record MarkLayout(long mask) {

    public static final MarkLayout DEFAULT = new MarkLayout(0xff00L);

    public MarkLayout {
        if (mask <= 0
                || mask > 0xffffffffL
                || Long.bitCount(mask) < 2
                || Long.bitCount(mask) != 64 - Long.numberOfLeadingZeros(mask) - Long.numberOfTrailingZeros(mask)) {
            throw new IllegalArgumentException(
                    "the mark mask must be one run of at least 2 bits: 0x" + Long.toHexString(mask));
        }
    }

    public int shift() {
        return Long.numberOfTrailingZeros(mask);
    }

    /** The highest slot an uplink may use; the one above is the blackhole mark. */
    public int maxSlot() {
        // a 32-bit mask leaves 2^32 - 2 slots, more than an int holds (and far more than 99 WANs need)
        return (int) Math.min(Integer.MAX_VALUE, (mask >>> shift()) - 1);
    }

    public long mark(int slot) {
        if (slot < 1 || slot > maxSlot()) {
            throw new IllegalArgumentException("mark slot out of range: " + slot);
        }
        return ((long) slot) << shift();
    }

    /** The mark of traffic whose strict policy route has no live uplink. */
    public long blackhole() {
        return mask;
    }

    /** The bits outside flywall's range, as nft writes them for "keep the other bits". */
    public long keepOthers() {
        return ~mask & 0xffffffffL;
    }

    public static String hex(long value) {
        return "0x" + Long.toHexString(value);
    }
}
