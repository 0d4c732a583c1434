package dev.flywall.format;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flywall.grammar.HclLexer;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.antlr.v4.runtime.Token;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The layout depends on the tokens and the line breaks only: changing the blanks between tokens
 * of a fixture (never inside strings, where the lexer has no blank tokens) gives the same output.
 */
class BlanksDoNotMatterTest {

    private static final String[] BLANKS = {" ", "  ", "\t", " \t ", "    "};

    @TestFactory
    Stream<DynamicTest> respacedFixturesFormatTheSame() {
        Path dir = FmtFixtures.directory();
        return FmtFixtures.filesEndingWith(dir, FmtFixtures.INPUT_SUFFIX).stream()
                .map(file -> DynamicTest.dynamicTest(file.getFileName().toString(), () -> {
                    String source = FmtFixtures.read(file);
                    String expected = Formatter.format(source);
                    for (long seed = 1; seed <= 5; seed++) {
                        String respaced = respace(source, new Random(seed));
                        assertThat(Formatter.format(respaced))
                                .as("seed %d:%n%s", seed, respaced)
                                .isEqualTo(expected);
                    }
                }));
    }

    /** Replaces every blank run that follows a token on the same line with a random one. */
    private static String respace(String text, Random random) {
        List<Token> tokens = SignificantTokens.lex(text);
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < tokens.size(); i++) {
            Token token = tokens.get(i);
            boolean indentation = i == 0 || tokens.get(i - 1).getType() == HclLexer.NEWLINE;
            if (token.getType() == HclLexer.WS && !indentation) {
                out.append(BLANKS[random.nextInt(BLANKS.length)]);
            } else {
                out.append(token.getText());
            }
        }
        return out.toString();
    }
}
