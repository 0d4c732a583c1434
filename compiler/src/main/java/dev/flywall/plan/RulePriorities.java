package dev.flywall.plan;

/**
 * The block of {@code ip rule} priorities flywall owns, 9000–9499, each rule tagged
 * {@code protocol 241} (and each route {@code proto 241}) so that flywall's own can be told apart.
 * Everything else belongs to someone else and is never touched. Within the block:
 * <pre>
 *   9000            lookup main suppress_prefixlength 0   (connected and LAN routes beat marks)
 *   9100 + slot     fwmark MARK/MASK lookup TABLE          (marked forwarded and local traffic)
 *   9200 + slot     from WAN-ADDRESS lookup TABLE          (unmarked traffic from a WAN address)
 *   9300 + slot     oif WAN lookup TABLE                   (sockets bound to the WAN: probes)
 *   9499            fwmark MASK/MASK prohibit              (strict route whose uplink is down)
 * </pre>
 * Marks come before source addresses: the gateway's own traffic picks its source address
 * before the output chain marks it for a group's uplink, and must then follow the mark.
 */
public final class RulePriorities {

    public static final int FIRST = 9000;
    public static final int LAST = 9499;
    public static final int SUPPRESS_DEFAULT = 9000;
    public static final int FWMARK = 9100;
    public static final int FROM_ADDRESS = 9200;
    public static final int OUTPUT_INTERFACE = 9300;
    public static final int BLACKHOLE = 9499;

    /** Slots fit in the gaps between the blocks above (99 each). */
    public static final int MAX_SLOT = 99;

    /** The routing protocol number that marks flywall's rules and routes ("proto 241"). */
    public static final int PROTOCOL = 241;

    private RulePriorities() {}
}
