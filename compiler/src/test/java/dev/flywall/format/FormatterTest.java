package dev.flywall.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Single rules of the formatter, and its guards; the golden pairs cover whole files. */
class FormatterTest {

    static Stream<Arguments> oneLiners() {
        return Stream.of(
                Arguments.of(
                        "unary minus after =>", "x = {for k, v in m : k=>- v}", "x = { for k, v in m : k => -v }\n"),
                Arguments.of("unary minus in interpolation", "x = \"${ - a }\"", "x = \"${-a}\"\n"),
                Arguments.of("binary minus after a bracket", "x = a[0]-b", "x = a[0] - b\n"),
                Arguments.of("bang", "x = ! a", "x = !a\n"),
                Arguments.of(
                        "keyword before parenthesis", "x = [for v in(a): v if(v)]", "x = [for v in (a) : v if (v)]\n"),
                Arguments.of("trailing comma before ]", "x = [1 , 2 , ]", "x = [1, 2,]\n"),
                Arguments.of("trailing comma before }", "x = {a = 1 ,}", "x = { a = 1, }\n"),
                Arguments.of("ellipsis", "x = f(a , b ...)", "x = f(a, b...)\n"),
                Arguments.of("strip markers", "x = \"${ ~ a ~ }\"", "x = \"${~a~}\"\n"),
                Arguments.of("object key colon", "x = {a:1}", "x = { a : 1 }\n"),
                Arguments.of("namespaced function", "x = a :: b ( 1 )", "x = a::b(1)\n"),
                Arguments.of("empty braces", "b {  }", "b {}\n"),
                Arguments.of("index after string", "x = \"ab\" [0]", "x = \"ab\"[0]\n"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("oneLiners")
    void formatsOneLiner(String rule, String input, String expected) {
        assertThat(Formatter.format(input)).isEqualTo(expected);
    }

    @Test
    void emptyAndBlankInputBecomeEmpty() {
        assertThat(Formatter.format("")).isEmpty();
        assertThat(Formatter.format("\n \n\t\n")).isEmpty();
    }

    @Test
    void keepsLeadingBlankLinesAsTerraformDoes() {
        assertThat(Formatter.format("\n\n# c\na = 1\n")).isEqualTo("\n\n# c\na = 1\n");
        assertThat(Formatter.format("  \n\t\na  =  1\n")).isEqualTo("\n\na = 1\n");
    }

    @Test
    void endsWithExactlyOneNewline() {
        assertThat(Formatter.format("a = 1")).isEqualTo("a = 1\n");
        assertThat(Formatter.format("a = 1\n\n\n")).isEqualTo("a = 1\n");
        assertThat(Formatter.format("a = 1 # c")).isEqualTo("a = 1 # c\n");
    }

    @Test
    void convertsCrlfToLfEverywhere() {
        String input = "a = 1\r\nb {\r\n  c = <<EOT\r\n  x\r\n  EOT\r\n}\r\n";
        assertThat(Formatter.format(input)).isEqualTo("a = 1\nb {\n  c = <<EOT\n  x\n  EOT\n}\n");
    }

    @Test
    void keepsSeveralBlankLinesAsTerraformDoes() {
        assertThat(Formatter.format("a = 1\n\n\n\nb = 2\n")).isEqualTo("a = 1\n\n\n\nb = 2\n");
    }

    @Test
    void keepsALoneCarriageReturnInsideStringsAndHeredocs() {
        // A carriage return without a line feed is text inside strings and heredocs. (It once matched
        // no lexer rule, and ANTLR dropped it with the next character; the coverage guard in
        // SignificantTokens stays as a net for any future gap.)
        assertThat(Formatter.format("a=\"x\ry\"\n")).isEqualTo("a = \"x\ry\"\n");
        assertThat(Formatter.format("h = <<EOT\nx\ry\nEOT\n")).isEqualTo("h = <<EOT\nx\ry\nEOT\n");
    }

    @Test
    void rejectsNull() {
        assertThatNullPointerException().isThrownBy(() -> Formatter.format(null));
    }
}
