package dev.flywall.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flywall.runtime.apply.Kernel;
import dev.flywall.testing.NeedsRoot;
import dev.flywall.testing.NeedsTools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 of {@code flywall apply} inside its kernel change, at random points: right after the
 * kill the kernel holds exactly the old state A or the new state B — or, when the kill fell
 * between two of the change's steps, a mix that the intent journal records; and the next apply
 * (its recovery, seen through {@code apply --dry-run}) or the next {@code flywall run} start
 * leaves the kernel exactly A or exactly B again, with {@code current/} holding the same bundle,
 * without an operator. The apply is slowed down between its steps by a test hook
 * ({@code FLYWALL_TEST_STEP_PAUSE_MS}), so the random kill points cover every step boundary.
 * Half of the runs have eth1's carrier down (its routes flagged linkdown in the snapshot). The
 * kernel state compared includes the devices' MTU, addresses and shaping, which the examples'
 * interfaces declare: B's addresses differ from A's and B sets eth0's MTU.
 * Needs root, nft and ip; skipped otherwise.
 */
@NeedsRoot
@NeedsTools({"nft", "ip"})
class ApplyCrashTest {

    private static final int KILLS = 20;
    private static final int PAUSE_MS = 120;
    /** The steps of a change between A and B, each paused before: ip -batch, tc -batch, ip -4, ip -6, nft; one more for after. */
    private static final int STEPS = 6;
    /**
     * Static uplinks only, so that the daemon started by the test has no lease routes to sync and
     * the kernel it leaves can be compared exactly: A is the dual-stack example, B the same gateway
     * with other addresses, next hops and partner networks (both families' rules and routes and the
     * table differ) and eth0's MTU at 1480.
     */
    private static final Path A = Path.of("..", "examples", "ipv6-dual-stack.hcl");

    @TempDir
    Path stateDir;

    @TempDir
    Path configs;

    private Path b;
    private String ns;
    private Kernel kernel;

    @BeforeEach
    void namespace() throws Exception {
        b = configs.resolve("renumbered.hcl");
        Files.writeString(
                b,
                Files.readString(A)
                        .replace("203.0.113.10/29", "203.0.113.11/29")
                        .replace("\"203.0.113.9\"", "\"203.0.113.14\"")
                        .replace("2001:db8:100::10/64", "2001:db8:100::11/64")
                        .replace("\"2001:db8:100::1\"", "\"2001:db8:100::2\"")
                        .replace("2001:db8:5000::/48", "2001:db8:6000::/48")
                        .replace("interface \"eth0\" {", "interface \"eth0\" {\n  mtu = 1480"));
        ns = "fwcrash-" + ProcessHandle.current().pid() + "-" + System.nanoTime() % 100000;
        new Kernel(Optional.empty()).run("", "ip", "netns", "add", ns);
        kernel = new Kernel(Optional.of(ns));
        kernel.run("", "ip", "link", "set", "lo", "up");
        for (String dev : List.of("eth0", "eth1", "eth2")) {
            kernel.run("", "ip", "link", "add", dev, "type", "veth", "peer", "name", "p" + dev);
            kernel.run("", "ip", "link", "set", dev, "up");
            kernel.run("", "ip", "link", "set", "p" + dev, "up");
        }
    }

    @AfterEach
    void cleanUp() throws Exception {
        if (ns != null) {
            new Kernel(Optional.empty()).run("", "ip", "netns", "del", ns);
        }
    }

    /** The kernel as one run of the test sees it, and which bundle current/ holds. */
    private record Seen(String kernel, String current) {}

    @Test
    void aKilledApplyLeavesTheOldOrTheNewStateAndTheNextApplyOrDaemonStartRepairsAMix() throws Exception {
        Map<String, Map<String, Seen>> reference = new TreeMap<>(); // carrier -> A/B -> state
        for (String carrier : List.of("up", "down")) {
            carrier(carrier);
            reference.put(carrier, Map.of("B", applied(b), "A", applied(A)));
        }
        Random random = new Random(20261202L);
        Map<String, int[]> figures = new TreeMap<>(); // scenario -> {old, new, mix} right after the kill
        boolean atA = true;
        for (int i = 0; i < KILLS; i++) {
            String carrier = i % 2 == 0 ? "up" : "down";
            carrier(carrier);
            // each run applies the other configuration: A to B, then (when B stayed) B to A
            Seen old = reference.get(carrier).get(atA ? "A" : "B");
            Seen next = reference.get(carrier).get(atA ? "B" : "A");
            assertThat(seen()).as("run %d starts from the old state", i).isEqualTo(old);
            // five pauses: before the devices' ip -batch and tc -batch, ip -4, ip -6 and nft; and after
            killDuringKernelChange(atA ? b : A, random.nextInt(STEPS * PAUSE_MS));
            String after = kernelState();
            boolean journal = Files.exists(stateDir.resolve("intent.json"));
            boolean mix = !after.equals(old.kernel()) && !after.equals(next.kernel());
            assertThat(!mix || journal)
                    .as("run %d: a mix without an intent journal", i)
                    .isTrue();
            boolean byDaemon = i % 4 >= 2;
            String scenario = "carrier " + carrier + ", repaired by " + (byDaemon ? "flywall run" : "the next apply");
            figures.computeIfAbsent(scenario, k -> new int[3])[mix ? 2 : after.equals(old.kernel()) ? 0 : 1]++;
            if (byDaemon) {
                startDaemonAndStopIt();
            } else {
                LabTests.Result dry = LabTests.run(apply(atA ? b : A, "--dry-run"));
                assertThat(dry.exitCode()).as("run %d: %s", i, dry.err()).isIn(ExitCodes.SUCCESS, ExitCodes.CHANGES);
            }
            Seen repaired = seen();
            assertThat(repaired)
                    .as("run %d (%s): exactly the old or the new state, current/ agreeing", i, scenario)
                    .isIn(old, next);
            assertThat(stateDir.resolve("intent.json")).doesNotExist();
            if (repaired.equals(next)) {
                atA = !atA;
            }
        }
        figures.forEach((scenario, n) -> System.out.printf(
                "kill -9 during the kernel change (%s): %d left the old"
                        + " state, %d the new one, %d a journaled mix; all repaired to exactly old or new%n",
                scenario, n[0], n[1], n[2]));
    }

    /** Starts {@code flywall apply CONFIG} in a process of its own and kills it {@code millis} into its kernel change. */
    private void killDuringKernelChange(Path config, int millis) throws Exception {
        List<String> cmd = new ArrayList<>(java());
        cmd.addAll(List.of(apply(config)));
        ProcessBuilder builder = new ProcessBuilder(cmd)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        builder.environment().put("FLYWALL_TEST_STEP_PAUSE_MS", Integer.toString(PAUSE_MS));
        Process p = builder.start();
        // the journal is written just before the first step
        long deadline = System.currentTimeMillis() + 30_000;
        while (!Files.exists(stateDir.resolve("intent.json")) && p.isAlive() && System.currentTimeMillis() < deadline) {
            Thread.sleep(2);
        }
        Thread.sleep(millis);
        p.destroyForcibly().waitFor();
        Thread.sleep(50); // a step the kill did not stop (ip or nft of their own) finishes
    }

    /** {@code flywall run} in the namespace until it has started (recovery first), then SIGTERM. */
    private void startDaemonAndStopIt() throws Exception {
        List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", ns));
        cmd.addAll(java());
        cmd.addAll(List.of("run", "--no-api", "--state-dir", stateDir.toString()));
        Path log = Files.createTempFile("fwcrash-run", ".log");
        try {
            Process daemon = new ProcessBuilder(cmd)
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            long deadline = System.currentTimeMillis() + 30_000;
            while (!Files.readString(log).contains("watching")
                    && daemon.isAlive()
                    && System.currentTimeMillis() < deadline) {
                Thread.sleep(20);
            }
            daemon.destroy();
            assertThat(daemon.waitFor(20, TimeUnit.SECONDS)).isTrue();
            assertThat(Files.readString(log)).contains("watching");
        } finally {
            Files.deleteIfExists(log);
        }
    }

    private Seen applied(Path example) throws Exception {
        LabTests.Result r = LabTests.run(apply(example));
        assertThat(r.exitCode()).as(r.err()).isZero();
        return seen();
    }

    private Seen seen() throws Exception {
        Path current = stateDir.resolve("current").resolve("ruleset.nft");
        return new Seen(kernelState(), Files.exists(current) ? Files.readString(current) : "");
    }

    /**
     * Everything flywall owns, as the kernel lists it (with the flags it computes, e.g. linkdown):
     * the devices' MTU, global addresses and root qdisc with its class too.
     */
    private String kernelState() throws Exception {
        return devices()
                + kernel.run("", "nft", "list", "table", "inet", "flywall").out()
                + kernel.run("", "ip", "rule", "show").out()
                + kernel.run("", "ip", "-6", "rule", "show").out()
                + kernel.run("", "ip", "route", "show", "table", "all", "proto", "241")
                        .out()
                + kernel.run("", "ip", "-6", "route", "show", "table", "all", "proto", "241")
                        .out();
    }

    private String devices() throws Exception {
        StringBuilder out = new StringBuilder();
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        for (var link :
                json.readTree(kernel.run("", "ip", "-j", "address", "show").out())) {
            String dev = link.path("ifname").asText();
            if (!dev.startsWith("eth")) {
                continue;
            }
            out.append(dev).append(" mtu ").append(link.path("mtu").asInt());
            List<String> addresses = new ArrayList<>();
            for (var a : link.path("addr_info")) {
                if (a.path("scope").asText().equals("global")) {
                    addresses.add(
                            a.path("local").asText() + "/" + a.path("prefixlen").asInt());
                }
            }
            addresses.stream().sorted().forEach(a -> out.append(' ').append(a));
            out.append('\n')
                    .append(kernel.run("", "tc", "qdisc", "show", "dev", dev, "root")
                            .out())
                    .append(kernel.run("", "tc", "class", "show", "dev", dev).out());
        }
        return out.toString();
    }

    private void carrier(String state) throws Exception {
        kernel.run("", "ip", "link", "set", "peth1", state);
    }

    private String[] apply(Path config, String... more) {
        List<String> args = new ArrayList<>(List.of("apply", "--netns", ns, "--state-dir", stateDir.toString()));
        args.addAll(List.of(more));
        args.add(config.toString());
        return args.toArray(String[]::new);
    }

    /** A JVM as the launcher starts one, tuned to start fast (the test starts 30 of them). */
    private static List<String> java() {
        return List.of(
                ProcessHandle.current().info().command().orElse("java"),
                "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC",
                "-Xshare:auto",
                "-cp",
                System.getProperty("java.class.path"),
                Main.class.getName());
    }
}
