package dev.flywall.syntax;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import dev.flywall.diag.Diagnostic;
import dev.flywall.source.SourceFile;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Proves that on the literal subset of HCL our parser, evaluator and {@link DocumentJson} decode
 * configurations to the same values as an independent implementation, hcl4j 0.9.8. The cases are
 * every example under {@code examples/} (except {@code bad-*}), the hand-written files under
 * {@code hcl-literal/}, and {@value #GENERATED} configurations generated from fixed seeds by
 * {@link LiteralConfigGenerator} (every tenth with CRLF line ends). Both sides are brought to one
 * canonical form first (see {@link Hcl4jOracle}); inputs hcl4j is known to misread are never fed
 * to it (see {@link LiteralSubset}). Also proves that every non-{@code bad-} example parses.
 */
class Hcl4jDifferentialTest {

    static final int GENERATED = 320;
    private static final long SEED = 0x5EED_F1A7L;
    private static final Path EXAMPLES = Path.of("..", "examples");

    private static final AtomicInteger COMPARED = new AtomicInteger();
    private static final List<String> SKIPPED = Collections.synchronizedList(new ArrayList<>());

    /** The seed of the i-th generated configuration (shared with the robustness test). */
    static long generatedSeed(int index) {
        return SEED + 7_919L * index;
    }

    /** The i-th generated configuration. */
    static String generated(int index) {
        String text = LiteralConfigGenerator.generate(generatedSeed(index));
        return index % 10 == 9 ? text.replace("\n", "\r\n") : text;
    }

    /** The *.hcl files under examples/, in subfolders too, without the broken ones (bad-*, invalid/). */
    static List<Path> goodExamples() throws IOException {
        if (!Files.isDirectory(EXAMPLES)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(EXAMPLES)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".hcl"))
                    .filter(p -> !p.getFileName().toString().startsWith("bad-"))
                    .filter(p -> !EXAMPLES.relativize(p).startsWith("invalid"))
                    .sorted()
                    .toList();
        }
    }

    /** The hand-written literal cases under src/test/resources/hcl-literal. */
    static List<Path> literalResources() throws IOException, URISyntaxException {
        Path dir =
                Path.of(Hcl4jDifferentialTest.class.getResource("/hcl-literal").toURI());
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.toString().endsWith(".hcl")).sorted().toList();
        }
    }

    @Test
    void everyExampleExceptBadOnesParsesWithoutErrors() throws IOException {
        List<Path> examples = goodExamples();
        assertThat(examples)
                .as("examples under %s", EXAMPLES.toAbsolutePath().normalize())
                .isNotEmpty();
        for (Path example : examples) {
            ParseResult result = Parser.parse(new SourceFile(example.toString(), Files.readString(example)));
            assertThat(result.diagnostics().stream().filter(Diagnostic::isError).toList())
                    .as("errors in %s", example)
                    .isEmpty();
        }
    }

    @TestFactory
    Stream<DynamicTest> examplesDecodeAsHcl4jDecodesThem() throws IOException {
        return goodExamples().stream()
                .map(path -> dynamicTest(
                        "example " + EXAMPLES.relativize(path),
                        () -> compareWhenComparable(path.toString(), Files.readString(path))));
    }

    @TestFactory
    Stream<DynamicTest> handWrittenCasesDecodeAsHcl4jDecodesThem() throws Exception {
        return literalResources().stream()
                .map(path -> dynamicTest(
                        "hcl-literal/" + path.getFileName(),
                        () -> assertSameAsHcl4j(path.getFileName().toString(), Files.readString(path))));
    }

    @TestFactory
    Stream<DynamicTest> generatedConfigsDecodeAsHcl4jDecodesThem() {
        return IntStream.range(0, GENERATED)
                .mapToObj(i -> dynamicTest(
                        "generated " + (i + 1) + "/" + GENERATED + " (seed " + generatedSeed(i) + ")",
                        () -> assertSameAsHcl4j("generated-" + i + ".hcl", generated(i))));
    }

    /** The hcl4j quirks of LIBRARIES.md and those found here: such input must never reach hcl4j. */
    @ParameterizedTest
    @ValueSource(
            strings = {
                "a = 1.5e3\n",
                "a = <<EOT\nx\nEOT\n",
                "a = \"\\u00e9\"\n",
                "a {\n  b = \"$${x}\"\n}\n",
                "a = 9007199254740993\n",
                "a = 1 + 2\n",
                "a = [1, 2][0]\n",
                "a = \"${1}\"\n",
                "naïve = 1\n",
                "a = { \"\" = 1 }\n",
                "a {}\na \"x\" {}\n",
                "a = 1\na {}\n",
                "b \"\\U0001F600\" {}\n"
            })
    void inputHcl4jMisreadsIsOutsideTheLiteralSubset(String text) {
        ParseResult parsed = Parser.parse(new SourceFile("quirk.hcl", text));
        assertThat(parsed.hasErrors()).isFalse();
        assertThat(LiteralSubset.whyNot(parsed.file())).isPresent();
    }

    @Test
    void escapedBackslashBeforeUIsNoUnicodeEscape() {
        ParseResult parsed = Parser.parse(new SourceFile("ok.hcl", "a = \"\\\\u\"\n"));
        assertThat(LiteralSubset.whyNot(parsed.file())).isEmpty();
    }

    @Test
    void singleAndRepeatedBlocksBecomeListsOfBodies() throws Exception {
        String text = "a \"x\" {\n  b {}\n}\nc {}\nc { d = 1 }\n";
        Document document = Document.load(List.of(new SourceFile("shape.hcl", text)), Map.of());
        Object ours = Hcl4jOracle.fromJson(DocumentJson.toJson(document));
        Hcl4jOracle.blockLeavesAsLists(ours, document.files().get(0).body().items());
        assertThat(ours).hasToString("{a={x=[{b=[{}]}]}, c=[{}, {d=1}]}");
    }

    @AfterAll
    static void printSummary() {
        System.out.println("hcl4j differential: " + COMPARED.get() + " cases compared, " + SKIPPED.size()
                + " examples outside the literal subset" + (SKIPPED.isEmpty() ? "" : " " + SKIPPED));
    }

    /** Examples may use expressions hcl4j cannot evaluate: those are skipped, with the reason. */
    private static void compareWhenComparable(String name, String text) throws Exception {
        ParseResult parsed = Parser.parse(new SourceFile(name, text));
        Assumptions.assumeFalse(parsed.hasErrors(), "has syntax errors (reported by the test above)");
        Optional<String> why = LiteralSubset.whyNot(parsed.file());
        if (why.isPresent()) {
            SKIPPED.add(name + ": " + why.get());
            Assumptions.abort("outside the literal subset: " + why.get());
        }
        assertSameAsHcl4j(name, text);
    }

    private static void assertSameAsHcl4j(String name, String text) throws Exception {
        Document document = Document.load(List.of(new SourceFile(name, text)), Map.of());
        assertThat(document.diagnostics())
                .as("diagnostics of %s:%n%s", name, text)
                .isEmpty();
        assertThat(LiteralSubset.whyNot(document.files().get(0)))
                .as("%s is a literal case", name)
                .isEmpty();
        List<BodyItem> items = document.files().get(0).body().items();

        Object ours = Hcl4jOracle.fromJson(DocumentJson.toJson(document));
        Object theirs = Hcl4jOracle.decode(text);
        Hcl4jOracle.blockLeavesAsLists(ours, items);
        Hcl4jOracle.blockLeavesAsLists(theirs, items);

        assertThat(ours)
                .as("ours (actual) vs hcl4j (expected) for %s:%n%s", name, text)
                .isEqualTo(theirs);
        COMPARED.incrementAndGet();
    }
}
