package dev.flywall.plan;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The tc batch that shapes a WAN's egress to its {@code bandwidth}: an HTB root whose one class
 * (the default) is capped at the rate, with a fair-queueing leaf under it so that one bulk flow
 * cannot starve the others. Written by the compiler for review ({@code shaping.tc}, leaf
 * {@link #PREFERRED_LEAF}) and by {@code apply} with the leaf the kernel has.
 */
public final class ShapingBatch {

    /** The leaf where the kernel has it; apply falls back (and says so) where it has not. */
    public static final String PREFERRED_LEAF = "fq_codel";

    /** Leaves in order of preference; {@code pfifo} is in every kernel that has HTB. */
    public static final List<String> LEAVES = List.of("fq_codel", "cake", "sfq", "pfifo");

    /**
     * The socket priority ({@code SO_PRIORITY}) that sends a packet to the direct queue of the HTB
     * root {@code 1:} these lines install: HTB takes a packet whose priority is its own handle
     * ({@code 1:0}) past its classes, and sends that queue before any class. The daemon's health
     * probes carry it, so that a queue of the uplink's own traffic in the shaper (a saturating
     * upload) cannot delay them past their timeout and fail a working uplink; they are a few small
     * packets per interval, which the rate does not need to count. On a device without flywall's
     * HTB it is an ordinary priority (its low bits, 0, are the default band).
     */
    public static final int PROBE_PRIORITY = 0x0001_0000;

    /** The lowest rate shaped: HTB's rates below 8 kbit/s (one byte per millisecond) are refused by lint. */
    public static final long MIN_RATE_BPS = 8_000;

    private static final Pattern DEVICE = Pattern.compile("[A-Za-z0-9_.@-]{1,15}");

    private ShapingBatch() {}

    /**
     * The lines of {@code tc -batch} shaping {@code device} to {@code rateBps}: root
     * {@code 1:} HTB defaulting to class {@code 1:10}, the class at rate = ceil, the leaf
     * {@code 10:}.
     */
    public static List<String> lines(String device, long rateBps, String leaf) {
        if (!DEVICE.matcher(device).matches()) {
            throw new IllegalArgumentException("not a device name: " + device);
        }
        if (rateBps < MIN_RATE_BPS) {
            throw new IllegalArgumentException("a rate below 8 kbit/s: " + rateBps);
        }
        if (!LEAVES.contains(leaf)) {
            throw new IllegalArgumentException("not a leaf qdisc flywall uses: " + leaf);
        }
        // HTB's quantum (bytes a class sends per round) defaults to rate / 8 / r2q, which the kernel
        // calls "big" above 200 kB (from 16 Mbit/s); one class needs no more than a few full frames
        long quantum = Math.max(1514, Math.min(60_000, rateBps / 8 / 10));
        return List.of(
                "qdisc replace dev " + device + " root handle 1: htb default 10",
                "class replace dev " + device + " parent 1: classid 1:10 htb rate " + rateBps + "bit ceil " + rateBps
                        + "bit quantum " + quantum,
                "qdisc replace dev " + device + " parent 1:10 handle 10: " + leaf);
    }
}
