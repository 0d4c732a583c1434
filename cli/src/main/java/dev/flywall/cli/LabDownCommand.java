package dev.flywall.cli;

import dev.flywall.runtime.lab.Lab;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code flywall lab down}: stop the lab's processes and delete its namespaces. */
@Command(
        name = "down",
        mixinStandardHelpOptions = true,
        versionProvider = FlywallVersion.class,
        description = "Stop the lab's daemon and servers and delete its namespaces.")
final class LabDownCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    LabCommand.NameOption name = new LabCommand.NameOption();

    @Override
    public Integer call() throws Exception {
        if (LabCommand.notRoot(spec.commandLine().getErr())) {
            return ExitCodes.ENVIRONMENT;
        }
        int n = new Lab().down(name.name);
        spec.commandLine()
                .getOut()
                .println(
                        n == 0
                                ? "No lab named " + name.name + " is up."
                                : "Lab " + name.name + " removed (" + n + " namespaces).");
        return ExitCodes.SUCCESS;
    }
}
