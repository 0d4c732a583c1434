package dev.flywall.syntax;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flywall.diag.Diagnostic;
import dev.flywall.source.SourceFile;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Expressions evaluate to HCL's values: precedence, conversions, templates, collections, functions. */
class EvaluatorTest {

    /** The value of {@code v = EXPR} as compact JSON. */
    private static String eval(String expression) {
        return evalFile("v = " + expression + "\n", Map.of()).get("v").toString();
    }

    private static JsonNode evalFile(String text, Map<String, String> vars) {
        Document document = Document.load(List.of(new SourceFile("t.hcl", text)), vars);
        JsonNode json = DocumentJson.toJson(document);
        assertThat(document.diagnostics()).as("diagnostics of %s", text).isEmpty();
        return json;
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(
            delimiterString = " => ",
            quoteCharacter = '`',
            value = {
                "1 + 2 * 3 => 7",
                "(1 + 2) * 3 => 9",
                "10 - 4 - 3 => 3",
                "7 % 3 => 1",
                "1 / 4 => 0.25",
                "-2 * -3 => 6",
                "1.5e3 => 1500",
                "2 < 3 && 3 <= 3 => true",
                "!true || false => false",
                "`null != null && null.address` => false",
                "`null == null || null.address` => true",
                "`[for p in [null, {a = 1}] : p != null && p.a == 1]` => `[false,true]`",
                "1 == 1.0 => true",
                "`\"1\" + 2` => 3",
                "`\"a\" == \"a\"` => true",
                "true ? 1 : 2 => 1",
                "false ? 1 : true ? 2 : 3 => 2",
                "`false ? \"a\" : 1` => `\"1\"`",
                "`true ? 1 : \"a\"` => `\"1\"`",
                "`true ? [1, true] : [\"a\", \"b\"]` => `[\"1\",\"true\"]`",
                "`true ? [1] : [\"a\", 2]` => `[\"1\"]`",
                "`true ? {a = 1} : {b = \"x\"}` => `{\"a\":\"1\"}`",
                "`true ? null : 1` => null",
                "`false ? {a = 1}.b : 2` => 2",
                "[1, 2, 3][1] => 2",
                "[1, [2, 3]][1][0] => 2",
                "`{a = {b = \"c\"}}.a.b` => `\"c\"`",
                "`{a = 1}[\"a\"]` => 1",
                "`[{n = 1}, {n = 2}][*].n` => `[1,2]`",
                "`[{n = [5]}, {n = [6]}].*.n` => `[[5],[6]]`",
                "`[{n = [5]}, {n = [6]}][*].n[0]` => `[5,6]`",
                "`[[{n = 1}], [{n = 2}]][*][*].n` => `[[1],[2]]`",
                "`[[{n = 1}], [{n = 2}]][*][0].n` => `[1,2]`",
                "`[{s = \"a\"}, {s = \"b\"}][*].s[*]` => `[[\"a\"],[\"b\"]]`",
                "`[{n = [{m = 1}, {m = 2}]}][*].n.*.m` => `[[1,2]]`",
                "`[{n = 1}, {n = 2}].*.n[1]` => 2",
                "`[for x in [1, 2, 3] : x * 2 if x > 1]` => `[4,6]`",
                "`{for k, v in {b = 2, a = 1} : v => k}` => `{\"1\":\"a\",\"2\":\"b\"}`",
                "`{for x in [\"a\", \"b\", \"a\"] : x => x...}` => `{\"a\":[\"a\",\"a\"],\"b\":[\"b\"]}`",
                "`[for i, x in [\"a\", \"b\"] : \"${i}${x}\"]` => `[\"0a\",\"1b\"]`",
                "`\"n=${1 + 1}\"` => `\"n=2\"`",
                "`\"${true}\"` => true",
                "`\"$${x} %%{y}\"` => `\"${x} %{y}\"`",
                "`\"a\\tb\\n\\\"\\\\\"` => `\"a\\tb\\n\\\"\\\\\"`",
                "`\"\\u00e9\\U0001F600\"` => `\"é😀\"`",
                "`\"%{if 1 < 2}yes%{else}no%{endif}\"` => `\"yes\"`",
                "`\"%{for x in [1, 2]}[${x}]%{endfor}\"` => `\"[1][2]\"`",
                "`\"a  ${~ \"b\" ~}  c\"` => `\"abc\"`",
                "`\"${~ true ~}\"` => true",
                "`\" ${~ true ~} \"` => `\"true\"`",
                "`\"a\u00a0${~ \"b\" ~}\u3000c\"` => `\"abc\"`",
                "`\"e\\u0301\"` => `\"\u00e9\"`",
                "`\"an\u0303o\" == \"a\u00f1o\"` => true",
                "`\"${\"e\"}\u0301\" == \"\u00e9\"` => true",
                "`concat([1], [2, 3])` => `[1,2,3]`",
                "`format(\"%s-%d-%q\", \"a\", 2, \"b\")` => `\"a-2-\\\"b\\\"\"`",
                "`join(\",\", [\"a\", \"b\"])` => `\"a,b\"`",
                "`split(\",\", \"a,b\")` => `[\"a\",\"b\"]`",
                "`length({a = 1, b = 2})` => 2",
                "`max(1, 5, 3) + min(4, 2)` => 7",
                "`merge({a = 1}, {a = 2, b = 3})` => `{\"a\":2,\"b\":3}`",
                "`lookup({a = 1}, \"b\", 9)` => 9",
                "`[[1], [2]]...` => `[1,2]`",
                "`min([3, 1, 2]...)` => 1",
                "`range(3)` => `[0,1,2]`",
                "`upper(\"eth\") == \"ETH\"` => true",
                // HCL's trimspace: every Unicode white space, the no-break spaces and NEL included
                "`trimspace(\" \\t\\u00a0\\u0085\\u202fa b\\u3000\\u2003\\n\")` => `\"a b\"`",
                "`env(\"TOKEN\")` => `{\"deferred\":\"env\",\"argument\":\"TOKEN\"}`",
            })
    void evaluates(String expression, String expected) {
        if (expression.endsWith("...")) {
            // expansion is only valid as the last argument of a call
            assertThat(eval("concat(" + expression + ")")).isEqualTo(expected);
            return;
        }
        assertThat(eval(expression)).isEqualTo(expected);
    }

    @Test
    void heredocsKeepTheirTextAndFlushedOnesLoseTheCommonIndent() {
        JsonNode json = evalFile("a = <<EOT\n  x\n    y\nEOT\nb = <<-EOT\n    x\n      y\n    EOT\n", Map.of());
        assertThat(json.get("a").asText()).isEqualTo("  x\n    y\n");
        assertThat(json.get("b").asText()).isEqualTo("x\n  y\n");
    }

    @Test
    void flushedHeredocsCountUnicodeWhitespaceAndKeepBlankLines() {
        JsonNode json = evalFile(
                "a = <<-EOT\n\u3000\u3000x\n\u3000\u3000\u3000y\n  EOT\n"
                        + "b = <<-EOT\n    x\n      \n    y\n    EOT\n"
                        + "c = <<-EOT\n\t\tx\n\t\t\ty\n\tEOT\n",
                Map.of());
        assertThat(json.get("a").asText()).isEqualTo("x\n\u3000y\n");
        assertThat(json.get("b").asText()).isEqualTo("x\n      \ny\n");
        assertThat(json.get("c").asText()).isEqualTo("x\n\ty\n");
    }

    @Test
    void localsAndVariablesResolveInAnyOrder() {
        String text = """
            locals {
              b = local.a + 1
              a = var.base * 2
            }
            variable "base" {
              type    = number
              default = 10
            }
            variable "names" {
              default = ["x"]
            }
            v = local.b
            n = var.names
            """;
        assertThat(evalFile(text, Map.of()).toString()).isEqualTo("{\"v\":21,\"n\":[\"x\"]}");
        assertThat(evalFile(text, Map.of("base", "1", "names", "[\"p\", \"q\"]"))
                        .toString())
                .isEqualTo("{\"v\":3,\"n\":[\"p\",\"q\"]}");
    }

    @Test
    void anUntypedVariableTakesTheTextAsTypedUnlessItIsAListOrAMap() {
        String text = """
            variable "user" {
              default = "x"
            }
            variable "flag" {
              default = "x"
            }
            variable "port" {
              type    = number
              default = 1
            }
            u = var.user
            f = var.flag
            p = var.port
            sum = var.user + 1
            """;
        assertThat(evalFile(text, Map.of("user", "007", "flag", "true", "port", "007"))
                        .toString())
                .isEqualTo("{\"u\":\"007\",\"f\":\"true\",\"p\":7,\"sum\":8}");
    }

    @Test
    void undeclaredAndMissingVariablesAreReported() {
        String text = "variable \"need\" {}\nv = var.need\n";
        Document document = Document.load(List.of(new SourceFile("t.hcl", text)), Map.of("nede", "1"));
        DocumentJson.toJson(document);
        assertThat(document.diagnostics())
                .extracting(Diagnostic::summary)
                .containsExactly("Undeclared variable \"nede\"", "No value for variable \"need\"");
        assertThat(document.diagnostics().get(0).hints()).containsExactly("did you mean \"need\"?");
    }

    @Test
    void oneMistakeIsReportedOnceHoweverMuchDependsOnIt() {
        Document document = Document.load(
                List.of(new SourceFile("t.hcl", "v = [nope + 1, \"${nope}\", {a = nope}.a]\n")), Map.of());
        DocumentJson.toJson(document);
        assertThat(document.diagnostics())
                .extracting(Diagnostic::summary)
                .containsExactly("Unknown variable \"nope\"", "Unknown variable \"nope\"", "Unknown variable \"nope\"");
    }

    @Test
    void logicalOperatorsStillReportBothSidesWhenTheLeftSideFails() {
        Document document =
                Document.load(List.of(new SourceFile("t.hcl", "a = nope && nada\nb = true && \"yes\"\n")), Map.of());
        DocumentJson.toJson(document);
        assertThat(document.diagnostics())
                .extracting(d ->
                        d.subject().start().line() + ":" + d.subject().start().column() + " " + d.summary())
                .containsExactly(
                        "1:5 Unknown variable \"nope\"", "1:13 Unknown variable \"nada\"", "2:13 Invalid operand");
    }

    @Test
    void theBranchNotTakenNeitherReportsNorHidesErrors() {
        String text = """
            locals {
              peer = null
              bad  = nope
            }
            a = local.peer == null ? "none" : local.peer.address
            b = true ? 1 : local.bad
            c = local.bad
            """;
        Document document = Document.load(List.of(new SourceFile("t.hcl", text)), Map.of());
        assertThat(DocumentJson.toJson(document).get("a").asText()).isEqualTo("none");
        assertThat(document.diagnostics())
                .extracting(d -> d.subject().start().line() + " " + d.summary())
                .containsExactly("3 Unknown variable \"nope\"");
    }

    @Test
    void rangeRefusesToExhaustMemory() {
        Document document = Document.load(List.of(new SourceFile("t.hcl", "v = range(100000000)\n")), Map.of());
        DocumentJson.toJson(document);
        assertThat(document.diagnostics())
                .singleElement()
                .satisfies(d -> assertThat(d.detail()).contains("limit is 1000000"));
    }
}
