package dev.flywall.diff;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A Terraform-style plan between two bundles: objects added ({@code +}), removed ({@code -}) and
 * changed ({@code ~}, with the lines that differ), then {@code Plan: N to add, M to change, K to
 * destroy.}.
 */
public final class PlanDiff {

    /** The counted outcome and its text. */
    public record Result(int add, int change, int destroy, String text) {
        public boolean hasChanges() {
            return add + change + destroy > 0;
        }
    }

    private PlanDiff() {}

    public static Result between(Map<String, String> before, Map<String, String> after) {
        Map<String, BundleObjects.Item> old = BundleObjects.of(before);
        Map<String, BundleObjects.Item> now = BundleObjects.of(after);
        Set<String> keys = new LinkedHashSet<>(now.keySet());
        keys.addAll(old.keySet());
        StringBuilder out = new StringBuilder();
        int add = 0;
        int change = 0;
        int destroy = 0;
        for (String key : keys) {
            BundleObjects.Item a = old.get(key);
            BundleObjects.Item b = now.get(key);
            if (a == null) {
                add++;
                out.append("  + ").append(title(b)).append('\n');
                b.lines().forEach(l -> out.append("      + ").append(l).append('\n'));
            } else if (b == null) {
                destroy++;
                out.append("  - ").append(title(a)).append('\n');
            } else if (!a.lines().equals(b.lines())) {
                change++;
                out.append("  ~ ").append(title(b)).append('\n');
                lineDiff(a.lines(), b.lines(), out);
            }
        }
        if (add + change + destroy == 0) {
            out.append("No changes.\n");
        } else {
            out.append("\nPlan: ")
                    .append(add)
                    .append(" to add, ")
                    .append(change)
                    .append(" to change, ")
                    .append(destroy)
                    .append(" to destroy.\n");
        }
        return new Result(add, change, destroy, out.toString());
    }

    private static String title(BundleObjects.Item item) {
        return item.kind() + " " + item.name();
    }

    /** Lines only in the old object, then lines only in the new one (order kept). */
    private static void lineDiff(List<String> before, List<String> after, StringBuilder out) {
        List<String> removed = new ArrayList<>(before);
        removed.removeAll(after);
        List<String> added = new ArrayList<>(after);
        added.removeAll(before);
        removed.forEach(l -> out.append("      - ").append(l).append('\n'));
        added.forEach(l -> out.append("      + ").append(l).append('\n'));
        if (removed.isEmpty() && added.isEmpty()) {
            out.append("      (same lines in another order)\n");
        }
    }
}
