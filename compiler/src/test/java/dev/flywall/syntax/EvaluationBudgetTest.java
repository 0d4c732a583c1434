package dev.flywall.syntax;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.flywall.diag.Code;
import dev.flywall.diag.Diagnostic;
import dev.flywall.source.SourceFile;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Evaluation bombs stop within seconds with one E0212 instead of running for minutes at
 * gigabytes; real configurations, even large ones, stay well inside the budget.
 */
class EvaluationBudgetTest {

    private static final Duration QUICKLY = Duration.ofSeconds(30);

    private static List<Diagnostic> load(String text) {
        return assertTimeoutPreemptively(QUICKLY, () -> {
            Document document = Document.load(List.of(new SourceFile("bomb.hcl", text)), Map.of());
            DocumentJson.toJson(document); // walks every value, as inspect --json does
            return document.diagnostics();
        });
    }

    private static void assertOneE0212At(List<Diagnostic> diagnostics, String spanText) {
        assertThat(diagnostics).hasSize(1);
        Diagnostic d = diagnostics.get(0);
        assertThat(d.code()).isEqualTo(Code.E0212);
        assertThat(d.summary()).isEqualTo("Evaluation too large");
        assertThat(d.detail()).contains("more than 4,000,000 steps");
        assertThat(d.subject().toString()).isEqualTo(spanText);
    }

    @Test
    void nestedForOverAMillionRangesStopsAtOnce() {
        List<Diagnostic> diagnostics = load("v = [for a in range(1000000) : [for b in range(1000) : a]]\n");

        assertOneE0212At(diagnostics, "bomb.hcl:1:42"); // the inner range() that would go past the budget
    }

    @Test
    void aBadReferenceInsideALoopIsReportedOnceNotPerIteration() {
        // found by CompilerFuzzTest: a million E0201s for one reference exhausted the heap
        List<Diagnostic> diagnostics = load("""
                ipset "bomb_v" {
                  entries = "%{for i in range(1000000)}${local.s}%{endfor}"
                }
                """);

        assertThat(diagnostics).extracting(Diagnostic::code).containsExactly(Code.E0201);
        assertThat(diagnostics.get(0).subject().toString()).isEqualTo("bomb.hcl:2:48");
    }

    @Test
    void localsThatDoubleAStringStop() {
        StringBuilder text = new StringBuilder("locals {\n  s0 = \"abcdefgh\"\n");
        for (int i = 1; i <= 40; i++) {
            text.append("  s")
                    .append(i)
                    .append(" = \"${local.s")
                    .append(i - 1)
                    .append("}${local.s")
                    .append(i - 1)
                    .append("}\"\n");
        }
        text.append("}\nv = local.s40\n");

        List<Diagnostic> diagnostics = load(text.toString());

        assertThat(diagnostics).singleElement().extracting(Diagnostic::code).isEqualTo(Code.E0212);
    }

    @Test
    void localsThatDoubleASharedListStopBeforeAnythingWalksThem() {
        StringBuilder text = new StringBuilder("locals {\n  l0 = [1]\n");
        for (int i = 1; i <= 64; i++) {
            text.append("  l")
                    .append(i)
                    .append(" = [local.l")
                    .append(i - 1)
                    .append(", local.l")
                    .append(i - 1)
                    .append("]\n");
        }
        text.append("}\nv = length(flatten(local.l64))\n");

        List<Diagnostic> diagnostics = load(text.toString());

        assertThat(diagnostics).singleElement().extracting(Diagnostic::code).isEqualTo(Code.E0212);
    }

    @Test
    void replaceCannotMultiplyAStringPastTheBudget() {
        String a = "join(\"\", [for i in range(100000) : \"a\"])";
        List<Diagnostic> diagnostics = load("v = replace(" + a + ", \"a\", " + a + ")\n");

        assertOneE0212At(diagnostics, "bomb.hcl:1:5"); // charged before the 10^10 characters are built
    }

    @Test
    void theBudgetIsSpentOnceAndReportedOnce() {
        List<Diagnostic> diagnostics = load("""
                a = [for x in range(1000000) : [for y in range(100) : y]]
                b = [for x in range(1000000) : [for y in range(100) : y]]
                c = 1
                """);

        assertThat(diagnostics).singleElement().extracting(Diagnostic::code).isEqualTo(Code.E0212);
    }

    @Test
    void aLargeRealListStaysInsideTheBudget() {
        List<Diagnostic> diagnostics = load("v = [for i in range(20000) : \"10.0.${i}.0/24\"]\n"
                + "w = range(1000000)\n"); // the documented range() limit stays usable

        assertThat(diagnostics).isEmpty();
    }
}
