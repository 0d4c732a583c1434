package dev.flywall.syntax;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flywall.diag.Code;
import dev.flywall.diag.Diagnostic;
import dev.flywall.source.SourceFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Proves that no input makes the parser or evaluator fail with an exception and that every error
 * points into the file in our words. Property style with fixed seeds: every valid example, every
 * hand-written case (literal and expressions) and 40 generated configurations (all checked to be
 * valid first) are damaged {@value #PER_KIND} times
 * per {@link SourceMutation} kind; for each result {@link Parser#parse}, {@link Document#load}
 * and {@link DocumentJson#toJson} must return, and every error must have a subject inside the file
 * and a message free of ANTLR's wording. Also proves that nesting far beyond
 * {@link Parser#MAX_NESTING} (10,000 levels of each bracket kind, closed and unclosed) gives
 * E0117 instead of a StackOverflowError, and that exactly {@code MAX_NESTING} levels work.
 * Failures print the seed and the damaged input as a Java literal; hits of bugs reproduced in
 * {@link KnownParserBugsTest} are counted and printed instead of failing.
 */
class ParserRobustnessTest {

    static final int PER_KIND = 300;
    private static final long SEED = 0xF1F1_BADL;
    private static final int DEEP = 10_000;
    private static final int CHAIN = 5_000;
    private static final List<String> ANTLR_WORDING = List.of(
            "mismatched input",
            "extraneous input",
            "expecting {",
            "no viable alternative",
            "<EOF>",
            "token recognition error");

    private static final List<String> CORPUS = new ArrayList<>();
    private static final AtomicInteger MUTATIONS = new AtomicInteger();
    /** Hits of bugs that KnownParserBugsTest reproduces: counted and printed, not failed. */
    @BeforeAll
    static void loadCorpus() throws Exception {
        for (Path example : Hcl4jDifferentialTest.goodExamples()) {
            CORPUS.add(Files.readString(example));
        }
        for (Path literal : Hcl4jDifferentialTest.literalResources()) {
            CORPUS.add(Files.readString(literal));
        }
        Path expressions = Path.of(ParserRobustnessTest.class
                .getResource("/hcl-expressions/expressions.hcl")
                .toURI());
        CORPUS.add(Files.readString(expressions));
        IntStream.range(0, 40).mapToObj(Hcl4jDifferentialTest::generated).forEach(CORPUS::add);
        for (String valid : CORPUS) {
            Document document = Document.load(List.of(new SourceFile("valid.hcl", valid)), Map.of());
            DocumentJson.toJson(document);
            assertThat(document.diagnostics())
                    .as("seed file is valid:%n%s", valid)
                    .isEmpty();
        }
    }

    @AfterAll
    static void printSummary() {
        System.out.println(
                "parser robustness: " + MUTATIONS.get() + " mutations of " + CORPUS.size() + " valid files checked");
    }

    // ------------------------------------------------------------------ mutations

    @TestFactory
    Stream<DynamicTest> damagedInputNeverThrowsAndErrorsPointIntoTheFile() {
        return Stream.of(SourceMutation.values())
                .map(kind -> dynamicTest(kind + " × " + PER_KIND, () -> mutateAndCheck(kind)));
    }

    private static void mutateAndCheck(SourceMutation kind) {
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < PER_KIND; i++) {
            long seed = SEED + kind.ordinal() * 1_000_003L + i;
            String base = CORPUS.get(i % CORPUS.size());
            String mutated = kind.apply(base, new Random(seed));
            List<String> problems = check(mutated);
            MUTATIONS.incrementAndGet();
            if (!problems.isEmpty()) {
                failures.add(kind + " seed=" + seed + " corpus#" + (i % CORPUS.size()) + ": " + problems + "\n  input: "
                        + javaLiteral(mutated));
            }
        }
        failures.stream().limit(20).forEach(System.out::println);
        assertThat(failures)
                .as("%s: %d of %d damaged inputs broke an invariant", kind, failures.size(), PER_KIND)
                .isEmpty();
    }

    /** Everything wrong with how we handle this text; empty when all invariants hold. */
    static List<String> check(String text) {
        SourceFile source = new SourceFile("fuzz.hcl", text);
        List<String> problems = new ArrayList<>();
        try {
            Parser.parse(source);
            Document document = Document.load(List.of(source), Map.of());
            DocumentJson.toJson(document);
            // the document's diagnostics are the parser's and then the evaluator's
            problems.addAll(diagnosticProblems(source, document.diagnostics()));
        } catch (Throwable t) {
            problems.add("threw " + t + " at "
                    + List.of(t.getStackTrace()).stream().limit(4).toList());
        }
        return problems;
    }

    private static List<String> diagnosticProblems(SourceFile source, List<Diagnostic> diagnostics) {
        List<String> problems = new ArrayList<>();
        int utf8Length = source.text().getBytes(StandardCharsets.UTF_8).length;
        for (Diagnostic d : diagnostics) {
            if (!d.isError()) {
                continue;
            }
            String what = d.code().id() + " \"" + d.summary() + "\"";
            if (d.subject() == null) {
                problems.add(what + " has no subject");
                continue;
            }
            var start = d.subject().start();
            var end = d.subject().end();
            boolean inside =
                    start.line() >= 1 && end.line() <= source.lineCount() && start.byteOffset() <= end.byteOffset();
            if (!inside || end.byteOffset() > utf8Length) {
                problems.add(what + " subject " + start.line() + ":" + start.column() + "@" + start.byteOffset()
                        + "–" + end.line() + ":" + end.column() + "@" + end.byteOffset()
                        + " outside the file (" + source.lineCount() + " lines, " + utf8Length + " bytes)");
            }
            String message = String.join("\n", d.summary(), d.detail(), d.label(), String.join("\n", d.hints()));
            for (String words : ANTLR_WORDING) {
                if (message.contains(words) && !source.text().contains(words)) {
                    problems.add(what + " uses ANTLR's wording \"" + words + "\": " + message);
                }
            }
        }
        return problems;
    }

    /** The text as a Java string literal, so that a failure can be pasted into a test. */
    static String javaLiteral(String text) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                default -> {
                    if (c < 0x20 || c >= 0x7f) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }

    // ------------------------------------------------------------------ nesting

    /** One kind of nesting: the text nested {@code n} levels deep, closed or left open. */
    record Nesting(String name, IntFunction<String> closed, IntFunction<String> open) {
        @Override
        public String toString() {
            return name;
        }
    }

    static List<Nesting> nestings() {
        return List.of(
                new Nesting(
                        "tuples [", n -> "a = " + "[".repeat(n) + "]".repeat(n) + "\n", n -> "a = " + "[".repeat(n)),
                new Nesting(
                        "objects {",
                        n -> "a = " + "{b = ".repeat(n) + "1" + "}".repeat(n) + "\n",
                        n -> "a = " + "{b = ".repeat(n)),
                new Nesting("blocks {", n -> "a {\n".repeat(n) + "}\n".repeat(n), n -> "a {\n".repeat(n)),
                new Nesting(
                        "parentheses (",
                        n -> "a = " + "(".repeat(n) + "1" + ")".repeat(n) + "\n",
                        n -> "a = " + "(".repeat(n) + "1"),
                new Nesting(
                        "interpolations ${",
                        n -> "a = \"" + "${\"".repeat(n) + "x" + "\"}".repeat(n) + "\"\n",
                        n -> "a = \"" + "${\"".repeat(n)),
                new Nesting(
                        "for expressions [for",
                        n -> "a = " + "[for x in ".repeat(n - 1) + "[1]" + " : x]".repeat(n - 1) + "\n",
                        n -> "a = " + "[for x in ".repeat(n)));
    }

    @TestFactory
    Stream<DynamicTest> nestingTenThousandDeepIsReportedNotOverflowed() {
        return nestings().stream()
                .flatMap(nesting -> Stream.of(
                        dynamicTest(
                                nesting + " ×" + DEEP + " closed",
                                () -> assertTooDeep(nesting.closed().apply(DEEP))),
                        dynamicTest(
                                nesting + " ×" + DEEP + " unclosed",
                                () -> assertTooDeep(nesting.open().apply(DEEP))),
                        dynamicTest(
                                nesting + " ×" + (Parser.MAX_NESTING + 1) + " closed",
                                () -> assertTooDeep(nesting.closed().apply(Parser.MAX_NESTING + 1)))));
    }

    private static void assertTooDeep(String text) {
        assertThat(check(text)).isEmpty();
        ParseResult result = Parser.parse(new SourceFile("deep.hcl", text));
        assertThat(result.diagnostics()).extracting(Diagnostic::code).containsExactly(Code.E0117);
        assertThat(result.diagnostics().get(0).subject().start().line()).isGreaterThanOrEqualTo(1);
    }

    @TestFactory
    Stream<DynamicTest> nestingExactlyAtTheLimitParsesAndEvaluates() {
        return nestings().stream()
                .map(nesting -> dynamicTest(nesting + " ×" + Parser.MAX_NESTING, () -> {
                    String text = nesting.closed().apply(Parser.MAX_NESTING);
                    Document document = Document.load(List.of(new SourceFile("limit.hcl", text)), Map.of());
                    JsonNode json = DocumentJson.toJson(document);
                    assertAll(
                            () -> assertThat(document.diagnostics()).isEmpty(),
                            () -> assertThat(json.has("a")).isTrue());
                }));
    }

    /**
     * Chains without brackets are not limited by MAX_NESTING; parsing them (on the parser's own
     * thread) must still return; KnownParserBugsTest evaluates them too.
     */
    @Test
    void longChainsWithoutBracketsParse() {
        List<String> chains = List.of(
                "a = " + "-".repeat(CHAIN) + "1\n",
                "a = " + "!".repeat(CHAIN) + "true\n",
                "a = 1" + " + 1".repeat(CHAIN) + "\n",
                "a = true" + " && true".repeat(CHAIN) + "\n",
                "a = " + "true ? 1 : ".repeat(CHAIN) + "0\n",
                "a = {}" + ".b".repeat(CHAIN) + "\n",
                "a = [1]" + "[0]".repeat(CHAIN) + "\n");
        for (String chain : chains) {
            assertThatCode(() -> Parser.parse(new SourceFile("chain.hcl", chain)))
                    .as(chain.substring(0, 30))
                    .doesNotThrowAnyException();
        }
    }

    @Test
    void thousandNestedTuplesEvaluateToThousandNestedArrays() {
        String text = "a = " + "[".repeat(Parser.MAX_NESTING) + "]".repeat(Parser.MAX_NESTING) + "\n";
        Document document = Document.load(List.of(new SourceFile("limit.hcl", text)), Map.of());
        JsonNode node = DocumentJson.toJson(document).get("a");
        int depth = 0;
        while (node != null && node.isArray()) {
            depth++;
            node = node.size() == 0 ? null : node.get(0);
        }
        assertThat(document.hasErrors()).isFalse();
        assertThat(depth).isEqualTo(Parser.MAX_NESTING);
    }
}
