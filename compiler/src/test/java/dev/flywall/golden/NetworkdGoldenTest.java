package dev.flywall.golden;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flywall.Compiler;
import dev.flywall.bundle.BundleJson;
import dev.flywall.render.NetworkdFiles;
import dev.flywall.source.SourceFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.approvaltests.Approvals;
import org.approvaltests.core.Options;
import org.approvaltests.reporters.QuietReporter;
import org.approvaltests.reporters.UseReporter;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The systemd-networkd files {@code flywall compile --networkd} writes, approved under
 * {@code golden/NAME/networkd/} for the examples that between them hold every kind of interface
 * (DHCP and PPPoE uplinks, static IPv4 and IPv6 uplinks with gateways, an uplink with dynamic IPv6,
 * LAN-side ones): one
 * {@code 10-flywall-IFACE.network} per declared interface, none left over. Approved like
 * {@link CompileGoldenTest}.
 */
@UseReporter(QuietReporter.class)
class NetworkdGoldenTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    private static final List<String> EXAMPLES = List.of("cable-dsl-pppoe", "ipv6-dual-stack", "ipv6-dynamic");

    @TestFactory
    Stream<DynamicTest> theExamplesGiveTheirApprovedNetworkdFiles() {
        return EXAMPLES.stream()
                .map(name -> ROOT.resolve("examples").resolve(name + ".hcl"))
                .flatMap(NetworkdGoldenTest::filesOf);
    }

    private static Stream<DynamicTest> filesOf(Path example) {
        String name = example.getFileName().toString().replaceFirst("\\.hcl$", "");
        Path dir = ROOT.resolve("golden").resolve(name).resolve("networkd");
        Map<String, String> files;
        try {
            Compiler.Result result = Compiler.compile(
                    List.of(new SourceFile(
                            example.getFileName().toString(), Files.readString(example, StandardCharsets.UTF_8))),
                    Map.of());
            files = NetworkdFiles.of(
                    result.config().orElseThrow(),
                    BundleJson.watchdog(result.artifacts().orElseThrow().watchdogJson()));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        Stream<DynamicTest> approved = files.entrySet().stream()
                .map(f -> DynamicTest.dynamicTest(name + "/networkd/" + f.getKey(), () -> {
                    String file = f.getKey();
                    Approvals.verify(
                            f.getValue(),
                            new Options()
                                    .withReporter(QuietReporter.INSTANCE)
                                    .forFile()
                                    .withNamer(new GoldenNamer(dir, file.substring(0, file.lastIndexOf('.'))))
                                    .forFile()
                                    .withExtension(".network"));
                }));
        DynamicTest noStale = DynamicTest.dynamicTest(name + "/networkd has no stale files", () -> {
            List<String> stale;
            try (Stream<Path> present = Files.list(dir)) {
                stale = present.map(p -> p.getFileName().toString())
                        .filter(f -> !f.contains(".received.") && !files.containsKey(f))
                        .toList();
            }
            assertThat(stale).as("stale files in %s", dir).isEmpty();
        });
        return Stream.concat(approved, Stream.of(noStale));
    }
}
