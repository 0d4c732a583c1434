package dev.flywall.plan;

import dev.flywall.model.Interface;
import java.util.ArrayList;
import java.util.List;

/**
 * The pppd options of a PPPoE interface ({@code pppoe-NAME.peers} in the bundle), for pppd 2.4.9
 * with its rp-pppoe plugin (Debian's {@code ppp}); the daemon runs {@code pppd file PEERS} and
 * supervises it. Every option is in pppd(8). The password is never written here: the daemon
 * hands it to pppd in a separate file of mode 0600.
 */
public final class PppoePeers {

    /** PPPoE's MTU on a standard Ethernet link: 1500 less the 8 bytes of PPPoE and PPP headers. */
    public static final int DEFAULT_MTU = 1492;

    /** The PPPoE and PPP headers inside an Ethernet frame. */
    public static final int OVERHEAD = 8;

    /** pppd's smallest MRU (pppd(8): "between 128 and 16384"). */
    public static final int PPPD_MIN_MRU = 128;

    /** Seconds between LCP echo requests, and unanswered ones after which pppd ends the session. */
    static final int ECHO_INTERVAL_S = 10;

    static final int ECHO_FAILURE = 3;

    /** Seconds pppd waits before dialling again after a session ends. */
    static final int HOLDOFF_S = 5;

    private PppoePeers() {}

    /**
     * The PPP link's MTU and MRU: 1492, or the interface's MTU less 8 when it declares one, never
     * above 1492 (a larger one needs RFC 4638 support from the ISP, which pppd cannot detect).
     */
    public static int mtu(Interface iface) {
        return iface.mtu().isPresent() ? Math.min(DEFAULT_MTU, iface.mtu().getAsInt() - OVERHEAD) : DEFAULT_MTU;
    }

    /** The file's text. */
    static String of(Interface iface) {
        Interface.Pppoe p = iface.pppoe().orElseThrow();
        int mtu = mtu(iface);
        List<String> lines = new ArrayList<>();
        lines.add("# flywall: pppd options of the PPPoE session on " + iface.name() + " (pppd 2.4.9, Debian's ppp)."
                + " Not the password:");
        lines.add("# flywall run gives it to pppd in a separate file of mode 0600.");
        lines.add("plugin rp-pppoe.so");
        lines.add("nic-" + iface.name());
        lines.add("ifname " + p.device());
        lines.add("user " + quote(p.username()));
        lines.add("# the ISP does not authenticate to us");
        lines.add("noauth");
        lines.add("# flywall routes: the session's gateway goes to the uplink's table, DNS stays as configured");
        lines.add("nodefaultroute");
        lines.add("noipdefault");
        lines.add("# redial for ever, " + HOLDOFF_S + " s apart; a silent peer ends the session after "
                + ECHO_FAILURE * ECHO_INTERVAL_S + " s");
        lines.add("persist");
        lines.add("maxfail 0");
        lines.add("holdoff " + HOLDOFF_S);
        lines.add("lcp-echo-interval " + ECHO_INTERVAL_S);
        lines.add("lcp-echo-failure " + ECHO_FAILURE);
        lines.add("mtu " + mtu);
        lines.add("mru " + mtu);
        lines.add("hide-password");
        lines.add("# supervised by flywall run");
        lines.add("nodetach");
        return String.join("\n", lines) + "\n";
    }

    /**
     * A word of a pppd options file: in double quotes, with {@code "} and {@code \} escaped by a
     * backslash (pppd(8), OPTIONS FILES). Control characters have no safe spelling (pppd reads
     * {@code \n}, {@code \t} and octal escapes): validation rejects them in the username, and this
     * throws for them. Public for the daemon's password file ({@code password "..."}), which pppd
     * parses the same way.
     */
    public static String quote(String word) {
        StringBuilder out = new StringBuilder("\"");
        for (int i = 0; i < word.length(); i++) {
            char c = word.charAt(i);
            if (Character.isISOControl(c)) {
                throw new IllegalArgumentException("a control character in a pppd option: " + word);
            }
            if (c == '"' || c == '\\') {
                out.append('\\');
            }
            out.append(c);
        }
        return out.append('"').toString();
    }
}
