package dev.flywall.syntax;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flywall.grammar.HclLexer;
import dev.flywall.source.SourceFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.antlr.v4.runtime.BailErrorStrategy;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.atn.PredictionMode;
import org.antlr.v4.runtime.misc.ParseCancellationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The pass without a parse tree ({@link RuleEventBuilder}) builds exactly the records and
 * diagnostics {@link TreeBuilder} builds from the tree: compared on every example, the literal
 * and expression cases, generated configurations and damaged versions of them; and it really is
 * the pass that builds them, not the fallback, for everything but splats and diagnostics.
 */
class RuleEventBuilderTest {

    private static final long SEED = 0x7EE1E55L;
    private static final int MUTATIONS_PER_KIND = 150;

    /** Every construct the builder handles itself, and the subtrees it hands to TreeBuilder. */
    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "a = 1",
                "a = 1\n\n\nb = 2\n",
                "a {}\n",
                "a {}",
                "a { b = 1 }\n",
                "a \"b\" c \"\" {\n  d = true\n}\n",
                "a /* x */ b /* y */ { /* z */ c = 1 /* w */ }\n",
                "a = 1 /* after */\nb { c = 2 } /* after */\n/* end */",
                "a = 1\r\nb {\r\n  c = 2\r\n}\r\n",
                "n = [0, 1.0, 1e10, 1E-3, 2.5e+3, -4, !true, null, false]\n",
                "t = [\n  1,\n  2,\n]\ne = []\n",
                "o = {\n  a = 1\n  b : 2,\n  \"c\" = 3, d = 4,\n  (\"e\") = 5\n}\nempty = {}\n",
                "x = 1 + 2 * 3 - 4 / 5 % 6 == 7 != 8 < 9 > 1 <= 2 >= 3 && true || false\n",
                "c = a ? b : c ? d : e\np = (1 + 2) * -(3)\n",
                "f = upper(\"a\")\ng = concat([1], [2]...)\nh = provider::ns::fn(1, 2,)\ni = x /* c */ :: y ()\n",
                "v = var.a.b[0].c.0[\"k\"]\nw = local.list.1\n",
                "s = \"plain\"\nt = \"with ${interp}\"\nu = \"%{ if x }y%{ endif }\"\nw = \"a$b%c\\\\d\\n\"\n",
                "h = <<EOT\nline ${x}\nEOT\nk = <<-EOT\n    indented\n    EOT\n",
                "l = [for x in y : x if x != 1]\nm = {for k, v in z : k => v...}\n",
                "block \"label\" \"two\" {\n  inner { deeper = \"x\" }\n}\n",
                "u = \"ü\"\nzone_é = \"e\u0301\"\n",
                "for = 1\nif = 2\nin = 3\nendif = 4\nnull_ = null\n",
            })
    void buildsWhatTreeBuilderBuilds(String text) {
        SourceFile source = new SourceFile("t.hcl", text);
        assertSameBothWays(source);
        assertThat(withoutTree(source)).as("built without the tree").isNotNull();
    }

    @Test
    void leavesSplatsAndDiagnosticsToTheTreePath() {
        for (String text : List.of(
                "a = b[*].c\n",
                "a = b.*.c\n",
                "a = 1\na = 2\n",
                "a \"${x}\" {}\n",
                "n = 1e99999\n",
                "s = \"bad \\q escape\"\n",
                "v = a.0.1\n")) {
            SourceFile source = new SourceFile("t.hcl", text);
            assertSameBothWays(source);
            assertThat(withoutTree(source)).as("%s", text).isNull();
        }
    }

    @Test
    void examplesAndGeneratedConfigurationsAndTheirDamagedVersions() throws Exception {
        List<String> corpus = corpus();
        int built = 0;
        for (String text : corpus) {
            SourceFile source = new SourceFile("c.hcl", text);
            assertSameBothWays(source);
            built += withoutTree(source) != null ? 1 : 0;
        }
        assertThat(built)
                .as("files of %d built without the tree", corpus.size())
                .isGreaterThan(corpus.size() / 2);
        for (SourceMutation kind : SourceMutation.values()) {
            for (int i = 0; i < MUTATIONS_PER_KIND; i++) {
                long seed = SEED + kind.ordinal() * 1_000_003L + i;
                String damaged = kind.apply(corpus.get(i % corpus.size()), new Random(seed));
                assertSameBothWays(new SourceFile("m.hcl", damaged));
            }
        }
    }

    private static void assertSameBothWays(SourceFile source) {
        ParseResult fast = Parser.parse(source, true);
        ParseResult tree = Parser.parse(source, false);
        assertThat(fast.diagnostics()).as("diagnostics of:%n%s", source.text()).isEqualTo(tree.diagnostics());
        assertThat(fast.file()).as("records of:%n%s", source.text()).isEqualTo(tree.file());
    }

    /** The records of the pass without a tree, or null when it gave the file to the tree path. */
    private static ConfigFile withoutTree(SourceFile source) {
        HclLexer lexer = new HclLexer(CharStreams.fromString(source.text(), source.name()));
        lexer.keepTrivia(false);
        lexer.removeErrorListeners();
        CommonTokenStream tokens = new CommonTokenStream(lexer);
        tokens.fill();
        RuleEventBuilder parser = new RuleEventBuilder(source, tokens.getTokens(), lexer);
        parser.removeErrorListeners();
        parser.getInterpreter().setPredictionMode(PredictionMode.SLL);
        parser.setErrorHandler(new BailErrorStrategy());
        try {
            parser.configFile();
        } catch (ParseCancellationException | RuleEventBuilder.Abandoned e) {
            return null;
        }
        return parser.result();
    }

    private static List<String> corpus() throws Exception {
        List<String> corpus = new ArrayList<>();
        for (Path example : Hcl4jDifferentialTest.goodExamples()) {
            corpus.add(Files.readString(example));
        }
        for (Path literal : Hcl4jDifferentialTest.literalResources()) {
            corpus.add(Files.readString(literal));
        }
        corpus.addAll(hclFiles(Path.of("..", "examples", "invalid")));
        corpus.addAll(
                hclFiles(Path.of(RuleEventBuilderTest.class.getResource("/fmt").toURI())));
        corpus.add(Files.readString(Path.of(RuleEventBuilderTest.class
                .getResource("/hcl-expressions/expressions.hcl")
                .toURI())));
        IntStream.range(0, 20).mapToObj(Hcl4jDifferentialTest::generated).forEach(corpus::add);
        return corpus;
    }

    private static List<String> hclFiles(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<String> texts = new ArrayList<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p :
                    files.filter(p -> p.toString().endsWith(".hcl")).sorted().toList()) {
                texts.add(Files.readString(p));
            }
        }
        return texts;
    }
}
