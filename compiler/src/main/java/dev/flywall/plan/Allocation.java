package dev.flywall.plan;

import dev.flywall.model.Cidr;
import dev.flywall.model.Config;
import dev.flywall.model.Interface;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Assigns each WAN its mark slot and routing table: the ones written in the configuration
 * first, then the lowest free ones in file order — so adding a WAN at the end never renumbers
 * the others.
 */
final class Allocation {

    /** Tables from here on are flywall's (the kernel's are 253–255; 0 is unspecified). */
    static final int FIRST_TABLE = 101;

    private Allocation() {}

    static List<Uplink> uplinks(Config config, MarkLayout marks) {
        List<Interface> wans = config.wans();
        Set<Integer> slots = new HashSet<>();
        Set<Integer> tables = new HashSet<>();
        for (Interface w : wans) {
            w.wan().orElseThrow().mark().ifPresent(slots::add);
            w.wan().orElseThrow().table().ifPresent(tables::add);
        }
        List<Uplink> out = new ArrayList<>();
        int nextSlot = 1;
        int nextTable = FIRST_TABLE;
        for (Interface w : wans) {
            Interface.Wan wan = w.wan().orElseThrow();
            int slot;
            if (wan.mark().isPresent()) {
                slot = wan.mark().getAsInt();
            } else {
                while (slots.contains(nextSlot)) {
                    nextSlot++;
                }
                slot = nextSlot++;
            }
            int table;
            if (wan.table().isPresent()) {
                table = wan.table().getAsInt();
            } else {
                while (tables.contains(nextTable)) {
                    nextTable++;
                }
                table = nextTable++;
            }
            // a PPPoE uplink's address is the PPP session's; static addresses of its Ethernet device
            // (a modem's management subnet) are provisioned, but neither NAT nor routing use them
            List<Cidr> addresses = w.pppoe().isPresent() ? List.of() : w.addresses();
            out.add(new Uplink(
                    w.name(), w.device(), slot, marks.mark(slot), table, w.addressing(), w.gateways(), addresses, w));
        }
        return out;
    }
}
