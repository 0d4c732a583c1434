package dev.flywall.runtime.apply;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The whole change of flywall's ip rules and routes of one address family as one {@code ip -batch}:
 * first deleting, by their exact declarations, the rules and routes a snapshot lists, then writing
 * the wanted ones. One ip process reads it from a file, so the old set is replaced within one
 * process's run (milliseconds) instead of one {@code ip} command per rule, and a kill -9 of flywall
 * cannot stop it halfway. A delete that finds nothing (the daemon's lease sync moved a route since
 * the snapshot) is no failure: the rule or route is gone either way. A write that fails is.
 */
record RouteBatch(String family, List<String> deletes, List<String> writes) {

    private static final Pattern FAILED = Pattern.compile("Command failed .*:([0-9]+)");

    RouteBatch {
        deletes = List.copyOf(deletes);
        writes = List.copyOf(writes);
    }

    /**
     * Replaces what {@code rules} and {@code routes} (declarations, as captured) list — except what
     * {@code keep} says the daemon's lease sync owns — with {@code wanted}, lines of a batch.
     */
    static RouteBatch replacing(
            String family, List<String> rules, List<String> routes, LeaseRoutes keep, List<String> wanted) {
        LeaseRoutes kept = family.equals("-4") ? keep : LeaseRoutes.NONE;
        List<String> deletes = new ArrayList<>();
        rules.stream().filter(r -> !kept.ownsRule(r)).forEach(r -> deletes.add("rule del " + r));
        routes.stream().filter(r -> !kept.ownsRoute(r)).forEach(r -> deletes.add("route del " + r));
        return new RouteBatch(family, deletes, wanted);
    }

    /** The lines that put back captured rules and routes (declarations). */
    static List<String> writing(List<String> rules, List<String> routes) {
        List<String> lines = new ArrayList<>();
        rules.forEach(r -> lines.add("rule add " + r));
        routes.forEach(r -> lines.add("route replace " + r));
        return lines;
    }

    /** The lines of a rendered batch ({@code routes.ip}), comments and blank lines left out. */
    static List<String> lines(String batch) {
        if (batch == null) {
            return List.of();
        }
        return batch.lines()
                .map(String::strip)
                .filter(l -> !l.isEmpty() && !l.startsWith("#"))
                .toList();
    }

    boolean isEmpty() {
        return deletes.isEmpty() && writes.isEmpty();
    }

    String text() {
        List<String> all = new ArrayList<>(deletes);
        all.addAll(writes);
        return String.join("\n", all) + "\n";
    }

    /** Runs the batch ({@code -force}: every line is tried); a write that failed is an {@link ApplyException}. */
    void run(Kernel kernel) throws IOException, InterruptedException, ApplyException {
        if (isEmpty()) {
            return;
        }
        Kernel.Result result = kernel.runOnFile(text(), "ip", "-force", family, "-batch");
        if (result.ok()) {
            return;
        }
        List<String> failed = new ArrayList<>();
        Matcher m = FAILED.matcher(result.err());
        while (m.find()) {
            int line = Integer.parseInt(m.group(1));
            if (line > deletes.size() && line <= deletes.size() + writes.size()) {
                failed.add(writes.get(line - deletes.size() - 1));
            }
        }
        boolean onlyDeletes = failed.isEmpty() && result.err().contains("Command failed");
        if (!onlyDeletes) {
            String errors = result.err()
                    .lines()
                    .filter(l -> !FAILED.matcher(l).find())
                    .map(String::strip)
                    .reduce((a, b) -> a + "; " + b)
                    .orElse("exit code " + result.exitCode());
            throw new ApplyException("ip " + family + " -batch failed: " + errors
                    + (failed.isEmpty() ? "" : " (at: " + String.join(" | ", failed) + ")"));
        }
    }
}
