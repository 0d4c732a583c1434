package dev.flywall.cli;

import dev.flywall.Compiler;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
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
 * {@code flywall compile}: writes the kernel state a configuration stands for — ruleset.nft,
 * routes.ip (routes6.ip with IPv6), watchdog.json (and secrets.json, mode 0600, when secrets are
 * written in the file) — without touching the system.
 */
@Command(
        name = "compile",
        mixinStandardHelpOptions = true,
        versionProvider = FlywallVersion.class,
        description = {
            "Compile a configuration into ruleset.nft (nft -f), routes.ip / routes6.ip (ip -batch) and"
                    + " watchdog.json, without touching the system. All PATHs form one configuration.",
        },
        exitCodeListHeading = "%nExit Codes:%n",
        exitCodeList = {
            ExitCodes.SUCCESS + ":compiled",
            ExitCodes.FAILURE + ":the configuration has errors, or OUT cannot be written",
            ExitCodes.USAGE + ":usage error, or a file cannot be read"
        })
final class CompileCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private VarOptions vars = new VarOptions();

    @Option(
            names = {"-o", "--out"},
            required = true,
            paramLabel = "DIR",
            description = "Directory to write into.")
    private Path out;

    @Parameters(arity = "1..*", paramLabel = "PATH", description = "Files or directories; - reads standard input.")
    private List<String> paths = new ArrayList<>();

    @Override
    public Integer call() {
        var commandLine = spec.commandLine();
        PrintWriter err = commandLine.getErr();
        Compilation.Outcome compiled = Compilation.run(paths, vars.vars(), commandLine);
        if (compiled.result().isEmpty()) {
            return compiled.exitCode();
        }
        Compiler.Result result = compiled.result().get();
        try {
            write(result.artifacts().get().files());
        } catch (IOException e) {
            err.println("flywall: cannot write to " + out + ": " + e.getMessage());
            return ExitCodes.FAILURE;
        }
        commandLine
                .getOut()
                .println("Compiled " + String.join(", ", paths) + " → " + out + " ("
                        + result.artifacts().get().ruleCount() + " nft rules)");
        return ExitCodes.SUCCESS;
    }

    /** Each file replaced atomically; secrets.json readable by its owner only. */
    private void write(Map<String, String> files) throws IOException {
        Files.createDirectories(out);
        for (Map.Entry<String, String> f : files.entrySet()) {
            Path temp = Files.createTempFile(
                    out,
                    "." + f.getKey(),
                    ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(
                            f.getKey().equals("secrets.json") ? "rw-------" : "rw-r--r--")));
            Files.writeString(temp, f.getValue(), StandardCharsets.UTF_8);
            Files.move(
                    temp, out.resolve(f.getKey()), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
        Path stale = out.resolve("routes6.ip");
        if (!files.containsKey("routes6.ip")) {
            Files.deleteIfExists(stale);
        }
        if (!files.containsKey("secrets.json")) {
            Files.deleteIfExists(out.resolve("secrets.json"));
        }
    }
}
