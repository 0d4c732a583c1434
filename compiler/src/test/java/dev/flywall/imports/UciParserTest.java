package dev.flywall.imports;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flywall.diag.Code;
import dev.flywall.diag.Diagnostic;
import dev.flywall.diag.TextRenderer;
import dev.flywall.source.SourceFile;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The UCI reader: what it accepts, and each mistake at its line and column. */
class UciParserTest {

    @Test
    void readsSectionsOptionsAndLists() {
        Uci uci = parse("""
                package mwan3
                # a comment
                config interface 'wan'
                \toption enabled '1'   # trailing comment
                \tlist track_ip "1.1.1.1"
                \tlist track_ip 8.8.8.8
                \toption note 'it''s'" \\"here\\""

                config rule
                \toption proto tcp
                config rule
                """);
        assertThat(uci.sections()).hasSize(3);
        Uci.Section wan = uci.sections().get(0);
        assertThat(wan.type()).isEqualTo("interface");
        assertThat(wan.name()).isEqualTo("wan");
        assertThat(wan.value("enabled")).contains("1");
        assertThat(wan.all("track_ip")).extracting(Uci.Option::value).containsExactly("1.1.1.1", "8.8.8.8");
        assertThat(wan.all("track_ip")).allMatch(Uci.Option::list);
        assertThat(wan.value("note")).contains("its \"here\"");
        assertThat(uci.sections().get(1).name()).isEqualTo("@rule[0]");
        assertThat(uci.sections().get(1).anonymous()).isTrue();
        assertThat(uci.sections().get(2).name()).isEqualTo("@rule[1]");
        assertThat(uci.sections().get(2).options()).isEmpty();
    }

    @Test
    void theLastOptionWins() {
        Uci uci = parse("config a 'b'\noption x '1'\noption x '2'\n");
        assertThat(uci.sections().get(0).value("x")).contains("2");
    }

    @Test
    void emptyValuesAndEmptyFilesAreFine() {
        assertThat(parse("").sections()).isEmpty();
        assertThat(parse("config a 'b'\n\toption x ''").sections().get(0).value("x"))
                .contains("");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            config interface 'wan|1:18|Unterminated string|this quote is not closed
            config a 'b'\\n\\toption x "y|2:11|Unterminated string|this quote is not closed
            option enabled '1'|1:1|Option outside a section|no config line before this
            config a 'b'\\n\\toptoin x '1'|2:2|Unknown UCI statement|not config, option, list or package
            config|1:7|Missing value|expected one more word here
            config a 'b'\\n\\toption x|2:10|Missing value|expected one more word here
            config a 'b'\\n\\tlist|2:6|Missing value|expected 2 more words here
            config interface 'wan' extra|1:24|Extra words|not expected here
            config a 'b'\\n\\toption x 1 2 3|2:13|Extra words|not expected here
            config interface 'w-an'|1:18|Invalid section name|not a valid section name
            config a 'b'\\n\\toption track.ip '1'|2:9|Invalid option name|not a valid option name
            config 'in terface' 'wan'|1:8|Invalid section type|not a valid section type
            config a ''|1:10|Invalid section name|empty
            package|1:8|Missing value|expected one more word here
            """)
    void reportsMistakesWithTheirPosition(String input, String position, String summary, String label) {
        SourceFile source = new SourceFile("mwan3", input.replace("\\n", "\n").replace("\\t", "\t"));
        UciParser.Result result = UciParser.parse(source);
        assertThat(result.diagnostics()).hasSize(1);
        Diagnostic d = result.diagnostics().get(0);
        assertThat(d.code()).isEqualTo(Code.E0701);
        assertThat(d.isError()).isTrue();
        assertThat(d.summary()).isEqualTo(summary);
        assertThat(d.label()).isEqualTo(label);
        assertThat(d.subject().start().toString()).isEqualTo(position);
    }

    @Test
    void reportsEveryBrokenLineAndSkipsTheOptionsOfABrokenSection() {
        UciParser.Result result = UciParser.parse(new SourceFile("mwan3", """
                config interface 'w-an'
                \toption enabled '1'
                config member 'm'
                \toption metric '1' '2'
                \tfoo bar
                config rule 'ok'
                \toption proto 'tcp'
                """));
        assertThat(result.diagnostics())
                .extracting(d -> d.subject().start() + " " + d.summary())
                .containsExactly("1:18 Invalid section name", "4:20 Extra words", "5:2 Unknown UCI statement");
        assertThat(result.uci().sections()).extracting(Uci.Section::name).containsExactly("m", "ok");
    }

    @Test
    void rendersLikeLint() {
        SourceFile source = new SourceFile("/etc/config/mwan3", "config interface 'wan'\n\toption enabled '1\n");
        UciParser.Result result = UciParser.parse(source);
        StringWriter text = new StringWriter();
        new TextRenderer(false).write(result.diagnostics(), name -> source, new PrintWriter(text, true));
        assertThat(text.toString()).isEqualTo("""
                        error[E0701]: Unterminated string
                         --> /etc/config/mwan3:2:17
                          |
                        2 |     option enabled '1
                          |                    ^^ this quote is not closed
                          = note: A quoted value must end on its line with the same quote.

                        """);
    }

    @Test
    void importOfABrokenFileGivesDiagnosticsAndNoText() {
        Mwan3Import.Result result = Mwan3Import.convert(
                new SourceFile("mwan3", "config interface 'wan'\n"),
                Optional.of(new SourceFile("network", "config interface 'wan'\n\toption device\n")));
        assertThat(result.hasErrors()).isTrue();
        assertThat(result.hcl()).isEmpty();
        assertThat(result.diagnostics()).extracting(d -> d.subject().toString()).containsExactly("network:2:15");
    }

    private static Uci parse(String text) {
        UciParser.Result result = UciParser.parse(new SourceFile("mwan3", text));
        assertThat(result.diagnostics()).isEmpty();
        return result.uci();
    }
}
