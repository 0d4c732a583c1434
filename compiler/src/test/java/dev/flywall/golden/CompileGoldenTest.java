package dev.flywall.golden;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flywall.Compiler;
import dev.flywall.source.SourceFile;
import java.io.IOException;
import java.io.UncheckedIOException;
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
 * What the compiler makes of every example, approved once by a reviewer:
 * {@code golden/NAME/ruleset.nft}, {@code routes.ip}, {@code routes6.ip} (with IPv6),
 * {@code shaping.tc} (when a WAN has a bandwidth), {@code pppoe-IFACE.peers} (per PPPoE interface) and
 * {@code watchdog.json}: every file of {@link Compiler.Artifacts#files()} but secrets.json. Examples are discovered; one without approved files fails, leaving
 * {@code *.received.*} files to read line by line before renaming them. Nothing approves by
 * itself and no diff tool opens ({@link QuietReporter}). A file the example no longer produces
 * (routes6.ip after IPv6 was removed, shaping.tc after the last bandwidth) fails too, so stale
 * golden files cannot linger.
 */
@UseReporter(QuietReporter.class)
class CompileGoldenTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Path EXAMPLES = ROOT.resolve("examples");
    private static final Path GOLDEN = ROOT.resolve("golden");

    @TestFactory
    Stream<DynamicTest> everyExampleCompilesToItsApprovedFiles() throws IOException {
        List<Path> examples;
        try (Stream<Path> files = Files.list(EXAMPLES)) {
            examples = files.filter(p -> p.getFileName().toString().endsWith(".hcl"))
                    .sorted()
                    .toList();
        }
        assertThat(examples).isNotEmpty();
        return examples.stream().flatMap(this::filesOf);
    }

    private Stream<DynamicTest> filesOf(Path example) {
        String name = example.getFileName().toString().replaceFirst("\\.hcl$", "");
        Path dir = GOLDEN.resolve(name);
        Compiler.Result result =
                Compiler.compile(List.of(new SourceFile(example.getFileName().toString(), read(example))), Map.of());
        Map<String, String> files = result.artifacts()
                .orElseThrow(() -> new AssertionError(name + " does not compile: " + result.diagnostics()))
                .files();
        Stream<DynamicTest> approved = files.entrySet().stream()
                .filter(f -> !f.getKey().equals("secrets.json"))
                .map(f ->
                        DynamicTest.dynamicTest(name + "/" + f.getKey(), () -> verify(dir, f.getKey(), f.getValue())));
        DynamicTest noStale = DynamicTest.dynamicTest(name + " has no stale golden files", () -> {
            // lint.txt is LintGoldenTest's, networkd/ NetworkdGoldenTest's; every other file must still be produced
            List<String> stale;
            try (Stream<Path> approvedFiles = Files.list(dir)) {
                stale = approvedFiles
                        .filter(Files::isRegularFile)
                        .map(p -> p.getFileName().toString())
                        .filter(f -> !f.equals("lint.txt") && !f.contains(".received."))
                        .filter(f -> !files.containsKey(f))
                        .sorted()
                        .toList();
            }
            assertThat(stale).as("stale golden files in %s", dir).isEmpty();
        });
        return Stream.concat(approved, Stream.of(noStale));
    }

    private static void verify(Path dir, String file, String content) {
        int dot = file.lastIndexOf('.');
        Approvals.verify(
                content,
                new Options()
                        .withReporter(QuietReporter.INSTANCE)
                        .forFile()
                        .withNamer(new GoldenNamer(dir, file.substring(0, dot)))
                        .forFile()
                        .withExtension(file.substring(dot)));
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
