package dev.flywall.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;

/** What {@code flywall lab run --scenario} plays in a lab that is up. */
sealed interface LabScenario permits LabBalanceScenario, LabPolicyScenario, LabFailoverScenario, LabLeaseScenario {

    /** Plays it, printing as it goes; an exit code (success, or failure said on {@code err}). */
    int play(RunningLab lab, PrintWriter out, PrintWriter err) throws Exception;

    /** The scenarios a {@code --scenario} name plays, in order; empty for an unknown name. */
    static Optional<List<LabScenario>> named(String name) {
        return switch (name) {
            case "failover" -> Optional.of(List.of(new LabFailoverScenario()));
            case "balance" -> Optional.of(List.of(new LabBalanceScenario()));
            case "policy" -> Optional.of(List.of(new LabPolicyScenario()));
            case "lease" -> Optional.of(List.of(new LabLeaseScenario()));
            case "all" ->
                Optional.of(List.of(new LabBalanceScenario(), new LabPolicyScenario(), new LabFailoverScenario()));
            default -> Optional.empty();
        };
    }
}
