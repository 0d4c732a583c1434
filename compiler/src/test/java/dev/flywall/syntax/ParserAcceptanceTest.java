package dev.flywall.syntax;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flywall.source.SourceFile;
import dev.flywall.source.SourcePos;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What HashiCorp's HCL accepts is accepted here and what it rejects is rejected, across every
 * construct of the native syntax; every node knows its exact position.
 */
class ParserAcceptanceTest {

    private static ParseResult parse(String text) {
        return Parser.parse(new SourceFile("t.hcl", text));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "\n\n# only a comment\n// another\n/* and\n a block one */\n",
                "a = 1\n",
                "a = 1",
                "a {}\n",
                "a \"b\" c \"d\" {}\n",
                "a { b = 1 }\n",
                "a { b = { c = [1, 2] } }\n",
                "a {} # trailing comment\n",
                "a { # comment after brace\n  b = 1\n}\n",
                "a {\n  b {\n    c \"x\" {\n      d = true\n    }\n  }\n}\n",
                "a = 1\r\nb {\r\n  c = 2\r\n}\r\n",
                "a-b_c = 1\nzone_é = \"ü\"\n_x = null\n",
                "for = 1\nif = 2\nin = 3\nendif = 4\n",
                "n = [0, 1.0, 1e10, 1E-3, 2.5e+3, -4]\n",
                "t = [\n  1,\n  2,\n]\n",
                "o = {\n  a = 1\n  b : 2,\n  \"c\" = 3, d = 4,\n  (\"e\") = 5\n}\n",
                "o = {a = 1, b = 2,}\n",
                "e = (1 +\n  2) * 3\n",
                "c = f(\n  1,\n  2,\n)\n",
                "c = f(xs...)\n",
                "c = provider::ns::fn(1)\n",
                "c = x ? 1 : y ? 2 : 3\n",
                "c = !a && -b > 3 || c != d\n",
                "c = (\n  a\n  ? b\n  : c\n)\n",
                "r = a.b[0].c.0\n",
                "s = a.*.b\nt = a[*].b[0].c\n",
                "s = a[*][*].b\nt = a[*].b[*]\nu = a[*].*.b[0].*.c\nv = a.*.b[0].*\n",
                "o = {(var.x) = 1, \"var.x\" = 2, x = 3}\n",
                "f = [for x in xs : x if x != \"\"]\n",
                "f = [\n  for i, x in xs :\n  x\n]\n",
                "f = {for k, v in m : k => v... if v != null}\n",
                "f = {\n  for k, v in m :\n  k => v\n}\n",
                "s = \"\"\n",
                "s = \"cost: $ and 100% and $$ and %%\"\n",
                "s = \"$${not} %%{directive}\"\n",
                "s = \"${\"nested ${\"deep\"}\"}\"\n",
                "s = \"${ {a = 1}.a }\"\n",
                "s = \"%{if a}x%{else}y%{endif}%{for v in l}${v}%{endfor}\"\n",
                "s = \"%{~ if a ~} x %{~ endif ~}\"\n",
                "h = <<EOT\nplain ${x} %{if y}z%{endif}\nEOT\n",
                "h = <<-EOT\n    indented\n      more\n    EOT\n",
                "h = <<EOT\n  closing marker may be indented\n  EOT\n",
                "h = [<<EOT\nin a list\nEOT\n, 2]\n",
                "h = f(<<EOT\narg\nEOT\n)\n",
                "h = <<EOT\nEOT\n",
                "h = <<EOT\n\\n is not an escape here\nEOT\n",
                "x = \"\\u00e9 \\U0001F600 \\t \\\" \\\\\"\n",
                // the schema, not the syntax, decides these (decode reports E0301/E0302, evaluation E0209)
                "a = 1\na {}\n",
                "o = {b = 1, b = 2}\n",
            })
    void acceptsValidHcl(String text) {
        ParseResult result = parse(text);
        assertThat(result.diagnostics()).as(text).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "a = 1 b = 2\n",
                "a {} b {}\n",
                "a { b = 1\n}\n",
                "a {\n  b = 1 }\n",
                "a = \"x\n",
                "a {\n",
                "a = [1,,2]\n",
                "a = {b = 1,,}\n",
                "a = <<EOT x\nEOT\n",
                "a = 1 +\n",
                "a \"${x}\" {}\n",
                "a = 1\na = 2\n",
                "a = f(1,)...\n",
                "a = b.\"c\"\n",
                "= 1\n",
                "a = 1\n}\n",
                "a = 1 ++ 2\n",
                "a = \"%{if x}\"\n",
                "a = \"%{endfor}\"\n",
                "a = [for x in y]\n",
                "a = (1 2)\n",
                "a = \"\\x\"\n",
                "r = a.b[0].c.0.1\n",
                "s = a.*.*\n",
                "s = a.*.b.*\n",
                "s = a[*].*.b.*\n",
            })
    void rejectsInvalidHcl(String text) {
        assertThat(parse(text).hasErrors()).as(text).isTrue();
    }

    @Test
    void spansCountCharactersForColumnsAndUtf8BytesForOffsets() {
        ParseResult result = parse("é = \"ü${x}\"\n  ok = 1\n");
        Attribute first = (Attribute) result.file().body().items().get(0);
        assertThat(first.nameSpan().start()).isEqualTo(new SourcePos(1, 1, 0));
        assertThat(first.nameSpan().end()).isEqualTo(new SourcePos(1, 2, 2));
        Expression.Template template = (Expression.Template) first.value();
        assertThat(template.span().start()).isEqualTo(new SourcePos(1, 5, 5));
        assertThat(template.span().end()).isEqualTo(new SourcePos(1, 12, 13));
        TemplatePart.Interpolation interp =
                (TemplatePart.Interpolation) template.parts().get(1);
        assertThat(interp.expression().span().start()).isEqualTo(new SourcePos(1, 9, 10));
        Attribute second = (Attribute) result.file().body().items().get(1);
        assertThat(second.span().start()).isEqualTo(new SourcePos(2, 3, 16));
    }

    @Test
    void blocksKeepLabelsAndNestedBodiesInSourceOrder() {
        ParseResult result = parse("interface \"eth0\" {\n  zone = \"WAN\"\n  wan {\n    priority = 1\n  }\n}\n");
        Block block = result.file().body().blocks("interface").get(0);
        assertThat(block.labels()).extracting(Block.Label::value).containsExactly("eth0");
        assertThat(block.body().items()).extracting(BodyItem::name).containsExactly("zone", "wan");
        assertThat(block.span().end()).isEqualTo(new SourcePos(6, 2, 64));
    }

    @Test
    void operatorsFollowHclPrecedence() {
        Attribute a = parse("a = 1 + 2 * 3 == 7 && !b || c\n")
                .file()
                .body()
                .attributes()
                .get(0);
        Expression.Binary or = (Expression.Binary) a.value();
        assertThat(or.op()).isEqualTo(Expression.Operator.OR);
        Expression.Binary and = (Expression.Binary) or.left();
        assertThat(and.op()).isEqualTo(Expression.Operator.AND);
        Expression.Binary eq = (Expression.Binary) and.left();
        assertThat(eq.op()).isEqualTo(Expression.Operator.EQUAL);
        assertThat(((Expression.Binary) eq.left()).op()).isEqualTo(Expression.Operator.ADD);
        assertThat(and.right()).isInstanceOf(Expression.Unary.class);
    }

    @Test
    void nestingIsLimitedWithADiagnosticNotACrash() {
        String deep = "a = " + "[".repeat(Parser.MAX_NESTING + 1) + "]".repeat(Parser.MAX_NESTING + 1) + "\n";
        ParseResult result = parse(deep);
        assertThat(result.diagnostics())
                .singleElement()
                .satisfies(d -> assertThat(d.summary()).isEqualTo("Nesting too deep"));
        String limit = "a = " + "[".repeat(Parser.MAX_NESTING) + "]".repeat(Parser.MAX_NESTING) + "\n";
        assertThat(parse(limit).diagnostics()).isEmpty();
    }
}
