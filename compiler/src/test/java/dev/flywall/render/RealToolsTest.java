package dev.flywall.render;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flywall.Compiler;
import dev.flywall.bundle.BundleJson;
import dev.flywall.bundle.WatchdogFile;
import dev.flywall.model.Interface;
import dev.flywall.plan.HaPlanTest;
import dev.flywall.plan.Ipv6PlanTest;
import dev.flywall.plan.ShapingBatch;
import dev.flywall.source.SourceFile;
import dev.flywall.testing.NeedsRoot;
import dev.flywall.testing.NeedsTools;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every example compiles to files the real tools accept: {@code nft -c -f} and {@code nft -f}
 * of the ruleset (twice: the replace form must work on an existing table), and {@code ip -batch}
 * of the route files, in a scratch namespace whose interfaces are named as in the configuration.
 */
@NeedsRoot
@NeedsTools({"nft", "ip"})
class RealToolsTest {

    static Stream<Path> examples() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("..", "examples"))) {
            return files.filter(p -> p.toString().endsWith(".hcl")).sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void compiledFilesLoadIntoTheKernel(Path example) throws Exception {
        Compiler.Result result = Compiler.compile(
                List.of(new SourceFile(example.getFileName().toString(), Files.readString(example))), Map.of());
        assertThat(result.artifacts()).as("compiles: %s", result.diagnostics()).isPresent();
        var artifacts = result.artifacts().get();
        List<String> devices = result.config().orElseThrow().interfaces().stream()
                .map(Interface::name)
                .toList();
        try (Netns ns = Netns.create("fwtest", devices)) {
            assertOk(ns.execWithFile(artifacts.rulesetNft(), "nft", "-c", "-f"), "nft -c");
            assertOk(ns.execWithFile(artifacts.rulesetNft(), "nft", "-f"), "nft -f");
            assertOk(ns.execWithFile(artifacts.rulesetNft(), "nft", "-f"), "nft -f again (replace)");
            assertOk(ns.execWithFile(artifacts.routesIp(), "ip", "-batch"), "ip -batch");
            if (artifacts.routes6Ip().isPresent()) {
                assertOk(ns.execWithFile(artifacts.routes6Ip().get(), "ip", "-6", "-batch"), "ip -6 -batch");
            }
            Netns.Run listed = ns.exec("nft", "list", "table", "inet", "flywall");
            assertOk(listed, "nft list");
            assertThat(listed.output()).contains("chain classify", "comment \"uplink ");
        }
    }

    /**
     * An HA example's keepalived.conf passes {@code keepalived -t} in a namespace with the
     * example's interfaces (keepalived refuses an interface that does not exist), and its
     * conntrackd.conf passes conntrackd's own parser (client mode: it parses the file, then finds
     * no daemon to talk to).
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    @NeedsTools({"keepalived", "conntrackd"})
    void haFilesPassTheToolsOwnChecks(Path example) throws Exception {
        Compiler.Result result = Compiler.compile(
                List.of(new SourceFile(example.getFileName().toString(), Files.readString(example))), Map.of());
        Map<String, String> files = result.artifacts().orElseThrow().files();
        if (!files.containsKey(Compiler.KEEPALIVED_CONF)) {
            return;
        }
        List<String> devices = result.config().orElseThrow().interfaces().stream()
                .map(Interface::name)
                .toList();
        try (Netns ns = Netns.create("fwha", devices)) {
            Netns.Run keepalived = ns.execWithFile(files.get(Compiler.KEEPALIVED_CONF), "keepalived", "-t", "-f");
            assertThat(keepalived.exitCode()).as(keepalived.output()).isZero();
            Netns.Run conntrackd = ns.execWithFile(files.get(Compiler.CONNTRACKD_CONF), "conntrackd", "-s", "-C");
            assertThat(conntrackd.output())
                    .doesNotContain("parsing config file")
                    .contains("can't connect");
        }
    }

    /**
     * The IPv6 translations the examples do not show load too: masquerade to a static and to a
     * learned address, NPT to a routed and to a delegated (empty chains) prefix, and an HA node's
     * snat of the LAN to its IPv4 and IPv6 virtual addresses.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"MASQUERADE", "NPT", "HA"})
    void ipv6TranslationLoadsIntoTheKernel(String which) throws Exception {
        String text = switch (which) {
            case "NPT" -> Ipv6PlanTest.NPT;
            case "HA" -> HaPlanTest.DUAL_STACK; // the LAN's IPv6 masquerade to a virtual address
            default -> Ipv6PlanTest.MASQUERADE;
        };
        Compiler.Result result = Compiler.compile(List.of(new SourceFile("t.hcl", text)), Map.of());
        var artifacts = result.artifacts().orElseThrow();
        List<String> devices = result.config().orElseThrow().interfaces().stream()
                .map(Interface::name)
                .toList();
        try (Netns ns = Netns.create("fwtest6", devices)) {
            assertOk(ns.execWithFile(artifacts.rulesetNft(), "nft", "-c", "-f"), "nft -c");
            assertOk(ns.execWithFile(artifacts.rulesetNft(), "nft", "-f"), "nft -f");
            assertOk(ns.execWithFile(artifacts.routes6Ip().orElseThrow(), "ip", "-6", "-batch"), "ip -6 -batch");
        }
    }

    /**
     * shaping.tc loads with {@code tc -batch} on the interfaces of the configuration. Its leaf is
     * {@link ShapingBatch#PREFERRED_LEAF}; where this kernel lacks it, the next of
     * {@link ShapingBatch#LEAVES} it has is put in its place, as apply does.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    @NeedsTools({"tc"})
    void shapingLoadsIntoTheKernel(Path example) throws Exception {
        Compiler.Result result = Compiler.compile(
                List.of(new SourceFile(example.getFileName().toString(), Files.readString(example))), Map.of());
        var shaping = result.artifacts().orElseThrow().shapingTc();
        if (shaping.isEmpty()) {
            return;
        }
        List<String> devices = result.config().orElseThrow().interfaces().stream()
                .map(Interface::name)
                .toList();
        try (Netns ns = Netns.create("fwtc", devices)) {
            List<WatchdogFile.Interface> shaped =
                    BundleJson.watchdog(result.artifacts().get().watchdogJson()).interfaces().stream()
                            .filter(i -> i.shaping() != null)
                            .toList();
            Netns.Run loaded = null;
            for (String leaf : ShapingBatch.LEAVES) {
                loaded = ns.execWithFile(
                        shaping.get().replace(" " + ShapingBatch.PREFERRED_LEAF + "\n", " " + leaf + "\n"),
                        "tc",
                        "-batch");
                if (loaded.exitCode() == 0) {
                    break;
                }
                // the batch stopped at the leaf: an HTB root cannot be replaced by another ("Change
                // operation not supported"), so the next try starts from the kernel's default root
                for (WatchdogFile.Interface i : shaped) {
                    ns.exec("tc", "qdisc", "del", "dev", i.name(), "root");
                }
            }
            assertOk(loaded, "tc -batch shaping.tc");
            for (WatchdogFile.Interface i : shaped) {
                Netns.Run classes = ns.exec("tc", "class", "show", "dev", i.name());
                assertOk(classes, "tc class show");
                assertThat(classes.output())
                        .contains(
                                "class htb 1:10 ", " rate " + tcRate(i.shaping().rateBps()) + " ");
            }
        }
    }

    /** A rate as tc prints it: 20Mbit, 1Gbit, 512Kbit. */
    private static String tcRate(long bps) {
        if (bps % 1_000_000_000L == 0) {
            return bps / 1_000_000_000L + "Gbit";
        }
        if (bps % 1_000_000L == 0) {
            return bps / 1_000_000L + "Mbit";
        }
        return bps % 1_000L == 0 ? bps / 1_000L + "Kbit" : bps + "bit";
    }

    private static void assertOk(Netns.Run run, String what) {
        assertThat(run.exitCode()).as("%s failed:%n%s", what, run.output()).isZero();
    }
}
