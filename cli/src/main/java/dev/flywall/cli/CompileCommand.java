package dev.flywall.cli;

import dev.flywall.Compiler;
import dev.flywall.bundle.BundleJson;
import dev.flywall.render.NetworkdFiles;
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
 * routes.ip (routes6.ip with IPv6), shaping.tc (with bandwidths), pppoe-NAME.peers (per PPPoE
 * interface), watchdog.json (and secrets.json, mode 0600, when secrets are written in the file) —
 * without touching the system; with {@code --networkd DIR}, systemd-networkd {@code .network}
 * files for the declared interfaces.
 */
@Command(
        name = "compile",
        mixinStandardHelpOptions = true,
        versionProvider = FlywallVersion.class,
        description = {
            "Compile a configuration into ruleset.nft (nft -f), routes.ip / routes6.ip (ip -batch),"
                    + " shaping.tc (tc -batch), pppoe-NAME.peers (pppd) and watchdog.json, without touching the"
                    + " system. All PATHs form one configuration.",
            "With --networkd, also (or only) write a systemd-networkd .network file per declared interface,"
                    + " for hosts where networkd brings the interfaces up (runtime { interfaces = \"host\" }).",
        },
        exitCodeListHeading = "%nExit Codes:%n",
        exitCodeList = {
            ExitCodes.SUCCESS + ":compiled",
            ExitCodes.FAILURE + ":the configuration has errors, or OUT cannot be written",
            ExitCodes.USAGE + ":usage error (neither -o nor --networkd), or a file cannot be read"
        })
final class CompileCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private VarOptions vars = new VarOptions();

    @Option(
            names = {"-o", "--out"},
            paramLabel = "DIR",
            description = "Directory to write the bundle into.")
    private Path out;

    @Option(
            names = "--networkd",
            paramLabel = "DIR",
            description = "Directory to write systemd-networkd files into (10-flywall-IFACE.network, e.g."
                    + " /etc/systemd/network); earlier 10-flywall-*.network files of interfaces no longer"
                    + " declared are removed.")
    private Path networkd;

    @Parameters(arity = "1..*", paramLabel = "PATH", description = "Files or directories; - reads standard input.")
    private List<String> paths = new ArrayList<>();

    @Override
    public Integer call() {
        var commandLine = spec.commandLine();
        PrintWriter err = commandLine.getErr();
        if (out == null && networkd == null) {
            err.println("flywall compile: give -o DIR for the bundle, --networkd DIR for systemd-networkd files, or"
                    + " both");
            return ExitCodes.USAGE;
        }
        Compilation.Outcome compiled = Compilation.run(paths, vars.vars(), commandLine);
        if (compiled.result().isEmpty()) {
            return compiled.exitCode();
        }
        Compiler.Result result = compiled.result().get();
        if (out != null) {
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
        }
        if (networkd != null) {
            Map<String, String> files;
            try {
                files = NetworkdFiles.of(
                        result.config().orElseThrow(),
                        BundleJson.watchdog(result.artifacts().get().watchdogJson()));
                writeNetworkd(files);
            } catch (IOException e) {
                err.println("flywall: cannot write to " + networkd + ": " + e.getMessage());
                return ExitCodes.FAILURE;
            }
            commandLine
                    .getOut()
                    .println("Wrote " + files.size() + " systemd-networkd file" + (files.size() == 1 ? "" : "s") + " → "
                            + networkd);
            if (result.config().orElseThrow().runtime().manageInterfaces()) {
                commandLine
                        .getOut()
                        .println("Note: the configuration has runtime { interfaces = \"flywall\" } (the default),"
                                + " so flywall apply and run bring these interfaces up as well; set"
                                + " interfaces = \"host\" to leave them to networkd.");
            }
        }
        return ExitCodes.SUCCESS;
    }

    /** The networkd files, each replaced atomically; flywall's files of undeclared interfaces removed. */
    private void writeNetworkd(Map<String, String> files) throws IOException {
        Files.createDirectories(networkd);
        for (Map.Entry<String, String> f : files.entrySet()) {
            replace(networkd, f.getKey(), f.getValue(), "rw-r--r--");
        }
        try (var present = Files.list(networkd)) {
            for (Path p : present.toList()) {
                String name = p.getFileName().toString();
                if (name.startsWith("10-flywall-") && name.endsWith(".network") && !files.containsKey(name)) {
                    Files.delete(p);
                }
            }
        }
    }

    private static void replace(Path dir, String name, String content, String mode) throws IOException {
        Path temp = Files.createTempFile(
                dir, "." + name, ".tmp", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(mode)));
        Files.writeString(temp, content, StandardCharsets.UTF_8);
        Files.move(temp, dir.resolve(name), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Each file replaced atomically; secrets.json readable by its owner only. */
    private void write(Map<String, String> files) throws IOException {
        Files.createDirectories(out);
        for (Map.Entry<String, String> f : files.entrySet()) {
            replace(out, f.getKey(), f.getValue(), f.getKey().equals("secrets.json") ? "rw-------" : "rw-r--r--");
        }
        // files an earlier compile wrote that this configuration no longer makes
        for (String optional : List.of("routes6.ip", "secrets.json", "shaping.tc")) {
            if (!files.containsKey(optional)) {
                Files.deleteIfExists(out.resolve(optional));
            }
        }
        try (var present = Files.list(out)) {
            for (Path p : present.toList()) {
                String name = p.getFileName().toString();
                if (name.startsWith("pppoe-") && name.endsWith(".peers") && !files.containsKey(name)) {
                    Files.delete(p);
                }
            }
        }
    }
}
