package dev.flywall.syntax;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flywall.diag.TextRenderer;
import dev.flywall.source.SourceFile;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Syntax errors, each with the exact text a user sees: the message, the span under the carets
 * and the note. One diagnostic per mistake: recovery must not add follow-on errors.
 */
class ParserErrorMessagesTest {

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("cases")
    void rendersTheExactDiagnostic(String input, String expected) {
        SourceFile file = new SourceFile("t.hcl", input);
        Document document = Document.load(List.of(file), Map.of());
        DocumentJson.toJson(document);
        String rendered = new TextRenderer(false).render(document.diagnostics(), name -> file);
        assertThat(rendered).isEqualTo(expected);
        assertThat(document.diagnostics()).hasSize(1);
    }

    private static Arguments error(String input, String expected) {
        return Arguments.of(input, expected);
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                error("a = true ? 1 : false\n", """
                error[E0211]: Inconsistent conditional result types
                 --> t.hcl:1:12
                  |
                1 | a = true ? 1 : false
                  |            ^^^^^^^^^
                  = note: The true and false results must have consistent types. The 'true' value is number, but the 'false' value is bool.

                """),
                error("a = [[1, [2, 3]]].0.1\n", """
                error[E0121]: Invalid legacy index syntax
                 --> t.hcl:1:19
                  |
                1 | a = [[1, [2, 3]]].0.1
                  |                   ^^^
                  = note: Legacy indexes cannot be chained: 0.1 reads as one number. Use the index syntax instead, like [0][1].

                """),
                error("a = [[\"x\"]].*.*\n", """
                error[E0121]: Nested splat expression not allowed
                 --> t.hcl:1:15
                  |
                1 | a = [["x"]].*.*
                  |               ^
                  = note: A splat expression (*) cannot be used inside another attribute-only splat expression. Use a full splat [*] instead.

                """),
                error("a = {b.c = 1}\n", """
                error[E0210]: Ambiguous attribute key
                 --> t.hcl:1:6
                  |
                1 | a = {b.c = 1}
                  |      ^^^
                  = note: If this key is meant as a reference, wrap it in parentheses to use its value. If it is meant as a literal name containing periods, wrap it in quotes to make it a string.

                """),
                error("a = 1;\n", """
                error[E0101]: Invalid character
                 --> t.hcl:1:6
                  |
                1 | a = 1;
                  |      ^ semicolon
                  = note: The ";" character is not valid. Use newlines to separate arguments and blocks, and commas to separate items in collection values.

                """),
                error("a = 'x'\n", """
                error[E0101]: Invalid character
                 --> t.hcl:1:5
                  |
                1 | a = 'x'
                  |     ^ single quote
                  = note: Single quotes are not valid. Use double quotes (") to enclose strings.

                """),
                error("a = @\n", """
                error[E0101]: Invalid character
                 --> t.hcl:1:5
                  |
                1 | a = @
                  |     ^ not valid here
                  = note: The character "@" is not used within HCL syntax outside strings and comments.

                """),
                error("a = \"abc\nb = 2\n", """
                error[E0102]: Unterminated string
                 --> t.hcl:1:5
                  |
                1 | a = "abc
                  |     ^^^^ this string is not closed
                  = note: A quoted string must end with " on the same line. For text over several lines use a heredoc (<<EOT ... EOT).

                """),
                error("x = <<EOT\nhello\n", """
                error[E0103]: Unterminated heredoc
                 --> t.hcl:1:5
                  |
                1 | x = <<EOT
                  |     ^^^^^ opened here
                  = note: The heredoc has no closing line "EOT"; add it on a line of its own.

                """),
                error("a = [1, 2\nb = 3\n", """
                error[E0104]: Missing closing bracket
                 --> t.hcl:1:5
                  |
                1 | a = [1, 2
                  |     ^ this "[" is not closed
                  = note: The list opened here is never closed. Add "]" after its last item.

                """),
                error("a {\n  b = 1\n", """
                error[E0104]: Missing closing brace
                 --> t.hcl:1:3
                  |
                1 | a {
                  |   ^ this "{" is not closed
                  = note: The block "a" opened here is never closed. Add "}" after its last line.

                """),
                error("}\n", """
                error[E0105]: Unexpected closing brace
                 --> t.hcl:1:1
                  |
                1 | }
                  | ^
                  = note: This "}" closes nothing: no block is open here. Remove it, or look for a block above that was closed too early.

                """),
                error("a = ]\n", """
                error[E0107]: Missing expression
                 --> t.hcl:1:5
                  |
                1 | a = ]
                  |     ^ found "]"
                  = note: Expected a value after "=": a number, a quoted string, true/false, a list [ ], an object { } or a reference.

                """),
                error("priority 1\n", """
                error[E0106]: Expected "=" after the argument name "priority"
                 --> t.hcl:1:10
                  |
                1 | priority 1
                  |          ^
                  = note: An argument is written as name = value; a block as type "label" { ... }.

                """),
                error("a == 1\n", """
                error[E0106]: Expected "=" after the argument name "a"
                 --> t.hcl:1:3
                  |
                1 | a == 1
                  |   ^^
                  = note: Use a single "=" to set an argument; "==" compares values.

                """),
                error("a: 1\n", """
                error[E0106]: Expected "=" after the argument name "a"
                 --> t.hcl:1:2
                  |
                1 | a: 1
                  |  ^
                  = note: Arguments are set with "="; ":" is only used inside object values.

                """),
                error("a = \nb = 2\n", """
                error[E0107]: Missing expression
                 --> t.hcl:1:5
                  |
                1 | a =\s
                  |     ^ found newline
                  = note: Expected a value after "=": a number, a quoted string, true/false, a list [ ], an object { } or a reference.

                """),
                error("a = 1 +\nb = 2\n", """
                error[E0107]: Missing operand
                 --> t.hcl:1:8
                  |
                1 | a = 1 +
                  |        ^
                  = note: The "+" operator needs an expression on its right. To continue an expression on the next line, wrap it in parentheses.

                """),
                error("a = 1 2\n", """
                error[E0108]: Missing newline after argument
                 --> t.hcl:1:7
                  |
                1 | a = 1 2
                  |       ^
                  = note: An argument definition must end with a newline.

                """),
                error("a = 1,\n", """
                error[E0108]: Missing newline after argument
                 --> t.hcl:1:6
                  |
                1 | a = 1,
                  |      ^
                  = note: An argument definition must end with a newline. Commas separate items of lists and objects; arguments and blocks are separated by newlines.

                """),
                error("a {}b{}\n", """
                error[E0108]: Missing newline after block
                 --> t.hcl:1:5
                  |
                1 | a {}b{}
                  |     ^
                  = note: A block definition must end with a newline.

                """),
                error("a { b {} }\n", """
                error[E0109]: Invalid single-line block definition
                 --> t.hcl:1:7
                  |
                1 | a { b {} }
                  |       ^
                  = note: A single-line block holds at most one argument and ends with "}" on the same line. Put nested blocks and further arguments on their own lines after "{".

                """),
                error("a { b = 1, c = 2 }\n", """
                error[E0109]: Invalid single-line block definition
                 --> t.hcl:1:10
                  |
                1 | a { b = 1, c = 2 }
                  |          ^
                  = note: A single-line block holds at most one argument and ends with "}" on the same line. Put nested blocks and further arguments on their own lines after "{".

                """),
                error("a \"${x}\" {\n}\n", """
                error[E0110]: Invalid block label
                 --> t.hcl:1:3
                  |
                1 | a "${x}" {
                  |   ^^^^^^
                  = note: Block labels are literal strings: interpolations and directives are not allowed in them.

                """),
                error("a \"x\" 5 {\n}\n", """
                error[E0110]: Invalid block label
                 --> t.hcl:1:7
                  |
                1 | a "x" 5 {
                  |       ^
                  = note: Block labels must be quoted strings or identifiers, as in interface "eth0" { ... }.

                """),
                error("a \"x\"\n{\n}\n", """
                error[E0109]: Missing opening brace
                 --> t.hcl:1:6
                  |
                1 | a "x"
                  |      ^
                  = note: A block definition must have its content delimited by "{" and "}", with "{" on the same line as the block type and labels.

                """),
                error("a = \"\\q\"\n", """
                error[E0111]: Invalid escape sequence
                 --> t.hcl:1:6
                  |
                1 | a = "\\q"
                  |      ^^
                  = note: The valid escapes are \\n, \\r, \\t, \\", \\\\, \\uXXXX and \\UXXXXXXXX. To write a backslash, double it: \\\\.

                """),
                error("a = \"\\u12\"\n", """
                error[E0111]: Invalid escape sequence
                 --> t.hcl:1:6
                  |
                1 | a = "\\u12"
                  |      ^^^^
                  = note: \\u must be followed by exactly 4 hexadecimal digits naming a Unicode character, as in \\u00e9.

                """),
                error("a = \"%{ if x }y\"\n", """
                error[E0114]: Unclosed template directive
                 --> t.hcl:1:6
                  |
                1 | a = "%{ if x }y"
                  |      ^^ opened here
                  = note: A %{if} directive needs a matching %{endif}.

                """),
                error("a = \"%{ endif }\"\n", """
                error[E0114]: Unexpected %{endif}
                 --> t.hcl:1:9
                  |
                1 | a = "%{ endif }"
                  |         ^^^^^
                  = note: %{endif} has no matching %{if} before it in this template.

                """),
                error("a = \"%{ foo }\"\n", """
                error[E0114]: Invalid template directive
                 --> t.hcl:1:9
                  |
                1 | a = "%{ foo }"
                  |         ^^^
                  = note: Expected "if", "for", "else", "endif" or "endfor" after "%{". To write a literal "%{", double the percent sign: "%%{".

                """),
                error("a = \"${b\"\n", """
                error[E0104]: Unclosed template interpolation
                 --> t.hcl:1:6
                  |
                1 | a = "${b"
                  |      ^^ opened here
                  = note: An interpolation that starts with "${" must end with "}".

                """),
                error("a = [1 2]\n", """
                error[E0113]: Missing comma between list items
                 --> t.hcl:1:8
                  |
                1 | a = [1 2]
                  |        ^
                  = note: Items of a list are separated by commas: ["a", "b"].

                """),
                error("a = {b = 1 c = 2}\n", """
                error[E0113]: Missing separator between object elements
                 --> t.hcl:1:12
                  |
                1 | a = {b = 1 c = 2}
                  |            ^
                  = note: Elements of an object are separated by commas or newlines.

                """),
                error("a = {b 1}\n", """
                error[E0106]: Missing "=" in object element
                 --> t.hcl:1:8
                  |
                1 | a = {b 1}
                  |        ^
                  = note: Each element of an object is written key = value (or key: value).

                """),
                error("a = f(1 2)\n", """
                error[E0113]: Missing comma between function arguments
                 --> t.hcl:1:9
                  |
                1 | a = f(1 2)
                  |         ^
                  = note: Arguments of a function call are separated by commas: f(a, b).

                """),
                error("a = [1, 2)\n", """
                error[E0105]: Mismatched closing parenthesis
                 --> t.hcl:1:10
                  |
                1 | a = [1, 2)
                  |          ^
                  = note: This ")" does not match the "[" opened at line 1, column 5; close that one with "]" first.

                """),
                error("a {\n  b = 1\n)\n", """
                error[E0105]: Mismatched closing parenthesis
                 --> t.hcl:3:1
                  |
                3 | )
                  | ^
                  = note: This ")" does not match the "{" opened at line 1, column 3; close that one with "}" first.

                """),
                error("a = [for x in y x]\n", """
                error[E0115]: Invalid for expression
                 --> t.hcl:1:17
                  |
                1 | a = [for x in y x]
                  |                 ^
                  = note: Expected ":" here. A for expression is written [for v in list : v] or {for k, v in map : k => v}.

                """),
                error("a = [for x y : x]\n", """
                error[E0115]: Invalid for expression
                 --> t.hcl:1:12
                  |
                1 | a = [for x y : x]
                  |            ^
                  = note: Expected "in" here. A for expression is written [for v in list : v] or {for k, v in map : k => v}.

                """),
                error("a = {for k, v in y : k v}\n", """
                error[E0115]: Invalid for expression
                 --> t.hcl:1:24
                  |
                1 | a = {for k, v in y : k v}
                  |                        ^
                  = note: An object for expression needs "=>" between the key and the value: {for k, v in map : k => v}.

                """),
                error("a = x ? 1\n", """
                error[E0112]: Missing ":" in conditional expression
                 --> t.hcl:1:10
                  |
                1 | a = x ? 1
                  |          ^
                  = note: A conditional is written condition ? value_if_true : value_if_false.

                """),
                error("a = b.\n", """
                error[E0112]: Invalid attribute access
                 --> t.hcl:1:7
                  |
                1 | a = b.
                  |       ^
                  = note: An attribute name, an index number or "*" is required after ".".

                """),
                error("a = 1.\n", """
                error[E0118]: Invalid number
                 --> t.hcl:1:6
                  |
                1 | a = 1.
                  |      ^
                  = note: A decimal point must be followed by digits, as in 1.5.

                """),
                error("/* x\n", """
                error[E0119]: Unterminated comment
                 --> t.hcl:1:1
                  |
                1 | /* x
                  | ^^ comment starts here
                  = note: This /* comment is never closed with */, so the rest of the file is part of it.

                """),
                error("\"zone\" = 1\n", """
                error[E0112]: Argument or block definition required
                 --> t.hcl:1:1
                  |
                1 | "zone" = 1
                  | ^ found a quoted string
                  = note: An argument name is a bare identifier, not a quoted string: write name = value.

                """),
                error("a = 1\na = 2\n", """
                error[E0116]: Duplicate argument "a"
                 --> t.hcl:2:1
                  |
                2 | a = 2
                  | ^ set again here
                  = note: The argument "a" was already set at line 1. Each argument may appear only once in a block; remove one of them.

                """),
                error("a = (1 + 2\n", """
                error[E0104]: Missing closing parenthesis
                 --> t.hcl:1:5
                  |
                1 | a = (1 + 2
                  |     ^ this "(" is not closed
                  = note: The parenthesis opened here is never closed. Add ")" after its last item.

                """),
                error("x {\n  a = [1,\n  b = 2\n}\ny = 3\n", """
                error[E0104]: Missing closing bracket
                 --> t.hcl:2:7
                  |
                2 |   a = [1,
                  |       ^ this "[" is not closed
                  = note: The list opened here is never closed. Add "]" after its last item.

                """),
                error("x = {\n  a = 1\n  b = 2\ny = 3\n", """
                error[E0104]: Missing closing brace
                 --> t.hcl:1:5
                  |
                1 | x = {
                  |     ^ this "{" is not closed
                  = note: The object opened here is never closed. Add "}" after its last line.

                """),
                error("interface \"eth0\" {\n  zone = \"WAN\"\n  wan {\n    priority = 1\n  }\n\n", """
                error[E0104]: Missing closing brace
                 --> t.hcl:1:18
                  |
                1 | interface "eth0" {
                  |                  ^ this "{" is not closed
                  = note: The block "interface" opened here is never closed. Add "}" after its last line.

                """));
    }
}
