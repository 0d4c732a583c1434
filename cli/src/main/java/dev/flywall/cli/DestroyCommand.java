package dev.flywall.cli;

import dev.flywall.runtime.apply.ApplyException;
import dev.flywall.runtime.apply.ConfirmWatch;
import dev.flywall.runtime.apply.Intent;
import dev.flywall.runtime.apply.KernelState;
import dev.flywall.runtime.apply.LinkLedger;
import dev.flywall.runtime.apply.StateDir;
import dev.flywall.runtime.apply.StateLockedException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code flywall destroy}: removes everything flywall installed, and nothing else. */
@Command(
        name = "destroy",
        mixinStandardHelpOptions = true,
        versionProvider = FlywallVersion.class,
        description = "Remove table inet flywall, flywall's ip rules (priorities 9000-9499) and its routes"
                + " (proto 241), the addresses flywall added to interfaces and its shaping, and put back"
                + " the MTUs flywall changed. Nothing else is touched: addresses that were there before"
                + " flywall stay.")
final class DestroyCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private KernelOptions kernelOptions = new KernelOptions();

    @Override
    public Integer call() throws Exception {
        var err = spec.commandLine().getErr();
        Path dir = kernelOptions.stateDir != null ? kernelOptions.stateDir : KernelOptions.DEFAULT_STATE_DIR;
        StateDir state = StateDir.open(dir);
        try (StateDir.Lock lock = state.lock()) {
            // nothing may come back over the destroy: neither a pending confirm's revert nor an interrupted apply's
            ConfirmWatch.supersede(state);
            KernelState.EMPTY.restore(kernelOptions.kernel(), LinkLedger.in(state));
            state.clear();
            Intent.done(state);
        } catch (StateLockedException e) {
            err.println("flywall: " + e.getMessage());
            return ExitCodes.ENVIRONMENT;
        } catch (ApplyException e) {
            err.println("flywall: destroy failed: " + e.getMessage());
            return ExitCodes.FAILURE;
        }
        spec.commandLine()
                .getOut()
                .println("Destroyed: flywall's table, rules, routes, addresses and shaping are gone.");
        return ExitCodes.SUCCESS;
    }
}
