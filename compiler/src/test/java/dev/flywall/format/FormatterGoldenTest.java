package dev.flywall.format;

import static dev.flywall.format.FmtFixtures.INPUT_SUFFIX;
import static dev.flywall.format.FmtFixtures.OUTPUT_SUFFIX;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Golden pairs discovered from {@code src/test/resources/fmt/}: {@code NAME.in.hcl} must format
 * to exactly {@code NAME.out.hcl}. An input without an approved output fails, and so does an
 * output whose input is gone.
 */
class FormatterGoldenTest {

    @Test
    void thereAreEnoughPairs() {
        assertThat(FmtFixtures.filesEndingWith(FmtFixtures.directory(), INPUT_SUFFIX))
                .hasSizeGreaterThanOrEqualTo(15);
    }

    @TestFactory
    Stream<DynamicTest> eachInputFormatsToItsApprovedOutput() {
        Path dir = FmtFixtures.directory();
        return FmtFixtures.filesEndingWith(dir, INPUT_SUFFIX).stream()
                .map(input -> DynamicTest.dynamicTest(name(input, INPUT_SUFFIX), () -> checkPair(input)));
    }

    @TestFactory
    Stream<DynamicTest> everyApprovedOutputHasItsInput() {
        List<Path> outputs = FmtFixtures.filesEndingWith(FmtFixtures.directory(), OUTPUT_SUFFIX);
        return outputs.stream()
                .map(output -> DynamicTest.dynamicTest(name(output, OUTPUT_SUFFIX), () -> {
                    Path input = output.resolveSibling(name(output, OUTPUT_SUFFIX) + INPUT_SUFFIX);
                    assertThat(input)
                            .as("input for approved output %s", output.getFileName())
                            .exists();
                }));
    }

    private static void checkPair(Path input) {
        String name = name(input, INPUT_SUFFIX);
        Path output = input.resolveSibling(name + OUTPUT_SUFFIX);
        if (!Files.exists(output)) {
            fail(
                    "%s has no approved output: write the expected result to %s",
                    input.getFileName(), output.getFileName());
        }
        String source = FmtFixtures.read(input);
        assertThat(FmtFixtures.parseErrors(input.toString(), source))
                .as("fixture %s must parse (the formatter's precondition)", input.getFileName())
                .isEmpty();

        String formatted = Formatter.format(source);

        assertThat(formatted).as("formatting %s", input.getFileName()).isEqualTo(FmtFixtures.read(output));
        assertThat(Formatter.format(formatted))
                .as("formatting %s again", output.getFileName())
                .isEqualTo(formatted);
        assertThat(FmtFixtures.parseErrors(output.toString(), formatted))
                .as("output parses")
                .isEmpty();
    }

    private static String name(Path file, String suffix) {
        String fileName = file.getFileName().toString();
        return fileName.substring(0, fileName.length() - suffix.length());
    }
}
