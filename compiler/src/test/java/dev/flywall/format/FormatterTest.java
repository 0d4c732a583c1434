package dev.flywall.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Single rules of the formatter, and its guards; the golden pairs cover whole files. */
class FormatterTest {

    static Stream<Arguments> oneLiners() {
        return Stream.of(
                Arguments.of("unary minus after =>", "x = {for k, v in m : k=>- v}",
                        "x = { for k, v in m : k => -v }\n"),
                Arguments.of("unary minus in interpolation", "x = \"${ - a }\"", "x = \"${-a}\"\n"),
                Arguments.of("binary minus after a bracket", "x = a[0]-b", "x = a[0] - b\n"),
                Arguments.of("bang", "x = ! a", "x = !a\n"),
                Arguments.of("keyword before parenthesis", "x = [for v in(a): v if(v)]",
                        "x = [for v in (a) : v if (v)]\n"),
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
    void refusesInputTheLexerSkippedPartOf() {
        // A carriage return without a line feed inside a string matches no lexer rule: ANTLR
        // drops it (and the next character) and the parser reports nothing.
        assertThatThrownBy(() -> Formatter.format("a = \"x\ry\"\n"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("lexer skipped input at 1:7 (U+000D); refusing to format, the output would lose it");
    }

    @Test
    void rejectsNull() {
        assertThatNullPointerException().isThrownBy(() -> Formatter.format(null));
    }
}
