package dev.flywall.cli;

import dev.flywall.Compiler;
import dev.flywall.runtime.apply.Applier;
import dev.flywall.runtime.apply.StateDir;
import dev.flywall.runtime.apply.StateLockedException;
import dev.flywall.runtime.apply.Transaction;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code flywall apply}: compile, show what changes, and put it into the kernel all or nothing;
 * with {@code --confirm}, the old state comes back unless {@code flywall confirm} follows in time.
 */
@Command(
        name = "apply",
        mixinStandardHelpOptions = true,
        versionProvider = FlywallVersion.class,
        description = {
            "Compile the configuration and apply it: table inet flywall in one nft transaction, then"
                    + " flywall's ip rules and routes. Any failure restores the previous state. The other"
                    + " tables, rules and routes of the gateway are never touched.",
            "The plan compares the live kernel with the configuration, both as the kernel lists them"
                    + " (the configuration is loaded into a scratch network namespace first).",
            "With an ha block, keepalived (keepalived -t) and conntrackd (its own parser) check the"
                    + " pair's keepalived.conf and conntrackd.conf first; a refusal changes nothing."
        },
        exitCodeListHeading = "%nExit Codes:%n",
        exitCodeList = {
            ExitCodes.SUCCESS + ":applied (or nothing to change)",
            ExitCodes.FAILURE + ":configuration errors, or the apply failed and was" + " rolled back",
            ExitCodes.USAGE + ":usage error",
            ExitCodes.CHANGES + ":with --dry-run: there are changes",
            ExitCodes.ENVIRONMENT + ":missing privileges, tools or"
                    + " kernel features, or the state directory is unusable or locked"
        })
final class ApplyCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private VarOptions vars = new VarOptions();

    @Mixin
    private KernelOptions kernelOptions = new KernelOptions();

    @Option(names = "--dry-run", description = "Show the plan only; exit 0 without changes, 3 with changes.")
    private boolean dryRun;

    @Option(
            names = "--confirm",
            paramLabel = "DURATION",
            converter = DurationConverter.class,
            description = "Revert automatically unless 'flywall confirm' runs within DURATION (e.g. 60s).")
    private Duration confirm;

    @Parameters(arity = "1..*", paramLabel = "PATH", description = "Files or directories; - reads standard input.")
    private List<String> paths = new ArrayList<>();

    /** The configuration's interfaces, for the scratch namespace the plan is normalised in. */
    private List<String> devices = List.of();

    /** The validated configuration, to map nft errors back to it. */
    private dev.flywall.model.Config config;

    @Override
    public Integer call() throws Exception {
        var commandLine = spec.commandLine();
        PrintWriter out = commandLine.getOut();
        PrintWriter err = commandLine.getErr();
        Compilation.Outcome compiled = Compilation.run(paths, vars.vars(), commandLine);
        if (compiled.result().isEmpty()) {
            return compiled.exitCode();
        }
        Compiler.Result result = compiled.result().get();
        Map<String, String> bundle = result.artifacts().get().files();
        Path stateDir = kernelOptions.stateDir != null
                ? kernelOptions.stateDir
                : Path.of(result.config().orElseThrow().runtime().stateDir());
        StateDir state = StateDir.open(stateDir);
        try (StateDir.Lock lock = state.lock()) {
            config = result.config().orElseThrow();
            devices = config.interfaces().stream().map(i -> i.name()).toList();
            return apply(state, bundle, out, err);
        } catch (StateLockedException e) {
            err.println("flywall: " + e.getMessage());
            return ExitCodes.ENVIRONMENT;
        }
    }

    private int apply(StateDir state, Map<String, String> bundle, PrintWriter out, PrintWriter err)
            throws IOException, InterruptedException {
        var options = new Applier.Options(
                dryRun,
                Optional.ofNullable(confirm),
                watched -> startWatch(watched.path()),
                this::provenance,
                stepPause());
        return switch (new Applier(state, kernelOptions.kernel(), out, err).apply(bundle, devices, options)) {
            case NO_CHANGES, APPLIED -> ExitCodes.SUCCESS;
            case CHANGES_SHOWN -> ExitCodes.CHANGES;
            case FAILED -> ExitCodes.FAILURE;
        };
    }

    /**
     * Finishes an apply that a kill -9 or power loss interrupted (see {@link Applier#recoverInterrupted});
     * false when its state could not be restored.
     */
    static boolean recoverInterrupted(StateDir state, dev.flywall.runtime.apply.Kernel kernel, PrintWriter err)
            throws IOException, InterruptedException {
        return Applier.recoverInterrupted(state, kernel, err);
    }

    /**
     * A pause between the steps of the kernel change, from {@code FLYWALL_TEST_STEP_PAUSE_MS}: a
     * test hook, so that the reliability tests can kill -9 an apply between two steps.
     */
    private static Transaction.Pause stepPause() {
        String millis = System.getenv("FLYWALL_TEST_STEP_PAUSE_MS");
        if (millis == null || !millis.matches("[0-9]{1,5}")) {
            return Transaction.Pause.NONE;
        }
        return next -> Thread.sleep(Long.parseLong(millis));
    }

    /** The configuration block behind the first rule an nft error quotes (by its provenance comment). */
    private Optional<String> provenance(String nftError) {
        return dev.flywall.plan.Provenance.commentIn(nftError)
                .flatMap(comment -> dev.flywall.plan.Provenance.resolve(comment, config))
                .map(String::valueOf);
    }

    /** The revert waits in its own session, so killing this process (or its SSH session) does not stop it. */
    private static void startWatch(Path stateDir) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        new ProcessBuilder(
                        "setsid",
                        java,
                        "-XX:+UseSerialGC",
                        "-cp",
                        System.getProperty("java.class.path"),
                        Main.class.getName(),
                        "confirm-watch",
                        "--state-dir",
                        stateDir.toString())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .start();
    }
}
