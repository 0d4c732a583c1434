package dev.flywall.effect;

import dev.flywall.decode.AttributeSpec;
import dev.flywall.decode.BlockSpec;
import dev.flywall.decode.Schema;
import java.util.ArrayList;
import java.util.List;

/**
 * One argument of the schema at one place, named by its block path as in docs/reference.md:
 * {@code uplink_group.member.health_check.interval}. The same block spec nested in two places
 * (health_check in an interface and in a member) gives two arguments, because each place has
 * its own behaviour (a member's check overrides its interface's).
 */
record SchemaArgument(String path, AttributeSpec spec) {

    /** Every argument of every block reachable from the top level, in schema order. */
    static List<SchemaArgument> all() {
        List<SchemaArgument> out = new ArrayList<>();
        for (BlockSpec block : Schema.ROOT.blocks()) {
            collect(block, block.type(), out);
        }
        return out;
    }

    private static void collect(BlockSpec block, String path, List<SchemaArgument> out) {
        block.attributes().forEach(a -> out.add(new SchemaArgument(path + "." + a.name(), a)));
        block.blocks().forEach(nested -> collect(nested, path + "." + nested.type(), out));
    }
}
