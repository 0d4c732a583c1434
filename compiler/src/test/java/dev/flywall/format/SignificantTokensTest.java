package dev.flywall.format;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The guard that formatting changed whitespace only. */
class SignificantTokensTest {

    @Test
    void acceptsWhitespaceChanges() {
        assertThatCode(() -> SignificantTokens.requireSame(
                        "\n a=1   # note  \r\n/* x  \r\n y */\n", "a = 1 # note\n/* x\n y */\n"))
                .doesNotThrowAnyException();
    }

    @Test
    void rejectsAChangedToken() {
        assertThatThrownBy(() -> SignificantTokens.requireSame("a = 1\n", "a = 2\n"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("formatter bug: token NUMBER \"1\" at 1:5 became NUMBER \"2\" at 1:5");
    }

    @Test
    void rejectsALostToken() {
        assertThatThrownBy(() -> SignificantTokens.requireSame("a = 1 # c\n", "a = 1\n"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("formatter bug: 4 significant tokens became 3");
    }

    @Test
    void rejectsChangedSpaceInsideAString() {
        assertThatThrownBy(() -> SignificantTokens.requireSame("a = \"x  y\"\n", "a = \"x y\"\n"))
                .isInstanceOf(IllegalStateException.class);
    }
}
