package dev.flywall.imports;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flywall.Compiler;
import dev.flywall.decode.Frontend;
import dev.flywall.diag.Diagnostic;
import dev.flywall.diag.TextRenderer;
import dev.flywall.format.Formatter;
import dev.flywall.golden.GoldenNamer;
import dev.flywall.source.SourceFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.approvaltests.Approvals;
import org.approvaltests.core.Options;
import org.approvaltests.reporters.QuietReporter;
import org.approvaltests.reporters.UseReporter;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every import case under {@code golden/imports/CASE/}: the UCI files {@code mwan3} (and
 * {@code network} when the case has one), written for these tests, and the approved output
 * {@code flywall.hcl}. A case without an approved file fails, leaving {@code flywall.received.hcl}
 * to be read line by line and only then renamed. Each output also lints without errors, compiles,
 * and is a fixed point of {@code flywall fmt}.
 */
@UseReporter(QuietReporter.class)
class Mwan3ImportGoldenTest {

    private static final Path CASES =
            Path.of("..").toAbsolutePath().normalize().resolve("golden").resolve("imports");

    @Test
    void casesAreWhereExpected() {
        assertThat(cases()).as("import cases in %s", CASES).hasSizeGreaterThanOrEqualTo(4);
    }

    @TestFactory
    Stream<DynamicTest> importedConfigurations() {
        return cases().stream()
                .map(dir -> DynamicTest.dynamicTest(dir.getFileName().toString(), () -> {
                    Mwan3Import.Result result = convert(dir);
                    assertThat(result.diagnostics()).as("UCI diagnostics").isEmpty();
                    Approvals.verify(
                            result.hcl(),
                            new Options()
                                    .forFile()
                                    .withNamer(new GoldenNamer(dir, "flywall"))
                                    .forFile()
                                    .withExtension(".hcl"));
                }));
    }

    @TestFactory
    Stream<DynamicTest> outputsLintCleanAndCompile() {
        return cases().stream()
                .map(dir -> DynamicTest.dynamicTest(dir.getFileName().toString(), () -> {
                    String hcl = convert(dir).hcl();
                    List<SourceFile> sources = List.of(new SourceFile("flywall.hcl", hcl));
                    List<Diagnostic> diagnostics =
                            Frontend.load(sources, Map.of()).diagnostics();
                    assertThat(diagnostics)
                            .as("lint of the import of %s:%n%s", dir.getFileName(), render(diagnostics, sources.get(0)))
                            .noneMatch(Diagnostic::isError);
                    Compiler.Result compiled = Compiler.compile(sources, Map.of());
                    assertThat(compiled.artifacts()).as("compiled artifacts").isPresent();
                }));
    }

    @TestFactory
    Stream<DynamicTest> outputsAreFormatted() {
        return cases().stream()
                .map(dir -> DynamicTest.dynamicTest(dir.getFileName().toString(), () -> {
                    String hcl = convert(dir).hcl();
                    assertThat(Formatter.format(hcl)).isEqualTo(hcl);
                }));
    }

    @TestFactory
    Stream<DynamicTest> importIsDeterministic() {
        return cases().stream()
                .map(dir -> DynamicTest.dynamicTest(
                        dir.getFileName().toString(),
                        () -> assertThat(convert(dir)).isEqualTo(convert(dir))));
    }

    private static Mwan3Import.Result convert(Path dir) {
        Path network = dir.resolve("network");
        return Mwan3Import.convert(
                new SourceFile("mwan3", read(dir.resolve("mwan3"))),
                Files.exists(network) ? Optional.of(new SourceFile("network", read(network))) : Optional.empty());
    }

    private static String render(List<Diagnostic> diagnostics, SourceFile source) {
        java.io.StringWriter text = new java.io.StringWriter();
        new TextRenderer(false).write(diagnostics, name -> source, new java.io.PrintWriter(text, true));
        return text.toString();
    }

    private static List<Path> cases() {
        try (Stream<Path> dirs = Files.list(CASES)) {
            return dirs.filter(d -> Files.isRegularFile(d.resolve("mwan3")))
                    .sorted()
                    .toList();
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
