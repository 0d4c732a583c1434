package dev.flywall.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.abort;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Formatting is a fixed point after one pass, for every configuration we have: the repository's
 * {@code examples/} (resolved from the compiler module directory) and every fmt fixture.
 */
class FormatterIdempotenceTest {

    private static final Path EXAMPLES = Path.of("..", "examples");

    @TestFactory
    Stream<DynamicTest> examples() {
        if (!Files.isDirectory(EXAMPLES)) {
            return Stream.of(DynamicTest.dynamicTest(
                    "examples/",
                    () -> abort("no examples directory at "
                            + EXAMPLES.toAbsolutePath().normalize())));
        }
        return idempotenceTests(FmtFixtures.filesEndingWith(EXAMPLES, ".hcl"), EXAMPLES);
    }

    @TestFactory
    Stream<DynamicTest> fixtures() {
        Path dir = FmtFixtures.directory();
        return idempotenceTests(FmtFixtures.filesEndingWith(dir, ".hcl"), dir);
    }

    private static Stream<DynamicTest> idempotenceTests(List<Path> files, Path root) {
        return files.stream()
                .map(file -> DynamicTest.dynamicTest(root.relativize(file).toString(), () -> {
                    String source = FmtFixtures.read(file);
                    assumeTrue(
                            FmtFixtures.parseErrors(file.toString(), source).isEmpty(),
                            () -> file + " does not parse, so it is not formatted (fmt's precondition)");
                    String once = Formatter.format(source);
                    assertThat(Formatter.format(once))
                            .as("format(format(%s))", file.getFileName())
                            .isEqualTo(once);
                }));
    }
}
