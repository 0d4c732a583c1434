package dev.flywall.cli;

import dev.flywall.runtime.engine.Simulator;
import dev.flywall.runtime.engine.Timeline;
import dev.flywall.runtime.watchdog.WatchdogConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code flywall simulate}: plays a timeline of probe results, link events and operator commands
 * through the daemon's own state machine and prints each decision with its time — what
 * {@code flywall run} would do, without a network, root or a kernel.
 */
@Command(
        name = "simulate",
        mixinStandardHelpOptions = true,
        versionProvider = FlywallVersion.class,
        description = {
            "Play a timeline through the watchdog's state machine and print its decisions: uplinks going"
                    + " down and up, failovers, failbacks, pins, policy-route switches and conntrack flushes.",
            "",
            "PATH is a configuration (files or directories, as for compile) or a compiled bundle"
                    + " directory holding watchdog.json. The timeline has one entry per line:",
            "  0s            eth0 ok                 every target answers (10ms)",
            "  2s            eth0 ok 25ms            every target answers in 25ms",
            "  5s            eth0 12ms -             each target's round-trip time in order; - is a lost probe",
            "  15s           eth0 fail               no target answers",
            "  20s..60s/5s   eth0 fail               the same every 5s from 20s to 60s",
            "  30s           link eth0 down          the kernel reports the carrier down (or up)",
            "  40s           pin default eth1        also: unpin GROUP, failback GROUP",
            "  50s           drain eth0 ISP works    the operator drains (the reason is optional)",
            "  70s           undrain eth0            and ends the drain",
            "",
            "With --start the clock is that wall-clock instant, so maintenance windows open and close when they"
                    + " would; each line then shows the wall-clock time too.",
        },
        exitCodeListHeading = "%nExit Codes:%n",
        exitCodeList = {
            ExitCodes.SUCCESS + ":simulated",
            ExitCodes.FAILURE + ":the configuration or the timeline has errors",
            ExitCodes.USAGE + ":usage error, or a file cannot be read"
        })
final class SimulateCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private VarOptions vars = new VarOptions();

    @Option(names = "--timeline", required = true, paramLabel = "FILE", description = "The timeline to play.")
    private Path timeline;

    @Option(
            names = "--start",
            paramLabel = "INSTANT",
            description = "The wall-clock time of 0s: an ISO-8601 instant with an offset or Z, such as"
                    + " 2026-12-06T01:55:00+01:00 (default: no wall clock; maintenance windows are evaluated"
                    + " from 2026-01-01T00:00:00Z).")
    private String start;

    @Parameters(arity = "1..*", paramLabel = "PATH", description = "Configuration files or directories, or a bundle.")
    private List<String> paths = new ArrayList<>();

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Optional<OffsetDateTime> origin;
        try {
            origin = Optional.ofNullable(start).map(OffsetDateTime::parse);
        } catch (DateTimeParseException e) {
            err.println("flywall simulate: --start \"" + start + "\" is not an instant with an offset, such as"
                    + " 2026-12-06T01:55:00+01:00 or 2026-12-06T00:55:00Z");
            return ExitCodes.USAGE;
        }
        WatchdogConfig config;
        Path bundle = Path.of(paths.get(0)).resolve("watchdog.json");
        try {
            if (paths.size() == 1 && Files.isRegularFile(bundle)) {
                config = WatchdogConfig.parse(Files.readString(bundle, StandardCharsets.UTF_8));
            } else {
                Compilation.Outcome compiled = Compilation.run(paths, vars.vars(), spec.commandLine());
                if (compiled.result().isEmpty()) {
                    return compiled.exitCode();
                }
                config = WatchdogConfig.parse(
                        compiled.result().get().artifacts().orElseThrow().watchdogJson());
            }
        } catch (IOException e) {
            err.println("flywall simulate: " + bundle + ": " + e.getMessage());
            return ExitCodes.FAILURE;
        }
        String text;
        try {
            text = Files.readString(timeline, StandardCharsets.UTF_8);
        } catch (IOException e) {
            err.println("flywall simulate: cannot read " + timeline + ": " + e.getMessage());
            return ExitCodes.USAGE;
        }
        Timeline parsed;
        try {
            parsed = Timeline.parse(text, config);
        } catch (Timeline.TimelineException e) {
            err.println("flywall simulate: " + timeline + ": " + e.getMessage());
            return ExitCodes.FAILURE;
        }
        out.print(Simulator.run(config, parsed, origin).render(false, parsed.entries()));
        out.flush();
        return ExitCodes.SUCCESS;
    }
}
