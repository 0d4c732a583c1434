package dev.flywall.effect;

import dev.flywall.diag.Code;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The arguments whose effect {@link EveryArgumentHasAnEffectTest} cannot see in the compiled
 * artifacts, each with where its effect is proven or why it has none yet. Keys are schema paths
 * ({@code block.nested.argument}).
 */
final class EffectLists {

    private EffectLists() {}

    /** Arguments whose effect lives only in the daemon or CLI → the test that proves it ({@code Class#method}). */
    static final Map<String, String> PROVEN_AT_RUN_TIME = Map.of(
            // cannot change alone: true excludes address and gateway (E0320), false needs a gateway (E0304)
            "interface.dhcp", "dev.flywall.runtime.engine.KernelEffectsTest#dhcpUplinksFollowTheirAddressAndGateway");

    /** An argument lint rejects: the code it reports, and a value of the argument's type to try. */
    record Rejected(Code code, String value) {}

    /** Arguments lint rejects as not supported yet, so they are never accepted and dropped. */
    static final Map<String, Rejected> NOT_SUPPORTED =
            Map.of("ipset.file", new Rejected(Code.E0321, "\"/etc/flywall/office.txt\""));

    /** Arguments accepted without a compiled effect, and why that is right for now. */
    static final Map<String, String> EXCEPTIONS = Map.of(
            "interface.zone",
                    "A name for people and lint (W0510 warns of a WAN zone without a wan block), as in"
                            + " Flywall: flywall's rules take the uplinks from wan blocks and put every other interface on the"
                            + " LAN side (docs/rules.md), so no zone value changes the rules.",
            "ipset.type",
                    "Every entry must have the declared family (E0407) and a set needs entries, so no valid"
                            + " configuration differs in type alone; the family is the nft set's type (type ipv6_addr in"
                            + " golden/ipv6-dual-stack/ruleset.nft).");

    /** Which list names the argument, or null. */
    static String listing(String path) {
        if (PROVEN_AT_RUN_TIME.containsKey(path)) {
            return "proven at run time by " + PROVEN_AT_RUN_TIME.get(path);
        }
        if (NOT_SUPPORTED.containsKey(path)) {
            return "rejected by lint with " + NOT_SUPPORTED.get(path).code().id();
        }
        return EXCEPTIONS.get(path);
    }

    static List<String> allListedPaths() {
        List<String> all = new ArrayList<>(PROVEN_AT_RUN_TIME.keySet());
        all.addAll(NOT_SUPPORTED.keySet());
        all.addAll(EXCEPTIONS.keySet());
        return all;
    }
}
