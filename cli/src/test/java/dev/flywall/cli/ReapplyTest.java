package dev.flywall.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flywall.Compiler;
import dev.flywall.runtime.apply.Kernel;
import dev.flywall.runtime.engine.KernelEffects;
import dev.flywall.runtime.watchdog.WatchdogConfig;
import dev.flywall.source.SourceFile;
import dev.flywall.testing.NeedsRoot;
import dev.flywall.testing.NeedsTools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Applying the same configuration twice changes nothing the second time — for every example, with
 * the interfaces' carrier down and with it up, static uplinks holding their addresses and DHCP or
 * PPPoE uplinks a lease that the daemon's route sync has followed. One namespace per example, with
 * veths named as the configuration's interfaces. Needs root, nft and ip; skipped otherwise.
 */
@NeedsRoot
@NeedsTools({"nft", "ip"})
class ReapplyTest {

    /** The main table's default route a DHCP client would have installed, and the lease's address. */
    private static final String LEASE_GATEWAY = "192.0.2.1";

    private String ns;
    private Kernel kernel;
    private Path stateDir;

    static Stream<String> examples() throws Exception {
        try (var files = Files.list(Path.of("..", "examples"))) {
            return files
                    .map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".hcl"))
                    .sorted()
                    .toList()
                    .stream();
        }
    }

    @BeforeEach
    void namespace() throws Exception {
        ns = "fwreapply-" + ProcessHandle.current().pid() + "-" + System.nanoTime() % 100000;
        new Kernel(Optional.empty()).run("", "ip", "netns", "add", ns);
        kernel = new Kernel(Optional.of(ns));
        kernel.run("", "ip", "link", "set", "lo", "up");
        stateDir = Files.createTempDirectory("fwreapply");
    }

    @AfterEach
    void cleanUp() throws Exception {
        if (ns != null) {
            new Kernel(Optional.empty()).run("", "ip", "netns", "del", ns);
        }
        if (stateDir != null) {
            try (var files = Files.walk(stateDir)) {
                files.sorted(java.util.Comparator.reverseOrder())
                        .forEach(p -> p.toFile().delete());
            }
        }
    }

    @ParameterizedTest
    @MethodSource("examples")
    void theSecondApplyHasNoChangesWithCarrierDownAndUp(String example) throws Exception {
        Path file = Path.of("..", "examples", example);
        var compiled = Compiler.compile(List.of(new SourceFile(example, Files.readString(file))), java.util.Map.of());
        WatchdogConfig watchdog =
                WatchdogConfig.parse(compiled.artifacts().orElseThrow().files().get("watchdog.json"));
        // the declared interfaces, and a stand-in of each PPPoE uplink's PPP device (its traffic's device)
        List<String> interfaces = new java.util.ArrayList<>(compiled.config().orElseThrow().interfaces().stream()
                .map(i -> i.name())
                .toList());
        watchdog.uplinks().stream()
                .map(WatchdogConfig.Uplink::device)
                .filter(d -> !interfaces.contains(d))
                .forEach(interfaces::add);
        build(interfaces, watchdog);
        for (String carrier : List.of("down", "up")) {
            for (int i = 0; i < interfaces.size(); i++) {
                kernel.run("", "ip", "link", "set", "peer" + i, carrier);
            }
            LabTests.Result first = run("apply", "--netns", ns, "--state-dir", stateDir.toString(), file.toString());
            assertThat(first.exitCode())
                    .as("%s, carrier %s: %s", example, carrier, first.err())
                    .isZero();
            followLeases(watchdog);
            LabTests.Result second = run("apply", "--netns", ns, "--state-dir", stateDir.toString(), file.toString());
            assertThat(second.out()).as("%s, carrier %s", example, carrier).isEqualTo("No changes.\n");
            if (carrier.equals("up")) {
                leaseRoutesSurvived(watchdog, example);
            }
            assertThat(run("destroy", "--netns", ns, "--state-dir", stateDir.toString())
                            .exitCode())
                    .isZero();
        }
    }

    /**
     * Veths named as the interfaces (peers "peerN", carrier follows them). Static uplinks get their
     * configured addresses; dynamic ones a lease: an address and a main-table default route.
     */
    private void build(List<String> interfaces, WatchdogConfig watchdog) throws Exception {
        for (int i = 0; i < interfaces.size(); i++) {
            String dev = interfaces.get(i);
            ok("ip", "link", "add", dev, "type", "veth", "peer", "name", "peer" + i);
            ok("ip", "link", "set", dev, "up");
        }
        int lease = 10;
        for (WatchdogConfig.Uplink u : watchdog.uplinks()) {
            if (u.dynamic()) {
                ok("ip", "addr", "add", "192.0.2." + lease++ + "/24", "dev", u.device());
                ok(
                        "ip",
                        "route",
                        "add",
                        "default",
                        "via",
                        LEASE_GATEWAY,
                        "dev",
                        u.device(),
                        "metric",
                        Integer.toString(100 + lease),
                        "onlink");
            } else {
                for (String address : u.addresses()) {
                    ok("ip", "addr", "add", address, "dev", u.device(), "nodad");
                }
            }
        }
    }

    /** What the daemon does for DHCP and PPPoE uplinks, on start and on every link or lease change. */
    private void followLeases(WatchdogConfig watchdog) throws Exception {
        KernelEffects effects = new KernelEffects(kernel, watchdog);
        for (WatchdogConfig.Uplink u : watchdog.uplinks()) {
            effects.syncRoutes(u, effects.read(u.device()));
        }
    }

    /** The second apply left the routes the sync installed in place (no gap until the daemon syncs again). */
    private void leaseRoutesSurvived(WatchdogConfig watchdog, String example) throws Exception {
        for (WatchdogConfig.Uplink u : watchdog.uplinks()) {
            if (u.dynamic()) {
                assertThat(kernel.run("", "ip", "route", "show", "table", Integer.toString(u.table()))
                                .out())
                        .as("%s: %s", example, u.name())
                        .contains("default via " + LEASE_GATEWAY + " dev " + u.device());
            }
        }
    }

    private void ok(String... command) throws Exception {
        Kernel.Result r = kernel.run("", command);
        assertThat(r.ok()).as("%s: %s", String.join(" ", command), r.err()).isTrue();
    }

    private static LabTests.Result run(String... args) {
        return LabTests.run(args);
    }
}
