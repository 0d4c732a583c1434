package dev.flywall.cli;

import dev.flywall.Compiler;
import dev.flywall.bundle.BundleJson;
import dev.flywall.bundle.DaemonStateFile;
import dev.flywall.runtime.apply.Applier;
import dev.flywall.runtime.apply.Kernel;
import dev.flywall.runtime.apply.StateDir;
import dev.flywall.runtime.apply.StateLockedException;
import dev.flywall.runtime.lab.Lab;
import dev.flywall.runtime.lab.LabDhcp;
import dev.flywall.runtime.lab.LabPair;
import dev.flywall.runtime.lab.LabPlan;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Model.CommandSpec;

/**
 * A lab that is up: its plan and its directory (bundle, logs, pids). {@link #start} builds one —
 * compile, plan, namespaces, apply (through the runtime's {@link Applier}, as {@code flywall apply}
 * does), the ISPs' servers and the daemon; the other methods read the daemon's view of it. The lab
 * of an HA pair ({@link LabPairStart}) has its {@link LabPair} too: this is then its first node,
 * {@link #peer} the second.
 */
record RunningLab(LabPlan plan, Path dir, LabPair pair) {

    RunningLab(LabPlan plan, Path dir) {
        this(plan, dir, null);
    }

    /** The second node of a pair: its plan, its directory (its state, daemon log) inside this one's. */
    RunningLab peer() {
        if (pair == null) {
            throw new IllegalStateException("not the lab of an HA pair");
        }
        return new RunningLab(pair.secondary(), dir.resolve("peer"), null);
    }

    Path state() {
        return dir.resolve("state");
    }

    /** Compiles, plans, builds the namespaces, applies, maps the targets, starts the servers and the daemon. */
    static Optional<RunningLab> start(String name, List<String> paths, Map<String, String> vars, CommandSpec spec)
            throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Lab.checkName(name);
        Compilation.Outcome compiled = Compilation.run(paths, vars, spec.commandLine());
        if (compiled.result().isEmpty()) {
            return Optional.empty();
        }
        Compiler.Result result = compiled.result().get();
        LabPlan plan;
        try {
            plan = LabPlan.of(
                    name,
                    result.config().orElseThrow(),
                    result.artifacts().orElseThrow().watchdogJson());
        } catch (IllegalArgumentException e) {
            err.println("flywall lab: " + e.getMessage());
            return Optional.empty();
        }
        Lab lab = new Lab();
        lab.up(plan);
        RunningLab built = new RunningLab(plan, Lab.dir(name));
        Files.createDirectories(built.dir());
        try {
            LabReport.built(built, out);
            if (!apply(plan, result, built.state(), err)) {
                err.println("flywall lab: applying the configuration in " + plan.gateway() + " failed");
                lab.down(name);
                return Optional.empty();
            }
            // the daemon reads the installed bundle: it gets the mapped targets
            Files.writeString(
                    built.state().resolve("current/watchdog.json"), plan.watchdogJson(), StandardCharsets.UTF_8);
            List<Long> pids = new ArrayList<>();
            for (LabPlan.Isp isp : plan.isps()) {
                if (isp.dhcp()) {
                    pids.add(LabDhcp.serve(name, isp, LabDhcp.planned(isp)).pid());
                }
                // an uplink that learns IPv6: router advertisements, DHCPv6 and prefix delegation
                Optional<LabDhcp.Ipv6Isp> v6 = isp.ipv6Isp(plan.gateway());
                if (v6.isPresent()) {
                    LabDhcp.serve6(built.dir(), v6.get()).forEach(p -> pids.add(p.pid()));
                }
                pids.add(serveIsp(name, isp, built.dir()).pid());
            }
            Process daemon = spawn(
                    plan.gateway(),
                    built.dir().resolve("daemon.log"),
                    "run",
                    "--state-dir",
                    built.state().toString());
            pids.add(daemon.pid());
            Files.writeString(
                    built.dir().resolve("pids"),
                    String.join("\n", pids.stream().map(String::valueOf).toList()) + "\n");
            LabReport.started(built, out);
            if (!awaitLeases(built, out, err)) {
                lab.down(name);
                return Optional.empty();
            }
            return Optional.of(built);
        } catch (Exception e) {
            lab.down(name);
            throw e;
        }
    }

    /** The time the daemon's DHCP clients get to lease their addresses (the daemon is a JVM to start first). */
    static final Duration LEASE_PATIENCE = Duration.ofSeconds(60);

    /** Waits until the daemon's DHCP clients hold the addresses the ISPs' servers hand out; says which did not. */
    private static boolean awaitLeases(RunningLab lab, PrintWriter out, PrintWriter err)
            throws IOException, InterruptedException {
        List<LabPlan.Isp> dhcp =
                lab.plan().isps().stream().filter(LabPlan.Isp::dhcp).toList();
        if (dhcp.isEmpty()) {
            return true;
        }
        long started = System.nanoTime();
        List<String> missing = LabDhcp.awaitLeases(lab.plan(), LEASE_PATIENCE);
        if (!missing.isEmpty()) {
            err.println("flywall lab: no DHCP lease for " + String.join(", ", missing) + " within "
                    + LEASE_PATIENCE.toSeconds() + "s; what the client and the server said:");
            // the lab's directory goes with the lab: show the clues here
            for (String uplink : missing) {
                tail(lab.dir().resolve("daemon.log"), "dhclient " + uplink + ":", err);
                tail(lab.dir().resolve("dhcp-" + uplink + ".log"), "", err);
            }
            return false;
        }
        LabReport.leased(lab, dhcp, (System.nanoTime() - started) / 1_000_000, out);
        return true;
    }

    /** The last 10 lines of a log that contain {@code containing}, indented, on {@code err}. */
    private static void tail(Path log, String containing, PrintWriter err) {
        try {
            List<String> lines = Files.readAllLines(log).stream()
                    .filter(l -> l.contains(containing))
                    .toList();
            err.println("  " + log.getFileName() + ":");
            lines.subList(Math.max(0, lines.size() - 10), lines.size()).forEach(l -> err.println("    " + l));
        } catch (IOException e) {
            err.println("  " + log.getFileName() + ": " + e.getMessage());
        }
    }

    /** Applies the compiled configuration in the lab's gateway, as {@code flywall apply} would (quietly). */
    private static boolean apply(LabPlan plan, Compiler.Result result, Path stateDir, PrintWriter err)
            throws IOException, InterruptedException {
        var config = result.config().orElseThrow();
        var options = new Applier.Options(
                false,
                Optional.empty(),
                state -> {},
                error -> dev.flywall.plan.Provenance.commentIn(error)
                        .flatMap(comment -> dev.flywall.plan.Provenance.resolve(comment, config))
                        .map(String::valueOf),
                dev.flywall.runtime.apply.Transaction.Pause.NONE);
        StateDir state = StateDir.open(stateDir);
        try (StateDir.Lock lock = state.lock()) {
            var outcome = new Applier(
                            state,
                            new Kernel(Optional.of(plan.gateway())),
                            new PrintWriter(java.io.Writer.nullWriter()),
                            err)
                    .apply(
                            result.artifacts().orElseThrow().files(),
                            config.interfaces().stream().map(i -> i.name()).toList(),
                            options);
            return outcome == Applier.Outcome.APPLIED || outcome == Applier.Outcome.NO_CHANGES;
        } catch (StateLockedException e) {
            err.println("flywall: " + e.getMessage());
            return false;
        }
    }

    /** Starts this flywall (same JVM, same class path) inside a namespace. */
    /** The ISP's servers ({@code flywall lab serve}) in its namespace, logged to {@code isp-UPLINK.log}. */
    static Process serveIsp(String name, LabPlan.Isp isp, Path dir) throws IOException {
        return spawn(
                isp.namespace(),
                dir.resolve("isp-" + isp.uplink() + ".log"),
                "lab",
                "serve",
                "--name",
                name,
                "--uplink",
                isp.uplink());
    }

    static Process spawn(String namespace, Path log, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                "ip",
                "netns",
                "exec",
                namespace,
                ProcessHandle.current().info().command().orElse("java"),
                "-XX:+UseSerialGC",
                "-Xmx64m",
                "-XX:TieredStopAtLevel=1",
                "--enable-native-access=ALL-UNNAMED",
                "--add-opens",
                "java.base/java.io=ALL-UNNAMED",
                "--add-opens",
                "java.base/sun.nio.ch=ALL-UNNAMED",
                "-cp",
                System.getProperty("java.class.path"),
                Main.class.getName()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
    }

    /** The daemon's saved state (written after every decision): uplink health and active sets. */
    static Optional<DaemonStateFile> daemonState(RunningLab b) {
        try {
            return Optional.of(BundleJson.daemonState(Files.readString(b.state().resolve(DaemonStateFile.FILE))));
        } catch (IOException e) {
            return Optional.empty(); // not written yet, or caught mid-write: asked again
        }
    }

    /** What the daemon last said of an uplink: its health and since when, if it has said anything yet. */
    static Optional<DaemonStateFile.Uplink> uplink(RunningLab b, String uplink) {
        return daemonState(b).map(s -> s.uplinks().get(uplink));
    }

    /** An uplink's health as the daemon last saved it (UP, DOWN, UNKNOWN), or "" before its first save. */
    static String health(RunningLab b, String uplink) {
        return uplink(b, uplink).map(u -> u.health().name()).orElse("");
    }

    static boolean allUp(RunningLab b) {
        return daemonState(b)
                .map(DaemonStateFile::uplinks)
                .filter(uplinks -> !uplinks.isEmpty())
                .map(uplinks -> uplinks.values().stream().allMatch(u -> u.health() == DaemonStateFile.Health.UP))
                .orElse(false);
    }

    static String active(RunningLab b, String group) {
        return daemonState(b)
                .map(s -> s.groups().get(group))
                .map(g -> String.join("+", g.active()))
                .orElse("");
    }

    static boolean await(Duration limit, java.util.function.BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                return false;
            }
            Thread.sleep(50);
        }
        return true;
    }

    /** {@code flywall wan status}, run inside the lab's gateway (the daemon's API listens there). */
    static String wanStatus(RunningLab lab) throws IOException, InterruptedException {
        Path log = Files.createTempFile(lab.dir(), "status", ".txt");
        Process p = spawn(
                lab.plan().gateway(),
                log,
                "wan",
                "status",
                "--state-dir",
                lab.state().toString());
        p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS);
        return Files.readString(log).lines().map(l -> "    " + l).collect(java.util.stream.Collectors.joining("\n"))
                + "\n";
    }

    static long answered(Path clientLog) {
        try {
            return Files.readAllLines(clientLog).stream()
                    .filter(l -> l.contains(" ok "))
                    .count();
        } catch (IOException e) {
            return 0;
        }
    }
}
