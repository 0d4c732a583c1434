package dev.flywall.syntax;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.flywall.diag.Code;
import dev.flywall.diag.Diagnostic;
import dev.flywall.source.SourceFile;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Regression tests for parser and evaluator bugs found by {@link ParserRobustnessTest} and
 * {@link Hcl4jDifferentialTest}, each with its minimal input. The random tests guard them too:
 * any exception there fails.
 */
class KnownParserBugsTest {

    /** True when the text holds a UTF-16 surrogate that is not half of a pair. */
    static boolean hasLoneSurrogate(String text) {
        return text.codePoints().anyMatch(cp -> cp >= 0xD800 && cp <= 0xDFFF);
    }

    @Test
    void namespacedNameWithoutParenthesisIsADiagnostic() {
        for (String text : List.of("a = [f::g]\n", "a = (f::g)\n", "a = [{\n  b:: true,\n}]\n", "a = f::g")) {
            AtomicReference<ParseResult> result = new AtomicReference<>();
            assertThatCode(() -> result.set(Parser.parse(new SourceFile("bug.hcl", text))))
                    .as(text)
                    .doesNotThrowAnyException();
            assertThat(result.get().hasErrors()).as(text).isTrue();
        }
    }

    @Test
    void exponentBeyondIntIsInvalidNumber() {
        AtomicReference<ParseResult> result = new AtomicReference<>();
        assertThatCode(() -> result.set(Parser.parse(new SourceFile("bug.hcl", "a = 1e9999999999\n"))))
                .doesNotThrowAnyException();
        assertThat(result.get().diagnostics()).extracting(Diagnostic::code).containsExactly(Code.E0118);
    }

    @Test
    void hugeExponentsGiveValuesOrDiagnostics() {
        for (String text : List.of("a = 1e2147483647\n", "a = 1e999999999 % 3\n", "a = floor(1e999999999)\n")) {
            Document document = Document.load(List.of(new SourceFile("bug.hcl", text)), Map.of());
            assertThatCode(() -> DocumentJson.toJson(document)).as(text).doesNotThrowAnyException();
        }
    }

    @Test
    void longChainsWithoutBracketsDoNotOverflowTheStack() throws InterruptedException {
        StringBuilder locals = new StringBuilder("locals {\n  l0 = 1\n");
        for (int i = 1; i <= 2_000; i++) {
            locals.append("  l").append(i).append(" = local.l").append(i - 1).append('\n');
        }
        List<String> texts = List.of(
                "a = " + "-".repeat(5_000) + "1\n",
                "a = 1" + " + 1".repeat(5_000) + "\n",
                "a = true" + " && true".repeat(5_000) + "\n",
                "a = {}" + ".b".repeat(2_000) + "\n",
                locals.append("}\na = local.l2000\n").toString());
        for (String text : texts) {
            AtomicReference<List<String>> problems = new AtomicReference<>();
            Thread caller = new Thread(null, () -> problems.set(ParserRobustnessTest.check(text)), "caller", 1 << 20);
            caller.start();
            caller.join();
            assertThat(problems.get()).as(text.substring(0, 40)).isEmpty();
        }
    }

    @Test
    void heredocMarkerOutsideTheBasicPlaneCloses() {
        Document document = Document.load(List.of(new SourceFile("bug.hcl", "a = <<𝐀\nhi\n𝐀\n")), Map.of());
        assertThat(document.diagnostics()).isEmpty();
        assertThat(DocumentJson.toJson(document).get("a").textValue()).isEqualTo("hi\n");
    }

    @Test
    void ambiguousBlockShapesAreReportedOrKept() {
        Map<String, String> cases = Map.of(
                "a {}\na { b = 1 }\na \"x\" {}\n", "\"b\":1", // gives {"a":{"x":{}}}
                "a {\n  b = 1\n}\na = 2\n", "\"b\":1", // gives {"a":2}
                "c \"x\" { y = 1 }\nc \"x\" \"y\" {}\n", "\"y\":1", // gives {"c":{"x":{"y":[1,{}]}}}
                "a = 1\na {}\n", "\"a\":1"); // gives {"a":[1,{}]}
        cases.forEach((text, kept) -> {
            Document document = Document.load(List.of(new SourceFile("bug.hcl", text)), Map.of());
            String json = DocumentJson.toJson(document).toString();
            assertThat(document.hasErrors() || json.contains(kept))
                    .as("%s gives %s", text, json)
                    .isTrue();
        });
    }

    @Test
    void offsetsAfterALoneSurrogateStayInsideTheFile() {
        String text = "a = \"\uD800";
        ParseResult result = Parser.parse(new SourceFile("bug.hcl", text));
        assertThat(result.diagnostics())
                .isNotEmpty()
                .allSatisfy(d -> assertThat(d.subject().end().byteOffset())
                        .isLessThanOrEqualTo(text.getBytes(StandardCharsets.UTF_8).length));
    }

    @Test
    void documentAtTheNestingLimitCanBeWrittenAsJson() {
        String text = "a = " + "[".repeat(Parser.MAX_NESTING) + "]".repeat(Parser.MAX_NESTING) + "\n";
        Document document = Document.load(List.of(new SourceFile("limit.hcl", text)), Map.of());
        assertThatCode(() -> DocumentJson.MAPPER.writeValueAsString(DocumentJson.toJson(document)))
                .doesNotThrowAnyException();
    }
}
