package dev.flywall.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flywall.runtime.lab.Lab;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** What the lab's end-to-end tests share: running flywall in-process. */
final class LabTests {

    private LabTests() {}

    record Result(int exitCode, String out, String err) {}

    static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exitCode = Main.run(args, new PrintWriter(out), new PrintWriter(err));
        return new Result(exitCode, out.toString(), err.toString());
    }

    /** The lab test configurations. */
    static final Path CONFIGS = Path.of("src", "test", "resources", "lab");

    /** Builds the lab {@code name} of a test configuration and waits until the daemon has seen every uplink up. */
    static void up(String name, String config) throws Exception {
        Result r = run("lab", "up", CONFIGS.resolve(config).toString(), "--name", name);
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(RunningLab.await(Duration.ofSeconds(30), () -> RunningLab.allUp(built(name))))
                .as("every uplink up")
                .isTrue();
    }

    static RunningLab built(String name) {
        return new RunningLab(null, Lab.dir(name));
    }

    /** Runs flywall inside one of the lab's namespaces, waits for it and returns what it printed. */
    static String inside(String name, String namespace, String... args) throws Exception {
        Path log = Files.createTempFile(Lab.dir(name), "run", ".log");
        Process p = RunningLab.spawn(namespace, log, args);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return Files.readString(log);
    }

    /**
     * Which ISP answered each connection to {@code target}, asked from {@code namespace} (the LAN
     * client, or the gateway for its own traffic), one new connection per source address: the
     * uplink name, or "failed". Counted where the packets arrive, not read from the rules.
     */
    static Map<String, String> whoami(String name, String namespace, String target, List<String> sources)
            throws Exception {
        List<String> args = new ArrayList<>(List.of("lab", "client", "--target", target, "--whoami"));
        if (!sources.isEmpty()) {
            args.add("--source");
            args.add(String.join(",", sources));
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (String line :
                inside(name, namespace, args.toArray(String[]::new)).lines().toList()) {
            String[] words = line.split(" ", 3);
            if (words.length >= 2) {
                out.put(words[0], words[1]);
            }
        }
        return out;
    }

    /** What the daemon says of an uplink's health (UP, DOWN, UNKNOWN). */
    static String health(String name, String uplink) {
        return RunningLab.health(built(name), uplink);
    }
}
