package dev.flywall.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;

/** What {@code flywall lab run --scenario} plays in a lab that is up. */
sealed interface LabScenario
        permits LabBalanceScenario,
                LabPolicyScenario,
                LabFailoverScenario,
                LabLeaseScenario,
                LabShapingScenario,
                LabPrefixScenario,
                LabDrainScenario,
                LabHaScenario {

    /** Plays it, printing as it goes; an exit code (success, or failure said on {@code err}). */
    int play(RunningLab lab, PrintWriter out, PrintWriter err) throws Exception;

    /**
     * The scenarios a {@code --scenario} name plays, in order; empty for an unknown name. Names
     * joined by commas ({@code failover,lease}) play one after the other in the same lab.
     */
    static Optional<List<LabScenario>> named(String name) {
        if (name.contains(",")) {
            List<LabScenario> all = new java.util.ArrayList<>();
            for (String part : name.split(",", -1)) {
                Optional<List<LabScenario>> one = part.contains(",") ? Optional.empty() : named(part.strip());
                if (one.isEmpty()) {
                    return Optional.empty();
                }
                all.addAll(one.get());
            }
            return Optional.of(all);
        }
        return switch (name) {
            case "failover" -> Optional.of(List.of(new LabFailoverScenario()));
            case "balance" -> Optional.of(List.of(new LabBalanceScenario()));
            case "policy" -> Optional.of(List.of(new LabPolicyScenario()));
            case "lease" -> Optional.of(List.of(new LabLeaseScenario()));
            case "shaping" -> Optional.of(List.of(new LabShapingScenario()));
            case "prefix" -> Optional.of(List.of(new LabPrefixScenario()));
            case "drain" -> Optional.of(List.of(new LabDrainScenario()));
            case "ha" -> Optional.of(List.of(new LabHaScenario()));
            case "all" ->
                Optional.of(List.of(new LabBalanceScenario(), new LabPolicyScenario(), new LabFailoverScenario()));
            default -> Optional.empty();
        };
    }
}
