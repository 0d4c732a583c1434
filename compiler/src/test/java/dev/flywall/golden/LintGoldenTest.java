package dev.flywall.golden;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flywall.decode.DiagnosticCase;
import dev.flywall.decode.Frontend;
import dev.flywall.diag.Diagnostic;
import dev.flywall.diag.TextRenderer;
import dev.flywall.source.SourceFile;
import java.io.File;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * What {@code flywall lint} says about every example, approved once by a reviewer and kept under
 * {@code golden/}. Examples are discovered: each {@code examples/NAME.hcl} is checked against
 * {@code golden/NAME/lint.txt} and each {@code examples/invalid/NAME.hcl} against
 * {@code golden/invalid/NAME/lint.txt}. An example without an approved file fails, leaving
 * {@code lint.received.txt} beside where the approved file belongs (git ignores it): read it
 * line by line, and only then rename it to {@code lint.txt}. Nothing here approves by itself, and
 * no diff tool is ever opened ({@link QuietReporter}).
 *
 * <p>Besides the exact text: valid examples have no errors, every invalid example has an error
 * (so {@code flywall lint} exits 1 on each), and the examples under {@code examples/warnings/}
 * draw warnings and nothing else (exit 0, or 1 with {@code --strict}). Lint runs at the fixed
 * instant {@link DiagnosticCase#NOW}, so that a one-off maintenance window does not turn into a
 * warning the day it ends.
 */
@UseReporter(QuietReporter.class)
class LintGoldenTest {

    /** The repository root, seen from the compiler module directory, where Maven runs tests. */
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    private static final Path EXAMPLES = ROOT.resolve("examples");
    private static final Path INVALID = EXAMPLES.resolve("invalid");
    private static final Path WARNINGS = EXAMPLES.resolve("warnings");
    private static final Path GOLDEN = ROOT.resolve("golden");

    private static final String APPROVED_NAME = "lint";

    @Test
    void examplesAreWhereExpected() {
        assertThat(EXAMPLES)
                .as("examples directory, resolved from %s", Path.of("").toAbsolutePath())
                .isDirectory();
        assertThat(hclFiles(EXAMPLES)).as("valid examples").hasSizeGreaterThanOrEqualTo(9);
        assertThat(hclFiles(INVALID)).as("invalid examples").hasSizeGreaterThanOrEqualTo(14);
        assertThat(hclFiles(WARNINGS)).as("warnings examples").isNotEmpty();
    }

    @TestFactory
    Stream<DynamicTest> validExamples() {
        return hclFiles(EXAMPLES).stream()
                .map(file -> DynamicTest.dynamicTest(relative(file), () -> {
                    List<Diagnostic> diagnostics = lintAndVerify(file, GOLDEN.resolve(baseName(file)));
                    assertThat(diagnostics)
                            .as("errors in the valid example %s", relative(file))
                            .noneMatch(Diagnostic::isError);
                }));
    }

    @TestFactory
    Stream<DynamicTest> invalidExamples() {
        return hclFiles(INVALID).stream()
                .map(file -> DynamicTest.dynamicTest(relative(file), () -> {
                    List<Diagnostic> diagnostics =
                            lintAndVerify(file, GOLDEN.resolve("invalid").resolve(baseName(file)));
                    assertThat(diagnostics)
                            .as("diagnostics of %s", relative(file))
                            .isNotEmpty();
                    assertThat(diagnostics).as("errors in %s", relative(file)).anyMatch(Diagnostic::isError);
                }));
    }

    @TestFactory
    Stream<DynamicTest> warningExamples() {
        return hclFiles(WARNINGS).stream()
                .map(file -> DynamicTest.dynamicTest(relative(file), () -> {
                    List<Diagnostic> diagnostics =
                            lintAndVerify(file, GOLDEN.resolve("warnings").resolve(baseName(file)));
                    assertThat(diagnostics)
                            .as("diagnostics of %s", relative(file))
                            .isNotEmpty()
                            .noneMatch(Diagnostic::isError);
                }));
    }

    /** An approved file whose example was deleted or renamed would otherwise rot unnoticed. */
    @TestFactory
    Stream<DynamicTest> everyGoldenDirectoryHasItsExample() {
        Stream<DynamicTest> valid = goldenDirectories(GOLDEN).stream()
                .filter(dir -> !List.of("invalid", "warnings", "simulate", "imports")
                        .contains(dir.getFileName().toString()))
                .map(dir -> exampleExists(dir, EXAMPLES));
        Stream<DynamicTest> invalid =
                goldenDirectories(GOLDEN.resolve("invalid")).stream().map(dir -> exampleExists(dir, INVALID));
        Stream<DynamicTest> warnings =
                goldenDirectories(GOLDEN.resolve("warnings")).stream().map(dir -> exampleExists(dir, WARNINGS));
        return Stream.of(valid, invalid, warnings).flatMap(s -> s);
    }

    private static DynamicTest exampleExists(Path goldenDir, Path examples) {
        return DynamicTest.dynamicTest(
                ROOT.relativize(goldenDir).toString(),
                () -> assertThat(examples.resolve(goldenDir.getFileName() + ".hcl"))
                        .as("example for the approved output in %s", ROOT.relativize(goldenDir))
                        .isRegularFile());
    }

    /** Lints one example as the CLI does, verifies the rendered text, returns the diagnostics. */
    private static List<Diagnostic> lintAndVerify(Path file, Path goldenDir) {
        SourceFile source = new SourceFile(relative(file), read(file));
        List<Diagnostic> diagnostics =
                Frontend.load(List.of(source), Map.of(), DiagnosticCase.NOW).diagnostics();
        String text =
                new TextRenderer(false).render(diagnostics, name -> source) + TextRenderer.summary(diagnostics) + "\n";
        Approvals.verify(
                text,
                new Options()
                        .withReporter(QuietReporter.INSTANCE)
                        .forFile()
                        .withNamer(new GoldenNamer(goldenDir, APPROVED_NAME)));
        return diagnostics;
    }

    /** The path as flywall lint shows it when run from the repository root: examples/invalid/x.hcl. */
    private static String relative(Path file) {
        return ROOT.relativize(file).toString().replace(File.separatorChar, '/');
    }

    private static String baseName(Path file) {
        String name = file.getFileName().toString();
        return name.substring(0, name.length() - ".hcl".length());
    }

    /** The *.hcl files directly in a directory, sorted for a stable test order. */
    private static List<Path> hclFiles(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(Files::isRegularFile)
                    .filter(p -> p.getFileName().toString().endsWith(".hcl"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Path> goldenDirectories(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.filter(Files::isDirectory).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
