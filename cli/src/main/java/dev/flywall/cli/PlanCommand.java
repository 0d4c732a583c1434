package dev.flywall.cli;

import dev.flywall.Compiler;
import dev.flywall.diff.PlanDiff;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code flywall plan --against DIR}: what would change between a previous compile output and
 * this configuration, object by object, as Terraform shows it.
 */
@Command(
        name = "plan",
        mixinStandardHelpOptions = true,
        versionProvider = FlywallVersion.class,
        description = {
            "Show what applying this configuration would change: against the live kernel (compared as"
                    + " the kernel lists both sides, through a scratch network namespace; needs root), or"
                    + " against a previous compile output (--against DIR). Grouped by object: nft sets and"
                    + " chains, ip rules and routes (and watchdog entries with --against); + add, - remove,"
                    + " ~ change; then the declared interfaces' addresses, MTU, link and shaping."
        },
        exitCodeListHeading = "%nExit Codes:%n",
        exitCodeList = {
            ExitCodes.SUCCESS + ":no changes (or changes, without --detailed-exitcode)",
            ExitCodes.FAILURE + ":the configuration has errors",
            ExitCodes.USAGE + ":usage error",
            ExitCodes.CHANGES + ":with --detailed-exitcode: there are changes",
            ExitCodes.ENVIRONMENT + ":without --against: missing privileges, tools or kernel features"
        })
final class PlanCommand implements Callable<Integer> {

    private static final List<String> BUNDLE_FILES = List.of("ruleset.nft", "routes.ip", "routes6.ip", "watchdog.json");

    @Spec
    private CommandSpec spec;

    @Mixin
    private VarOptions vars = new VarOptions();

    @Option(
            names = "--against",
            paramLabel = "DIR",
            description = "A previous compile output; without it, the live kernel (needs root).")
    private Path against;

    @Option(names = "--netns", paramLabel = "NAME", description = "Plan against this network namespace.")
    private String netns;

    @Option(
            names = "--state-dir",
            paramLabel = "DIR",
            description = "Without --against: the state directory whose interfaces.json says which addresses and"
                    + " qdiscs flywall added (default: runtime { state_dir } of the configuration).")
    private Path stateDir;

    @Option(names = "--detailed-exitcode", description = "Exit 3 when there are changes, 0 when there are none.")
    private boolean detailedExitCode;

    @Parameters(arity = "1..*", paramLabel = "PATH", description = "Files or directories; - reads standard input.")
    private List<String> paths = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        var commandLine = spec.commandLine();
        if (against != null && !Files.isDirectory(against)) {
            commandLine.getErr().println("flywall: --against " + against + " is not a directory");
            return ExitCodes.USAGE;
        }
        Compilation.Outcome compiled = Compilation.run(paths, vars.vars(), commandLine);
        if (compiled.result().isEmpty()) {
            return compiled.exitCode();
        }
        Compiler.Result result = compiled.result().get();
        PlanDiff.Result plan;
        if (against == null) {
            KernelOptions kernelOptions = new KernelOptions();
            kernelOptions.netns = netns;
            try {
                var config = result.config().orElseThrow();
                plan = dev.flywall.runtime.apply.LivePlan.between(
                        kernelOptions.kernel(),
                        result.artifacts().get().files(),
                        config.interfaces().stream().map(i -> i.name()).toList(),
                        // read, not locked: which addresses and qdiscs are flywall's
                        dev.flywall.runtime.apply.LinkLedger.at(
                                stateDir != null
                                        ? stateDir
                                        : Path.of(config.runtime().stateDir())));
            } catch (dev.flywall.runtime.apply.ApplyException e) {
                commandLine.getErr().println("flywall: " + e.getMessage());
                return ExitCodes.FAILURE;
            }
        } else {
            try {
                plan = PlanDiff.between(read(against), result.artifacts().get().files());
            } catch (IOException e) {
                commandLine.getErr().println("flywall: cannot read " + against + ": " + e.getMessage());
                return ExitCodes.USAGE;
            }
        }
        commandLine.getOut().print(plan.text());
        return detailedExitCode && plan.hasChanges() ? ExitCodes.CHANGES : ExitCodes.SUCCESS;
    }

    private static Map<String, String> read(Path dir) throws IOException {
        Map<String, String> files = new LinkedHashMap<>();
        for (String name : BUNDLE_FILES) {
            try {
                files.put(name, Files.readString(dir.resolve(name), StandardCharsets.UTF_8));
            } catch (NoSuchFileException e) {
                // a bundle without IPv6 has no routes6.ip
            }
        }
        return files;
    }
}
