package dev.flywall.plan;

import dev.flywall.model.UplinkGroup;
import java.util.List;

/** Which members of a group carry traffic while all are up. */
public final class GroupTiers {

    private GroupTiers() {}

    /** Failover: the members with the lowest priority number; balance: all members. */
    public static List<UplinkGroup.Member> initial(UplinkGroup g) {
        if (g.mode() == UplinkGroup.Mode.BALANCE || g.members().isEmpty()) {
            return g.members();
        }
        int best = g.members().stream()
                .mapToInt(UplinkGroup.Member::priority)
                .min()
                .orElseThrow();
        return g.members().stream().filter(m -> m.priority() == best).toList();
    }
}
