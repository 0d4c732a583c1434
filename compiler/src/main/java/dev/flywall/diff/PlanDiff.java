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

    /**
     * The counted outcome: {@code lines} are the changes as printed, {@code notes} what is said
     * after the summary; {@link #text()} is the whole plan.
     */
    public record Result(int add, int change, int destroy, String lines, List<String> notes) {
        public Result {
            notes = List.copyOf(notes);
        }

        public boolean hasChanges() {
            return add + change + destroy > 0;
        }

        /** The plan as printed: the lines, then {@code Plan: N to add, …} (or {@code No changes.}), then the notes. */
        public String text() {
            StringBuilder out = new StringBuilder(lines);
            if (!hasChanges()) {
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
            notes.forEach(n -> out.append(n).append('\n'));
            return out.toString();
        }

        /**
         * This plan with {@code more} changes after its own ({@code  + text}, counted by their sign:
         * {@code +} to add, {@code -} to destroy, any other to change) and {@code moreNotes} after the summary.
         */
        public Result with(List<Line> more, List<String> moreNotes) {
            StringBuilder out = new StringBuilder(lines);
            int a = add;
            int c = change;
            int d = destroy;
            for (Line line : more) {
                out.append("  ")
                        .append(line.sign())
                        .append(' ')
                        .append(line.text())
                        .append('\n');
                switch (line.sign()) {
                    case '+' -> a++;
                    case '-' -> d++;
                    default -> c++;
                }
            }
            List<String> all = new ArrayList<>(notes);
            all.addAll(moreNotes);
            return new Result(a, c, d, out.toString(), all);
        }
    }

    /** One change of a plan line: its sign ({@code +}, {@code -}, {@code ~}) and what it says. */
    public record Line(char sign, String text) {}

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
        return new Result(add, change, destroy, out.toString(), List.of());
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
