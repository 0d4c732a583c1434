package dev.flywall.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flywall.Compiler;
import dev.flywall.runtime.lab.Lab;
import dev.flywall.runtime.lab.LabPair;
import dev.flywall.runtime.lab.LabPlan;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Builds the lab of an HA pair ({@code flywall lab up|run A --peer B}): both configurations
 * compiled and planned together ({@link LabPair}), the namespaces, then in each gateway the real
 * {@code flywall apply} and the real {@code flywall run} (whose daemon runs keepalived and
 * conntrackd), and the ISPs' servers. Also a node's reboot, for the scenario.
 */
final class LabPairStart {

    private static final ObjectMapper JSON = new ObjectMapper();

    private LabPairStart() {}

    static Optional<RunningLab> start(
            String name, List<String> paths, List<String> peerPaths, Map<String, String> vars, CommandSpec spec)
            throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Lab.checkName(name);
        List<String> missing = List.of("keepalived", "conntrackd").stream()
                .filter(tool -> !onPath(tool))
                .toList();
        if (!missing.isEmpty()) {
            err.println("flywall lab: an HA pair's daemons run keepalived and conntrackd; missing: "
                    + String.join(", ", missing) + " (Debian: apt-get install keepalived conntrackd)");
            return Optional.empty();
        }
        Optional<Compiler.Result> first = compile(paths, vars, spec);
        if (first.isEmpty()) {
            return Optional.empty();
        }
        Optional<Compiler.Result> second = compile(peerPaths, vars, spec);
        if (second.isEmpty()) {
            return Optional.empty();
        }
        LabPair pair;
        try {
            pair = LabPair.of(
                    name,
                    first.get().config().orElseThrow(),
                    first.get().artifacts().orElseThrow().watchdogJson(),
                    second.get().config().orElseThrow(),
                    second.get().artifacts().orElseThrow().watchdogJson());
        } catch (IllegalArgumentException e) {
            err.println("flywall lab: " + e.getMessage());
            return Optional.empty();
        }
        Lab lab = new Lab();
        lab.up(pair);
        RunningLab built = new RunningLab(pair.primary(), Lab.dir(name), pair);
        try {
            Files.createDirectories(built.peer().dir());
            sources(built, paths, vars);
            sources(built.peer(), peerPaths, vars);
            LabReport.built(built, out);
            LabReport.pair(built, out);
            for (RunningLab node : List.of(built, built.peer())) {
                if (!apply(node, err)) {
                    lab.down(name);
                    return Optional.empty();
                }
            }
            List<Long> pids = new ArrayList<>();
            for (LabPlan.Isp isp : pair.primary().isps()) {
                pids.add(RunningLab.serveIsp(name, isp, built.dir()).pid());
            }
            for (RunningLab node : List.of(built, built.peer())) {
                pids.add(daemon(node, "daemon.log").pid());
            }
            savePids(built, pids);
            out.println("Ran flywall apply and started flywall run in "
                    + pair.primary().gateway() + " and "
                    + pair.secondary().gateway() + " (logs: " + built.dir().resolve("daemon.log") + ", "
                    + built.peer().dir().resolve("daemon.log") + ").");
            out.flush();
            return Optional.of(built);
        } catch (Exception e) {
            lab.down(name);
            throw e;
        }
    }

    /** Whether an executable of that name is on PATH (or in /usr/sbin, /sbin, where Debian puts daemons). */
    private static boolean onPath(String tool) {
        List<String> dirs =
                new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)));
        dirs.addAll(List.of("/usr/sbin", "/sbin"));
        return dirs.stream().filter(d -> !d.isEmpty()).anyMatch(d -> Files.isExecutable(Path.of(d, tool)));
    }

    private static Optional<Compiler.Result> compile(List<String> paths, Map<String, String> vars, CommandSpec spec) {
        return Compilation.run(paths, vars, spec.commandLine()).result();
    }

    /** What the node was built from, so that it can be applied again after a reboot. */
    private static void sources(RunningLab node, List<String> paths, Map<String, String> vars) throws IOException {
        ObjectNode sources = JSON.createObjectNode();
        var list = sources.putArray("paths");
        paths.forEach(
                p -> list.add(p.equals("-") ? p : Path.of(p).toAbsolutePath().toString()));
        var map = sources.putObject("vars");
        vars.forEach(map::put);
        Files.createDirectories(node.dir());
        Files.writeString(node.dir().resolve("sources.json"), sources.toPrettyString(), StandardCharsets.UTF_8);
    }

    /**
     * {@code flywall apply --netns GATEWAY --state-dir STATE PATHS} (the command itself, in this
     * JVM), its output appended to the node's apply.log; then the lab's watchdog.json (targets
     * mapped onto the internet hosts) over the installed one, for the daemon to read.
     */
    static boolean apply(RunningLab node, PrintWriter err) throws IOException {
        JsonNode sources = JSON.readTree(Files.readString(node.dir().resolve("sources.json")));
        List<String> args = new ArrayList<>(List.of(
                "apply",
                "--netns",
                node.plan().gateway(),
                "--state-dir",
                node.state().toString()));
        Map<String, String> vars = new LinkedHashMap<>();
        sources.path("vars")
                .properties()
                .forEach(e -> vars.put(e.getKey(), e.getValue().asText()));
        vars.forEach((k, v) -> args.addAll(List.of("--var", k + "=" + v)));
        sources.path("paths").forEach(p -> args.add(p.asText()));
        StringWriter out = new StringWriter();
        StringWriter errors = new StringWriter();
        int code = Main.run(args.toArray(String[]::new), new PrintWriter(out), new PrintWriter(errors));
        Files.writeString(
                node.dir().resolve("apply.log"),
                "$ flywall " + String.join(" ", args) + "\n" + out + errors + "exit " + code + "\n",
                StandardCharsets.UTF_8,
                StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
        if (code != ExitCodes.SUCCESS) {
            err.println("flywall lab: flywall apply in " + node.plan().gateway() + " failed (exit " + code + "):");
            err.print(errors);
            err.flush();
            return false;
        }
        Files.writeString(
                node.state().resolve("current/watchdog.json"), node.plan().watchdogJson(), StandardCharsets.UTF_8);
        return true;
    }

    /** {@code flywall run --state-dir STATE} in the node's gateway namespace. */
    static Process daemon(RunningLab node, String log) throws IOException {
        return RunningLab.spawn(
                node.plan().gateway(),
                node.dir().resolve(log),
                "run",
                "--state-dir",
                node.state().toString());
    }

    /**
     * A crashed node comes back as after a reboot: a clean namespace ({@link Lab#boot}), then
     * {@code flywall apply} and {@code flywall run} again (logged to daemon-rebooted.log).
     */
    static boolean reboot(RunningLab lab, RunningLab node, PrintWriter err) throws IOException, InterruptedException {
        new Lab().boot(lab.pair(), node.plan().gateway());
        if (!apply(node, err)) {
            return false;
        }
        Process daemon = daemon(node, "daemon-rebooted.log");
        List<Long> pids = new ArrayList<>();
        for (String line : Files.readAllLines(lab.dir().resolve("pids"))) {
            if (!line.isBlank()) {
                pids.add(Long.parseLong(line.strip()));
            }
        }
        pids.add(daemon.pid());
        savePids(lab, pids);
        return true;
    }

    private static void savePids(RunningLab lab, List<Long> pids) throws IOException {
        Files.writeString(
                lab.dir().resolve("pids"),
                String.join("\n", pids.stream().map(String::valueOf).toList()) + "\n");
    }
}
